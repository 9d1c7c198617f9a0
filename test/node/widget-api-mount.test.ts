/**
 * The widget API mounted as the docs show it (Node http with the WebSocket helper, Express,
 * fastify): each answers a POST with a body and sets its cookie, and streams the event stream.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { describe, test } from 'node:test';
import express from 'express';
import Fastify from 'fastify';
import { createWidgetApi, toNodeListener } from '../../src/merchant/index.js';
import { SECRET, listen, testShop } from './widget-api-fixtures.js';

const quiet = { error: () => undefined, warn: () => undefined };

async function exercise(origin: string) {
  const added = await fetch(`${origin}/inpost-pay/can-be-bound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ productId: 'kubek' }),
  });
  assert.equal(added.status, 200);
  assert.deepEqual(await added.json(), { canBeBound: true });
  const cookies = added.headers.getSetCookie().map((line) => line.split(';')[0]);
  assert.ok(cookies.some((pair) => pair.startsWith('inpost_pay_sid=')), 'the session cookie');
  assert.equal(cookies.length, 2, 'both cookies arrive as separate Set-Cookie lines');
  const stream = await fetch(`${origin}/inpost-pay/order-events`, { headers: { cookie: cookies.join('; ') } });
  assert.equal(stream.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  while (!text.includes('data: ')) text += (await reader.read()).value ?? '';
  await reader.cancel();
  assert.match(text, /data: \{"state":\{"version":\d+,"basket_linked":false,"count":0/);
}

const api = () =>
  createWidgetApi({ client: { getBasketBinding: async () => ({ basket_linked: false, browser_trusted: false }) } as never, shop: testShop().shop, cookieSecret: SECRET, logger: quiet });
const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

describe('mounting the widget API', () => {
  test('Node http', async () => {
    const widgetApi = api();
    const server = createServer(toNodeListener(widgetApi));
    try {
      await exercise(await listen(server));
    } finally {
      widgetApi.close();
      await close(server);
    }
  });

  test('Express, before any body parser', async () => {
    const widgetApi = api();
    const app = express();
    app.use('/inpost-pay', toNodeListener(widgetApi));
    app.use(express.json());
    const server = createServer(app);
    try {
      await exercise(await listen(server));
    } finally {
      widgetApi.close();
      await close(server);
    }
  });

  test('fastify, the raw request and reply handed over', async () => {
    const widgetApi = api();
    const listener = toNodeListener(widgetApi);
    const app = Fastify();
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
      scope.all('/inpost-pay/*', (request, reply) => {
        reply.hijack();
        listener(request.raw, reply.raw);
      });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = app.server.address() as { port: number };
      await exercise(`http://127.0.0.1:${address.port}`);
    } finally {
      widgetApi.close();
      app.server.closeAllConnections();
      await app.close();
    }
  });
});
