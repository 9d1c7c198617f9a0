// Express: the two handlers, the widget's script, the page, its cart and the thank-you page.
import express from 'express';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInpostPay, InpostPayClient, toNodeListener } from 'inpost-pay-widget/merchant';
import { cartOf, shop } from './shop.js';

const { INPOST_PAY_CLIENT_ID = '', INPOST_PAY_CLIENT_SECRET = '', INPOST_PAY_API_URL, INPOST_PAY_TOKEN_URL, COOKIE_SECRET = '' } = process.env;
const client = new InpostPayClient({
  clientId: INPOST_PAY_CLIENT_ID, clientSecret: INPOST_PAY_CLIENT_SECRET, environment: 'sandbox', // 'production' once InPost accepted the shop
  baseUrl: INPOST_PAY_API_URL, tokenUrl: INPOST_PAY_TOKEN_URL, // only to point at a local sandbox
});
const { widgetApi, merchantApi } = createInpostPay({ client, shop, cookieSecret: COOKIE_SECRET });

const app = express();
app.use('/inpost-pay', toNodeListener(widgetApi)); // what the widgets on the page call
app.use('/inpost', toNodeListener(merchantApi)); // the merchant API URL registered with InPost Pay
const widgetScript = fileURLToPath(import.meta.resolve('inpost-pay-widget/inpost-pay.iife.js'));
app.get('/inpost-pay.iife.js', (_req, res) => res.sendFile(basename(widgetScript), { root: dirname(widgetScript) }));
app.get('/cart', async (req, res) => {
  const state = await widgetApi.stateOf(new Request(`http://shop${req.url}`, { headers: { cookie: req.headers.cookie ?? '' } }));
  res.json(cartOf(state?.basketId));
});
app.get('/thank-you', (_req, res) => res.send('<!doctype html><html lang="pl"><title>Dziękujemy</title><h1>Dziękujemy za zamówienie!</h1></html>'));
app.use(express.static('public')); // index.html: the product page
app.listen(Number(process.env.PORT ?? 3000));
