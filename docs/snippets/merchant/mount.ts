// The ways to mount the kit's handler, as the docs show them; test/node/merchant-mount.test.ts runs
// each against signed requests. The kit reads the raw body itself (the signature covers the exact
// bytes), so it goes before any body parser. Every framework hands the handler the whole path, so
// the handler is made with the prefix InPost calls: createMerchantApi({ ..., basePath: '/inpost' }).
import http from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import { toNodeListener, type MerchantApiHandler } from 'inpost-pay-widget/merchant';

export function withNodeHttp(handler: MerchantApiHandler): http.Server {
  // #region http
  const server = http.createServer(toNodeListener(handler)); // then server.listen(8080)
  // #endregion http
  return server;
}

export function withExpress(handler: MerchantApiHandler): express.Express {
  const app = express();
  // #region express
  // InPost calls https://shop.example/inpost/v1/izi/...
  app.use('/inpost', toNodeListener(handler));
  app.use(express.json()); // the shop's other routes
  // #endregion express
  return app;
}

export async function withFastify(handler: MerchantApiHandler) {
  const app = Fastify();
  // #region fastify
  const listener = toNodeListener(handler);
  await app.register(async (inpost) => {
    inpost.removeAllContentTypeParsers();
    inpost.addContentTypeParser('*', (_request, _payload, done) => done(null)); // leave the body to the kit
    inpost.all('/inpost/v1/izi/*', (request, reply) => {
      reply.hijack();
      listener(request.raw, reply.raw);
    });
  });
  // #endregion fastify
  return app;
}
