// Express: both handlers on one adapter, mounted before any body parser.
import express from 'express';
import { createInpostPay, InpostPayClient, toNodeListener } from 'inpost-pay-widget/merchant';
import { shop } from './shop.js';

const client = new InpostPayClient({ clientId: process.env.INPOST_CLIENT_ID!, clientSecret: process.env.INPOST_CLIENT_SECRET! });
const { widgetApi, merchantApi } = createInpostPay({ client, shop, cookieSecret: process.env.COOKIE_SECRET! });

export const app = express();
app.use('/inpost-pay', toNodeListener(widgetApi)); // the page: configure({ endpoint: '/inpost-pay' })
app.use('/inpost', toNodeListener(merchantApi)); // registered with InPost Pay as https://shop.example/inpost
