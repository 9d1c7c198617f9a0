/**
 * The demo shop: a reference merchant backend for InPost Pay plus its pages. Pages and routes:
 * `/` product list, `/basket`, `/thank-you`; `/assets/*` from `dev/shop/assets/`; the widget bundle at
 * `/widget/inpost-pay.iife.js` (from `dist/`); the InPost Pay endpoints in `izi-routes.ts`.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { InpostPayClient, type InpostPayClientOptions } from '../../src/merchant/index.js';
import { ID_PATTERN } from '../../src/merchant/types.js';
import { acceptFormBodies, answerErrorsAsJson, Problem, serverUrl } from '../http.js';
import { registerIziRoutes } from './izi-routes.js';
import { basketPage, layout, productListPage, thankYouPage } from './pages.js';
import { VisitorStore, wakeWaiters, type Visitor } from './visitors.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SESSION_COOKIE = 'shop_sid';
const BROWSER_COOKIE = 'izi_browser_id';

/** Options of {@link startShop}. */
export interface ShopOptions {
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** How to reach InPost Pay (credentials, URLs, timeouts). */
  inpost: InpostPayClientOptions;
  /** InPost Pay's PEM public key that signs its callbacks. */
  inpostPublicKey: string;
  /** Our merchant id, as it enters the callbacks' signatures. */
  merchantId: string;
  /** Secret that signs the cookies. Default random per start. */
  cookieSecret?: string;
  /** How long `is-bound` waits before answering PENDING, ms. Default 25 000. */
  longPollMs?: number;
  /** How often the order watch re-reads the binding at InPost Pay, ms. Default 5000. */
  remoteCheckMs?: number;
  /** Deep link scheme for `mobile-link`. Default `inpostsandbox`. */
  deepLinkScheme?: string;
  /** The local sandbox's URL: enables the QA route that marks a browser trusted. */
  qaSandboxUrl?: string;
  /** Shown in the QA panel. */
  phoneSimulatorUrl?: string;
  /** Path of the widget bundle. Default `dist/inpost-pay.iife.js` in the repository. */
  widgetBundlePath?: string;
  /** Fastify logger. Default off. */
  logger?: boolean;
}

export interface Shop {
  url: string;
  close(): Promise<void>;
}

export async function startShop(options: ShopOptions): Promise<Shop> {
  const visitors = new VisitorStore();
  const client = new InpostPayClient(options.inpost);
  const widgetBundlePath = options.widgetBundlePath ?? `${REPO_ROOT}dist/inpost-pay.iife.js`;
  let url = '';

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 16 * 1024 });
  await app.register(fastifyCookie, { secret: options.cookieSecret ?? randomBytes(32).toString('hex') });
  await app.register(fastifyWebsocket, { options: { maxPayload: 1024 } });
  await app.register(fastifyStatic, { root: `${REPO_ROOT}dev/shop/assets`, prefix: '/assets/' });

  acceptFormBodies(app);
  answerErrorsAsJson(app, 'No such page');

  // Requests that change state must come from our own pages (defence in depth besides SameSite cookies).
  app.addHook('onRequest', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD') return;
    // A cross-site form can send url-encoded bodies but not JSON: the API takes JSON only.
    const type = request.headers['content-type'] ?? '';
    if (request.url.startsWith('/api/') && !/^application\/json\s*(;|$)/i.test(type)) {
      throw new Problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send JSON (content-type: application/json)');
    }
    const origin = request.headers.origin;
    if (origin === undefined || request.url.startsWith('/inpost/')) return;
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    if (host !== request.headers.host) throw new Problem(403, 'FORBIDDEN_ORIGIN', 'Cross-origin request refused');
  });

  function readSigned(request: FastifyRequest, name: string): string | undefined {
    const raw = request.cookies[name];
    if (!raw) return undefined;
    const result = request.unsignCookie(raw);
    return result.valid && result.value && ID_PATTERN.test(result.value) ? result.value : undefined;
  }

  function existingVisitorOf(request: FastifyRequest): Visitor | undefined {
    return visitors.get(readSigned(request, SESSION_COOKIE));
  }

  function visitorOf(request: FastifyRequest, reply: FastifyReply): Visitor {
    const existing = existingVisitorOf(request);
    if (existing) return existing;
    const visitor = visitors.create(readSigned(request, BROWSER_COOKIE));
    const cookie = { path: '/', httpOnly: true, sameSite: 'lax' as const, signed: true };
    reply.setCookie(SESSION_COOKIE, visitor.id, cookie);
    reply.setCookie(BROWSER_COOKIE, visitor.browserId, { ...cookie, maxAge: 365 * 24 * 3600 });
    return visitor;
  }

  await registerIziRoutes(app, {
    client,
    visitors,
    visitorOf,
    existingVisitorOf,
    shopUrl: () => url,
    inpostPublicKey: options.inpostPublicKey,
    merchantId: options.merchantId,
    longPollMs: options.longPollMs ?? 25_000,
    remoteCheckMs: options.remoteCheckMs ?? 5_000,
    deepLinkScheme: options.deepLinkScheme ?? 'inpostsandbox',
    qaSandboxUrl: options.qaSandboxUrl,
  });

  function sendPage(request: FastifyRequest, reply: FastifyReply, page: (visitor: Visitor) => { title: string; main: string }) {
    const visitor = visitorOf(request, reply);
    const nonce = randomBytes(16).toString('base64');
    const { title, main } = page(visitor);
    reply
      .header(
        'content-security-policy',
        `default-src 'self'; script-src 'self'; style-src 'self' 'nonce-${nonce}'; img-src 'self' data:; ` +
          "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      )
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8');
    return layout({ title, nonce, visitor, phoneUrl: options.phoneSimulatorUrl ?? '', main });
  }

  app.get('/', (request, reply) => sendPage(request, reply, productListPage));
  app.get('/basket', (request, reply) => sendPage(request, reply, basketPage));
  app.get('/thank-you', (request, reply) =>
    sendPage(request, reply, (visitor) => {
      // The redirect was delivered: stop announcing it.
      visitor.redirect = null;
      return thankYouPage(visitor);
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

  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  url = serverUrl(app);
  return {
    url,
    close: () => app.close(),
  };
}
