// fastify: hand the raw request and reply to the Node listener; fastify parses no body for these routes.
import Fastify from 'fastify';
import { createInpostPay, InpostPayClient, toNodeListener } from 'inpost-pay-widget/merchant';
import { shop } from './shop.js';

const client = new InpostPayClient({ clientId: process.env.INPOST_CLIENT_ID!, clientSecret: process.env.INPOST_CLIENT_SECRET! });
const { widgetApi, merchantApi } = createInpostPay({ client, shop, cookieSecret: process.env.COOKIE_SECRET! });
const widget = toNodeListener(widgetApi);
const merchant = toNodeListener(merchantApi);

export const app = Fastify();
app.register(async (scope) => {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (_request, _payload, done) => done(null)); // the handlers read the body
  scope.all('/inpost-pay/*', (request, reply) => {
    reply.hijack();
    widget(request.raw, reply.raw);
  });
  scope.all('/inpost/*', (request, reply) => {
    reply.hijack();
    merchant(request.raw, reply.raw);
  });
});
