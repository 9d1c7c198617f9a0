/**
 * The demo shop: a reference merchant backend for InPost Pay plus its pages. Pages and routes:
 * `/` product list, `/product/<id>`, `/basket`, `/thank-you`, `/regulamin`; `/assets/*` from `dev/shop/assets/`; the
 * widget bundle at `/widget/inpost-pay.iife.js` (from `dist/`); the pages' callbacks, pushes and cart
 * forms here, on the published widget API (`createInpostPay`, at `/api/izi`); what InPost Pay calls under `/inpost/v1/izi/...` (the merchant kit,
 * with the shop's adapter in `merchant-adapter.ts`); with the sandbox known, the QA panel's endpoints
 * in `qa-routes.ts`.
 *
 * Sessions: a visitor (cart, binding, pages watching) is created only by a request that changes
 * something, never by a page view; its id changes once the basket is bound. The rules every answer
 * follows (timeouts, nosniff, JSON-only API, same origin) are set up here.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { createClient } from 'redis';
import {
  attachWidgetSocket,
  createInpostPay,
  InpostPayClient,
  memoryWidgetStore,
  MerchantApiError,
  type InpostPayClientOptions,
  type SigningKeys,
} from '../../src/merchant/index.js';
import { redisReplayStore, redisWidgetStore } from '../../src/merchant/redis.js';
import { acceptFormBodies, answerErrorsAsJson, Problem, serverUrl } from '../http.js';
import { Cart, MAX_QUANTITY } from './basket.js';
import { merchantAdapter, productChoice } from './merchant-adapter.js';
import { findProduct } from './catalog.js';
import { basketPage, layout, productListPage, productPage, termsPage, thankYouPage, type PageVisitor } from './pages.js';
import { registerQaRoutes, withResettableLimits } from './qa-routes.js';
import { memoryShopData, redisShopData } from './shop-data.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the reference shop mounts the published widget API (its page script calls `/api/izi/...`). */
const WIDGET_BASE = '/api/izi';

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
  /** Secret that signs the widget API's cookies; the same on every instance. Default random per start. */
  cookieSecret?: string;
  /** How long a long poll (`is-bound`, `order-complete?since=`) waits before answering unchanged, ms. Default 60 000 (an idle linked shopper asks once a minute). */
  longPollMs?: number;
  /** Limits of binding requests (each pushes a notification to a phone). */
  bindingLimits?: { perSession?: number; perIp?: number; perPhone?: number; windowMs?: number };
  /** Long polls, event streams and sockets one visitor may hold open at once. Default 6. */
  maxLongPolls?: number;
  /** Long polls, event streams and sockets one address may hold open at once. Default 60. */
  maxOpenPerAddress?: number;
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
  /**
   * New visitors one address may start in 10 minutes. Default 10 000: every test shopper of the
   * demo comes from the loopback address (a shop's default is the widget API's, 60).
   */
  newVisitorsPerAddress?: number;
  /** Fastify logger. Default off. */
  logger?: boolean;
  /**
   * Share carts, orders, the widget API's state (sessions, binding, pushes to open pages, limits)
   * and the merchant kit's replay store with the other instances of the shop through this Redis
   * (`redis://host:port`), for several instances behind a load balancer. Default: all in this
   * process's memory.
   */
  redisUrl?: string;
}

export interface Shop {
  url: string;
  close(): Promise<void>;
}


