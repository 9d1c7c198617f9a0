/**
 * The demo shop: a reference merchant backend for InPost Pay plus its pages. Pages and routes:
 * `/` product list, `/product/<id>`, `/basket`, `/thank-you`, `/regulamin`; `/assets/*` from `dev/shop/assets/`; the
 * widget bundle at `/widget/inpost-pay.iife.js` (from `dist/`); the pages' callbacks, pushes and cart
 * forms in `izi-routes.ts`; what InPost Pay calls under `/inpost/v1/izi/...` (the merchant kit,
 * with the shop's adapter in `merchant-adapter.ts`); with the sandbox known, the QA panel's endpoints
 * in `qa-routes.ts`.
 *
 * Sessions: a visitor (cart, binding, pages watching) is created only by a request that changes
 * something, never by a page view; its id changes once the basket is bound. The rules every answer
 * follows (timeouts, nosniff, JSON-only API, same origin) are set up here.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { createMerchantApi, InpostPayClient, type InpostPayClientOptions, type MerchantShop, type SigningKeys } from '../../src/merchant/index.js';
import { ID_PATTERN } from '../../src/merchant/types.js';
import { acceptFormBodies, answerErrorsAsJson, Problem, serverUrl } from '../http.js';
import { registerIziRoutes, sameOrigin } from './izi-routes.js';
import { findProduct } from './catalog.js';
import { merchantAdapter } from './merchant-adapter.js';
import { OrderBook } from './orders.js';
import { basketPage, layout, productListPage, productPage, termsPage, thankYouPage } from './pages.js';
import { registerQaRoutes } from './qa-routes.js';
import { BindingRequestLimits, type BindingLimits } from './rate-limit.js';
import { connectShopRedis } from './redis-state.js';
import { VisitorStore, wakeWaiters, type Visitor } from './visitors.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SESSION_COOKIE = 'shop_sid';
const BROWSER_COOKIE = 'izi_browser_id';
const SESSION_COOKIE_OPTIONS = { path: '/', httpOnly: true, sameSite: 'lax' as const, signed: true };

const YEAR_S = 365 * 24 * 3600;

/** Options of {@link startShop}. */
export interface ShopOptions {
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** How to reach InPost Pay (credentials, URLs, timeouts). */
  inpost: InpostPayClientOptions;
  /**
   * InPost Pay's signing keys as its signing-keys API answers them, for offline use. Default: the
   * merchant kit fetches them through the client (`GET /v1/izi/signing-keys/public`), and again
   * when a call names a version it does not know (a key rotation).
   */
  signingKeys?: SigningKeys;
  /** Secret that signs the cookies. Default random per start. */
  cookieSecret?: string;
  /** How long a long poll (`is-bound`, `order-complete?since=`) waits before answering unchanged, ms. Default 35 000. */
  longPollMs?: number;
  /** Limits of binding requests (each pushes a notification to a phone). */
  bindingLimits?: BindingLimits;
  /** Long polls one visitor may hold open at once. Default 6. */
  maxLongPolls?: number;
  /** Order-watch WebSockets one visitor may hold open at once. Default 6. */
  maxSockets?: number;
  /** How long a replaced session id keeps working, ms. Default 5000. */
  sessionRotationGraceMs?: number;
  /** Time a client has to send a whole request (headers and body), ms. Default 10 000. */
  requestTimeoutMs?: number;
  /** A connection with no traffic for this long is closed, ms; must exceed `longPollMs`. Default `longPollMs` + 15 000. */
  idleTimeoutMs?: number;
  /** Deep link scheme for `mobile-link`. Default `inpostsandbox`. */
  deepLinkScheme?: string;
  /** The local sandbox's URL: enables the QA route that marks a browser trusted. */
  qaSandboxUrl?: string;
  /** Shown in the QA panel. */
  phoneSimulatorUrl?: string;
  /** Path of the widget bundle. Default `dist/inpost-pay.iife.js` in the repository. */
  widgetBundlePath?: string;
  /** How many visitors the shop keeps in memory. Default 10 000. */
  maxVisitors?: number;
  /** Fastify logger. Default off. */
  logger?: boolean;
  /**
   * Share visitors, orders, pushes to open pages and the merchant kit's replay store with the
   * other instances of the shop through this Redis (`redis://host:port`), for several instances
   * behind a load balancer (`redis-state.ts`). Default: all in this process's memory.
   */
  redisUrl?: string;
}

export interface Shop {
  url: string;
  close(): Promise<void>;
}

