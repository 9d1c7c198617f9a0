// Hono (on @hono/node-server): c.req.raw is the Fetch Request; the client address comes from the Node socket.
import { Hono } from 'hono';
import { createInpostPay, InpostPayClient } from 'inpost-pay-widget/merchant';
import { shop } from './shop.js';

const client = new InpostPayClient({ clientId: process.env.INPOST_CLIENT_ID!, clientSecret: process.env.INPOST_CLIENT_SECRET! });
const { widgetApi, merchantApi } = createInpostPay({ client, shop, cookieSecret: process.env.COOKIE_SECRET! });

export const app = new Hono<{ Bindings: { incoming: { socket: { remoteAddress?: string } } } }>();
app.all('/inpost-pay/*', (c) => widgetApi(c.req.raw, { clientAddress: c.env.incoming.socket.remoteAddress }));
app.all('/inpost/*', (c) => merchantApi(c.req.raw));
