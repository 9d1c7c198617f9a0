// Node's own http server, with the WebSocket order watch (needs the optional `ws` package).
import { createServer } from 'node:http';
import { attachWidgetSocket, createInpostPay, InpostPayClient, toNodeListener } from 'inpost-pay-widget/merchant';
import { shop } from './shop.js';

const client = new InpostPayClient({ clientId: process.env.INPOST_CLIENT_ID!, clientSecret: process.env.INPOST_CLIENT_SECRET! });
const { widgetApi, merchantApi } = createInpostPay({ client, shop, cookieSecret: process.env.COOKIE_SECRET! });
const widget = toNodeListener(widgetApi);
const merchant = toNodeListener(merchantApi);

export const server = createServer((req, res) => {
  if (req.url?.startsWith('/inpost-pay/')) return widget(req, res);
  if (req.url?.startsWith('/inpost/')) return merchant(req, res);
  res.writeHead(404).end();
});
await attachWidgetSocket(server, widgetApi); // GET /inpost-pay/order-socket