export async function startShop(options: ShopOptions): Promise<Shop> {
  const longPollMs = options.longPollMs ?? 35_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const idleTimeoutMs = options.idleTimeoutMs ?? longPollMs + 15_000;
  if (idleTimeoutMs <= longPollMs) throw new RangeError('idleTimeoutMs must exceed longPollMs: a long poll sends nothing while it waits');
  const visitorOptions = { limit: options.maxVisitors, rotationGraceMs: options.sessionRotationGraceMs };
  const shared = options.redisUrl ? await connectShopRedis({ url: options.redisUrl, visitors: visitorOptions }) : undefined;
  const visitors = shared?.visitors ?? new VisitorStore(visitorOptions);
  const orders = shared?.orders ?? new OrderBook();
  const client = new InpostPayClient(options.inpost);
  const widgetBundlePath = options.widgetBundlePath ?? `${REPO_ROOT}dist/inpost-pay.iife.js`;
  let url = '';

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 16 * 1024,
    // Slow clients cannot hold connections: a request must arrive whole within requestTimeoutMs
    // (checked every second), and a connection idle for idleTimeoutMs is closed. WebSockets are
    // exempt once upgraded (ws clears the socket timeout).
    serverFactory: (handler) => {
      const server = createServer(
        { requestTimeout: requestTimeoutMs, headersTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.min(1000, requestTimeoutMs / 2), keepAliveTimeout: 5000 },
        handler,
      );
      server.setTimeout(idleTimeoutMs);
      return server;
    },
  });

  // Every answer, whatever produced it (pages, API, errors, assets): no content sniffing.
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
  });
  // Before the cookie plugin's own onSend, which writes the cookies: a basket bound during this
  // request (or since the last one) gets a new session id with this answer (no session fixation).
  app.addHook('onSend', async (request, reply) => {
    const visitor = (request as FastifyRequest & { visitor?: Visitor }).visitor;
    // Only on an answer that can still reach the browser: a new id it never learns would lock it out.
    if (visitor?.rotateSession && !request.raw.socket.destroyed) {
      visitors.rotate(visitor);
      reply.setCookie(SESSION_COOKIE, visitor.id, SESSION_COOKIE_OPTIONS);
    }
  });

  await app.register(fastifyCookie, { secret: options.cookieSecret ?? randomBytes(32).toString('hex') });
  // With Redis: each request loads its visitor first and writes it back last (after the rotation above).
  shared?.attach(app, (request) => readSigned(request, SESSION_COOKIE));
  await app.register(fastifyWebsocket, { options: { maxPayload: 1024 } });
  await app.register(fastifyStatic, { root: `${REPO_ROOT}dev/shop/assets`, prefix: '/assets/' });

  acceptFormBodies(app);
  answerErrorsAsJson(app, 'No such page');

  // Requests that change state must come from our own pages (defence in depth besides SameSite cookies).
  // Both rules look at the route that matched, not at the raw URL: `/%61pi/...` is `/api/...`.
  app.addHook('onRequest', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD') return;
    const route = request.routeOptions.url ?? '';
    if (route.startsWith('/inpost/')) return;
    // A cross-site form can send url-encoded bodies but not JSON: the API takes JSON only.
    const type = request.headers['content-type'] ?? '';
    if (route.startsWith('/api/') && !/^application\/json\s*(;|$)/i.test(type)) {
      throw new Problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send JSON (content-type: application/json)');
    }
    if (!sameOrigin(request)) throw new Problem(403, 'FORBIDDEN_ORIGIN', 'Cross-origin request refused');
  });

  function readSigned(request: FastifyRequest, name: string): string | undefined {
    const raw = request.cookies[name];
    if (!raw) return undefined;
    const result = request.unsignCookie(raw);
    return result.valid && result.value && ID_PATTERN.test(result.value) ? result.value : undefined;
  }

  /** The visitor of the session cookie, or undefined: reading never creates a visitor. */
  function existingVisitorOf(request: FastifyRequest): Visitor | undefined {
    const visitor = visitors.get(readSigned(request, SESSION_COOKIE));
    if (visitor) (request as FastifyRequest & { visitor?: Visitor }).visitor = visitor;
    return visitor;
  }

  /** The visitor of this request, created (cookies set) when new: only requests that change something call this. */
  function visitorOf(request: FastifyRequest, reply: FastifyReply): Visitor {
    const existing = existingVisitorOf(request);
    if (existing) return existing;
    const visitor = visitors.create(readSigned(request, BROWSER_COOKIE));
    (request as FastifyRequest & { visitor?: Visitor }).visitor = visitor;
    reply.setCookie(SESSION_COOKIE, visitor.id, SESSION_COOKIE_OPTIONS);
    reply.setCookie(BROWSER_COOKIE, visitor.browserId, { ...SESSION_COOKIE_OPTIONS, maxAge: YEAR_S });
    return visitor;
  }

  /** A browser id costs the server nothing (it lives in the signed cookie only): every page view gets one. */
  function ensureBrowserId(request: FastifyRequest, reply: FastifyReply): void {
    if (!readSigned(request, BROWSER_COOKIE)) {
      reply.setCookie(BROWSER_COOKIE, `br${randomBytes(12).toString('hex')}`, { ...SESSION_COOKIE_OPTIONS, maxAge: YEAR_S });
    }
  }

  const bindingLimits = new BindingRequestLimits(options.bindingLimits);
  await registerIziRoutes(app, {
    client,
    visitors,
    visitorOf,
    existingVisitorOf,
    shopUrl: () => url,
    longPollMs,
    deepLinkScheme: options.deepLinkScheme ?? 'inpostsandbox',
    qaSandboxUrl: options.qaSandboxUrl,
    bindingLimits,
    maxLongPolls: options.maxLongPolls ?? 6,
    maxSockets: options.maxSockets ?? 6,
  });

  if (options.qaSandboxUrl) await registerQaRoutes(app, { sandboxUrl: options.qaSandboxUrl, bindingLimits, existingVisitorOf });

  const sharedAdapter = (shop: MerchantShop) => shared?.shareAdapter(shop) ?? shop;
  // The endpoints InPost Pay calls, under the prefix registered with InPost as the merchant API
  // URL: `<shop url>/inpost/v1/izi/...`. The kit checks signature, replay and shape; the adapter
  // is the shop's part.
  const merchantApi = createMerchantApi({
    ...(options.signingKeys ? { signingKeys: options.signingKeys } : { client }),
    shop: sharedAdapter(merchantAdapter({ visitors, orders, shopUrl: () => url, warn: (message, details) => app.log.warn(details, message) })),
    ...(shared ? { replayStore: shared.replayStore } : {}),
    onError: (error) => app.log.error({ err: error }, 'merchant API answered 500'),
  });
  await app.register(async (scope) => {
    // The kit reads the raw bytes: the signature covers exactly what was received.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, raw, done) => done(null, raw));
    scope.all('/inpost/*', async (request, reply) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
      }
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
      const response = await merchantApi(
        new Request(new URL(request.url, 'http://shop.invalid'), {
          method: request.method,
          headers,
          body: hasBody ? new Uint8Array((request.body as Buffer | undefined) ?? Buffer.alloc(0)) : undefined,
        }),
      );
      reply.code(response.status);
      response.headers.forEach((value, name) => reply.header(name, value));
      return reply.send(Buffer.from(await response.arrayBuffer()));
    });
  });

  function sendPage(request: FastifyRequest, reply: FastifyReply, page: (visitor: Visitor | undefined) => { title: string; main: string }) {
    const visitor = existingVisitorOf(request);
    if (!visitor) ensureBrowserId(request, reply);
    const nonce = randomBytes(16).toString('base64');
    const { title, main } = page(visitor);
    reply
      .header(
        'content-security-policy',
        `default-src 'self'; script-src 'self'; style-src 'self' 'nonce-${nonce}'; img-src 'self' data:; ` +
          "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      )
      .header('referrer-policy', 'same-origin')
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8');
    return layout({ title, nonce, visitor, phoneUrl: options.phoneSimulatorUrl ?? '', main, qa: Boolean(options.qaSandboxUrl) });
  }

  app.get('/', (request, reply) => sendPage(request, reply, productListPage));
  app.get('/basket', (request, reply) =>
    sendPage(request, reply, (visitor) => basketPage(visitor, { promoRefused: (request.query as Record<string, unknown>).promo === 'refused' })),
  );
  app.get('/product/:productId', (request, reply) => {
    const product = findProduct((request.params as { productId: string }).productId);
    if (!product || product.related) throw new Problem(404, 'NOT_FOUND', 'No such product');
    return sendPage(request, reply, (visitor) => productPage(product, visitor));
  });
  app.get('/regulamin', (request, reply) => sendPage(request, reply, termsPage));
  app.get('/thank-you', (request, reply) =>
    sendPage(request, reply, (visitor) => {
      if (!visitor) return thankYouPage(undefined);
      // The redirect was delivered: stop announcing it.
      visitor.redirect = null;
      return thankYouPage(visitor.lastOrderId ? orders.get(visitor.lastOrderId) : undefined);
    }),
  );

  app.get('/widget/inpost-pay.iife.js', async (request, reply) => {
    let bundle: Buffer;
    let modified: Date;
    try {
      modified = (await stat(widgetBundlePath)).mtime;
      bundle = await readFile(widgetBundlePath);
    } catch {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The widget bundle is missing: run `npm run build` to create dist/inpost-pay.iife.js.');
    }
    // Revalidated on every page view (a rebuild shows at once), downloaded again only when it changed.
    const lastModified = modified.toUTCString();
    reply.header('cache-control', 'no-cache').header('last-modified', lastModified);
    if (request.headers['if-modified-since'] === lastModified) return reply.code(304).send();
    return reply.type('text/javascript; charset=utf-8').send(bundle);
  });

  // Long-polling requests would hold the close up: answer them now.
  app.addHook('preClose', async () => {
    for (const visitor of visitors.all()) wakeWaiters(visitor);
  });

  if (shared) app.addHook('onClose', () => shared.close());

  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  url = serverUrl(app);
  return {
    url,
    close: () => app.close(),
  };
}