export async function startShop(options: ShopOptions): Promise<Shop> {
  const longPollMs = options.longPollMs ?? 60_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const idleTimeoutMs = options.idleTimeoutMs ?? longPollMs + 15_000;
  if (idleTimeoutMs <= longPollMs) throw new RangeError('idleTimeoutMs must exceed longPollMs: a long poll sends nothing while it waits');
  const client = new InpostPayClient(options.inpost);
  const widgetBundlePath = options.widgetBundlePath ?? `${REPO_ROOT}dist/inpost-pay.iife.js`;
  let url = '';

  // One instance: all in memory. Several: carts, orders, the widget API's state and the replay store in one Redis.
  let redis: ReturnType<typeof createClient> | undefined;
  let subscriber: ReturnType<typeof createClient> | undefined;
  if (options.redisUrl) {
    redis = createClient({ url: options.redisUrl, disableOfflineQueue: true });
    redis.on('error', () => undefined);
    await redis.connect();
    subscriber = redis.duplicate();
    subscriber.on('error', () => undefined);
    await subscriber.connect();
  }
  const data = redis ? redisShopData(redis) : memoryShopData();
  // QA resets the binding limits (qa-routes.ts) by moving the store's rate-limit keys to a new epoch.
  const store = withResettableLimits(redis ? redisWidgetStore({ client: redis, subscriber }) : memoryWidgetStore());

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

  const limits = options.bindingLimits ?? {};
  // What every shop shares: the published widget API (the page's `/api/izi/...`) and merchant API
  // (InPost's `/inpost/v1/izi/...`), on the shop's one adapter.
  const { widgetApi, merchantApi } = createInpostPay({
    client,
    shop: merchantAdapter({ data, shopUrl: () => url, warn: (message, details) => app.log.warn(details, message) }),
    store,
    basePath: WIDGET_BASE,
    cookieSecret: options.cookieSecret ?? randomBytes(32).toString('hex'),
    longPollMs,
    rotationGraceMs: options.sessionRotationGraceMs,
    maxOpenPerVisitor: options.maxLongPolls,
    maxOpenPerAddress: options.maxOpenPerAddress,
    newVisitorsPerAddress: options.newVisitorsPerAddress ?? 10_000,
    bindingLimits: { perSession: limits.perSession, perAddress: limits.perIp, perPhone: limits.perPhone, windowMs: limits.windowMs },
    appLinkScheme: options.deepLinkScheme ?? 'inpostsandbox',
    browserDescription: 'Demo shop browser',
    logger: { error: (message, details) => app.log.error({ err: details }, message), warn: (message, details) => app.log.warn({ err: details }, message) },
    merchantApi: {
      ...(options.signingKeys ? { signingKeys: options.signingKeys } : {}),
      ...(redis ? { replayStore: redisReplayStore(redis) } : {}),
      onError: (error) => app.log.error({ err: error }, 'merchant API error'),
    },
  });

  /** The Fetch API request the kit's methods take, for a fastify request. */
  function fetchRequest(request: FastifyRequest, body?: Uint8Array<ArrayBuffer>, signal?: AbortSignal): Request {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
    }
    return new Request(new URL(request.url, 'http://shop.invalid'), { method: request.method, headers, body, signal });
  }
  const contextOf = (request: FastifyRequest) => ({ clientAddress: request.ip });

  /** Sends a Fetch API response (streamed when it is an event stream). */
  function sendResponse(reply: FastifyReply, response: Response) {
    reply.code(response.status);
    const cookies = response.headers.getSetCookie();
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') reply.header(name, value);
    });
    if (cookies.length > 0) reply.header('set-cookie', cookies);
    return reply.send(response.body ?? '');
  }

  // Every answer, whatever produced it (pages, API, errors, assets): no content sniffing.
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
  });

  await app.register(fastifyStatic, { root: `${REPO_ROOT}dev/shop/assets`, prefix: '/assets/' });

  acceptFormBodies(app);
  answerErrorsAsJson(app, 'No such page');

  // The shop's own state-changing requests must come from its own pages (defence in depth besides
  // SameSite cookies); the widget API checks its own. Both rules look at the route that matched.
  app.addHook('onRequest', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD') return;
    const route = request.routeOptions.url ?? '';
    if (route.startsWith('/inpost/') || route.startsWith(`${WIDGET_BASE}/`)) return;
    // A cross-site form can send url-encoded bodies but not JSON: the API takes JSON only.
    const type = request.headers['content-type'] ?? '';
    if (route.startsWith('/api/') && !/^application\/json\s*(;|$)/i.test(type)) {
      throw new Problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send JSON (content-type: application/json)');
    }
    if (!sameOrigin(request)) throw new Problem(403, 'FORBIDDEN_ORIGIN', 'Cross-origin request refused');
  });

  await app.register(async (scope) => {
    // Both handlers read the raw bytes themselves (the merchant API's signature covers exactly them).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, raw, done) => done(null, raw));
    scope.all(`${WIDGET_BASE}/*`, async (request, reply) => {
      const controller = new AbortController();
      reply.raw.once('close', () => controller.abort());
      const raw = request.method === 'GET' || request.method === 'HEAD' ? undefined : new Uint8Array((request.body as Buffer | undefined) ?? Buffer.alloc(0));
      const body = raw && new Uint8Array(withDetails(request.url, raw));
      return sendResponse(reply, await widgetApi(fetchRequest(request, body, controller.signal), contextOf(request)));
    });
    scope.all('/inpost/*', async (request, reply) => {
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
      const body = hasBody ? new Uint8Array((request.body as Buffer | undefined) ?? Buffer.alloc(0)) : undefined;
      return sendResponse(reply, await merchantApi(fetchRequest(request, body)));
    });
  });

  /** The visitor's basket id, the visitor created (cookies set) when new: only requests that change something call this. */
  async function basketIdOf(request: FastifyRequest, reply: FastifyReply): Promise<string> {
    const headers = new Headers();
    const basketId = await widgetApi.basketIdFor(fetchRequest(request), headers, contextOf(request));
    const cookies = headers.getSetCookie();
    if (cookies.length > 0) reply.header('set-cookie', cookies);
    return basketId;
  }

  // ---- The shop's own cart forms (work without JavaScript; answer 303 to the page) --------------
  const bad = (message: string) => new Problem(400, 'BAD_REQUEST', message);
  function input(request: FastifyRequest): Record<string, unknown> {
    const value = request.body === undefined ? {} : request.body;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Problem(400, 'MALFORMED_REQUEST', 'The body must be a JSON object');
    return value as Record<string, unknown>;
  }
  const formString = (values: Record<string, unknown>, name: string, max = 64): string => {
    const value = values[name];
    if (typeof value !== 'string' || value.length > max) throw bad(`${name} must be a short string`);
    return value;
  };
  /** Runs a change of the visitor's cart; the widget API pushes it to the pages and to InPost Pay. */
  async function changeCart(request: FastifyRequest, reply: FastifyReply, change: (cart: Cart) => boolean): Promise<void> {
    const basketId = await basketIdOf(request, reply);
    const cart = (await data.cart(basketId)) ?? new Cart();
    if (!change(cart)) return;
    await data.saveCart(basketId, cart);
    await widgetApi.cartChanged(basketId);
  }

  app.post('/cart/add', async (request, reply) => {
    const values = input(request);
    const productId = formString(values, 'productId');
    const size = typeof values.size === 'string' ? values.size : '';
    let choice: ReturnType<typeof productChoice>;
    try {
      choice = productChoice(productId, size ? { size } : {});
    } catch (error) {
      throw error instanceof MerchantApiError ? new Problem(error.status, error.errorCode, error.message) : error;
    }
    if (!choice.product.sizes || choice.size) await changeCart(request, reply, (cart) => cart.add(choice.product.id, choice.size));
    return reply.redirect(`/#${choice.product.id}`, 303);
  });

  app.post('/cart/clear', async (request, reply) => {
    await changeCart(request, reply, (cart) => {
      if (cart.lines.length === 0) return false;
      cart.lines = [];
      return true;
    });
    return reply.redirect('/basket', 303);
  });

  app.post('/cart/quantity', async (request, reply) => {
    const values = input(request);
    const id = formString(values, 'productId');
    // A form sends digits; JSON a number. Anything else (an empty field too) is no quantity, not 0.
    const raw = values.quantity;
    const quantity = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_QUANTITY) throw bad(`quantity must be 0 to ${MAX_QUANTITY}`);
    await changeCart(request, reply, (cart) => cart.setQuantity(id, quantity));
    return reply.redirect('/basket', 303);
  });

  app.post('/cart/promo', async (request, reply) => {
    const code = formString(input(request), 'code', 32);
    let refused = false;
    await changeCart(request, reply, (cart) => {
      refused = cart.setPromoCodes([...cart.promoCodes, code])?.type === 'ERROR';
      return true;
    });
    return reply.redirect(`/basket${refused ? '?promo=refused' : ''}`, 303);
  });

  app.post('/cart/promo/remove', async (request, reply) => {
    const code = formString(input(request), 'code', 32).toUpperCase();
    await changeCart(request, reply, (cart) => {
      if (!cart.promoCodes.includes(code)) return false;
      cart.setPromoCodes(cart.promoCodes.filter((applied) => applied !== code));
      return true;
    });
    return reply.redirect('/basket', 303);
  });

  // ---- QA only: mark this visitor's browser trusted or untrusted in the sandbox -----------------
  if (options.qaSandboxUrl) {
    const sandboxUrl = options.qaSandboxUrl;
    await registerQaRoutes(app, {
      sandboxUrl,
      resetBindingLimits: () => store.resetLimits(),
      basketIdOf: async (request) => (await widgetApi.stateOf(fetchRequest(request), contextOf(request)))?.basketId,
    });
    app.post('/api/qa/browser-trust', async (request, reply) => {
      const { trusted } = input(request);
      if (typeof trusted !== 'boolean') throw bad('trusted must be a boolean');
      await basketIdOf(request, reply);
      // The cookies of a visitor created just now are on the answer, not yet on the request.
      const cookies = reply.getHeader('set-cookie');
      const lines = Array.isArray(cookies) ? cookies.map(String) : [];
      const withCookies = fetchRequest(request);
      if (lines.length > 0) withCookies.headers.set('cookie', lines.map((line) => line.split(';')[0]).join('; '));
      const state = await widgetApi.stateOf(withCookies, contextOf(request));
      if (!state) throw new Problem(503, 'SERVICE_UNAVAILABLE', 'No session');
      let response: Response;
      try {
        response = await fetch(`${sandboxUrl}/sandbox/browsers/${encodeURIComponent(state.browserId)}/trust`, {
          method: trusted ? 'PUT' : 'DELETE',
          headers: trusted ? { 'content-type': 'application/json' } : {},
          body: trusted ? '{}' : undefined,
          signal: AbortSignal.timeout(5000),
        });
      } catch (error) {
        throw new Problem(502, 'SANDBOX_ERROR', `Sandbox unreachable: ${(error as Error).message}`);
      }
      await response.body?.cancel();
      if (!response.ok) throw new Problem(502, 'SANDBOX_ERROR', `Sandbox answered ${response.status}`);
      const status = await widgetApi.refreshBinding(withCookies, contextOf(request));
      return { browser_trusted: status?.browser_trusted ?? false };
    });
  }

  // ---- Pages ------------------------------------------------------------------------------------
  /** The visitor as the pages show it (the widget API's state and the shop's cart); reading never creates one. */
  async function pageVisitor(request: FastifyRequest, reply: FastifyReply): Promise<PageVisitor | undefined> {
    const state = await widgetApi.stateOf(fetchRequest(request), contextOf(request));
    if (!state) {
      const headers = new Headers();
      widgetApi.browserCookie(fetchRequest(request), headers, contextOf(request));
      const cookies = headers.getSetCookie();
      if (cookies.length > 0) reply.header('set-cookie', cookies);
      return undefined;
    }
    // With the shop's data down the page still renders, without the cart.
    const cart = (await data.cart(state.basketId).catch(() => undefined)) ?? new Cart();
    return { state, cart };
  }

  async function sendPage(request: FastifyRequest, reply: FastifyReply, page: (visitor: PageVisitor | undefined) => { title: string; main: string } | Promise<{ title: string; main: string }>) {
    const visitor = await pageVisitor(request, reply);
    const nonce = randomBytes(16).toString('base64');
    const { title, main } = await page(visitor);
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
    sendPage(request, reply, async (visitor) => {
      if (!visitor?.state.lastOrderId) return thankYouPage(undefined);
      // The redirect was delivered: stop announcing it.
      await widgetApi.orderShown(fetchRequest(request), contextOf(request)).catch(() => undefined);
      return thankYouPage(await data.order(visitor.state.lastOrderId).catch(() => undefined));
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

  // Long-polling requests and event streams would hold the close up: answer and end them now.
  app.addHook('preClose', async () => {
    widgetApi.close();
  });
  let socket: { close(): void } | undefined;
  app.addHook('onClose', async () => {
    socket?.close();
    await subscriber?.quit().catch(() => undefined);
    await redis?.quit().catch(() => undefined);
    await data.close();
  });
  await app.ready();
  // The order watch's WebSocket (`/api/izi/order-socket`), answered on the server's upgrade event.
  socket = await attachWidgetSocket(app.server as Server, widgetApi);

  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  url = serverUrl(app);
  return {
    url,
    close: () => app.close(),
  };
}

/** The request comes from a page of this shop (or from no page at all: a non-browser client). */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/**
 * The demo page's script sends a product's size as `size`; the widget API's contract takes the
 * shop's product details as `details`. Until the page script sends `details`, the shop maps one to
 * the other on its way in.
 */
function withDetails(url: string, body: Uint8Array): Uint8Array {
  if (!/\/(can-be-bound|add-to-cart)$/.test(new URL(url, 'http://shop.invalid').pathname)) return body;
  try {
    const value = JSON.parse(Buffer.from(body).toString('utf8')) as Record<string, unknown>;
    if (!value || typeof value !== 'object' || Array.isArray(value) || value.details !== undefined || !('size' in value)) return body;
    const { size, ...rest } = value;
    const details = typeof size === 'string' && size !== '' ? { size } : size === undefined || size === null || size === '' ? {} : { size: size as never };
    return new TextEncoder().encode(JSON.stringify({ ...rest, details }));
  } catch {
    return body;
  }
}
