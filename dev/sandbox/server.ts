/**
 * A local stand-in for InPost Pay's sandbox, which cannot be reached from a test machine. It plays
 * both InPost sides of INPOST-API.md:
 *
 * - What a shop calls (§1, §2; `inpost-api.ts`): the OAuth2 token endpoint, the v1 and v2 basket
 *   and binding calls, order events, signing keys and payment methods, at their real paths with
 *   the error codes of §6.
 * - What InPost Pay calls on the shop (§3, §5; `phone-app.ts`, `merchant-caller.ts`): binding
 *   confirmations, basket events, the unlink, orders and payment events, signed under
 *   `<merchantApiUrl>/v1/izi/...`; each answer is checked against the merchant kit's schemas.
 * - The phone simulator at `/phone` (the InPost Mobile app, for QA) over a JSON API under
 *   `/sandbox/` (documented in `phone-app.ts`).
 *
 * Every answer carries `X-Content-Type-Options: nosniff` and refuses framing; requests must name
 * the sandbox itself in their Host header (no DNS rebinding); the simulator's state-changing calls
 * take JSON only, from no other origin.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyRequest } from 'fastify';
import { acceptFormBodies, answerErrorsAsJson, Problem, serverUrl } from '../http.js';
import { TOKEN_PATH } from '../../src/merchant/testing.js';
import { registerInpostApi } from './inpost-api.js';
import { SigningKeyRing } from './keys.js';
import { MerchantCaller } from './merchant-caller.js';
import { registerPhoneApp } from './phone-app.js';
import { SandboxStore } from './store.js';
import { isObject } from './validation.js';

/** The simulator page's files (`phone/`), read once. */
const pageFile = (name: string) => readFileSync(new URL(`./phone/${name}`, import.meta.url), 'utf8');
const PHONE_PAGE_HTML = pageFile('phone.html');
const PHONE_PAGE_JS = pageFile('phone.js');
const PHONE_PAGE_CSS = pageFile('phone.css');

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /** Host to listen on. Default `127.0.0.1`. */
  host?: string;
  /**
   * The shop's merchant API base URL as the shop registered it with InPost Pay, e.g.
   * `http://127.0.0.1:4000/inpost`; InPost Pay calls `<merchantApiUrl>/v1/izi/...`. Can be set later.
   */
  merchantApiUrl?: string;
  /** OAuth2 client id accepted by the token endpoint. Default `demo-shop`. */
  clientId?: string;
  /** OAuth2 client secret. Default `demo-secret`. */
  clientSecret?: string;
  /** `merchant_external_id` of the signing keys (it enters every signature). Default `MERCHANT-<clientId>`. */
  merchantExternalId?: string;
  /** Lifetime of issued tokens in seconds. Default 3600. */
  tokenTtlSeconds?: number;
  /** A basket expires this long after its last change; calls on it then answer BASKET_EXPIRED. Default 1 day. */
  basketTtlSeconds?: number;
  /** Body size limit in bytes. Default 64 KiB. */
  bodyLimit?: number;
  /** Deep link scheme. Default `inpostsandbox`. */
  deepLinkScheme?: string;
  /** Timeout of a call to the shop, ms. Default 5000. */
  callbackTimeoutMs?: number;
  /** Further `host:port` values accepted in the Host header (a proxy's name, say), besides the loopback names. */
  allowedHosts?: string[];
}

/** A running sandbox. */
export interface Sandbox {
  /** Base URL, e.g. `http://127.0.0.1:4010`; also the token URL's host (`url + TOKEN_PATH`). */
  url: string;
  /** `merchant_external_id` of the signing keys. */
  merchantExternalId: string;
  /** Changes the shop's merchant API base URL (for wiring servers started on port 0). */
  setMerchantApiUrl(url: string): void;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Starts the sandbox. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clientId = options.clientId ?? 'demo-shop';
  const clientSecret = options.clientSecret ?? 'demo-secret';
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
  let merchantApiUrl = options.merchantApiUrl?.replace(/\/+$/, '');

  const keys = new SigningKeyRing(options.merchantExternalId ?? `MERCHANT-${clientId}`);
  const store = new SandboxStore({ basket_ttl_seconds: options.basketTtlSeconds ?? 86_400, phone_binding_unavailable: false, qr_ttl_seconds: 60 });
  const caller = new MerchantCaller(keys, () => merchantApiUrl, options.callbackTimeoutMs ?? 5000);
  const tokens = new Map<string, number>();

  const app = Fastify({ logger: false, bodyLimit: options.bodyLimit ?? 64 * 1024, connectionTimeout: 30_000, requestTimeout: 30_000 });
  acceptFormBodies(app);
  answerErrorsAsJson(app, 'No such endpoint');

  // ---- What every request and answer goes through --------------------------------------
  let allowedHosts = new Set<string>();
  app.addHook('onRequest', async (request) => {
    // A page of another site that got its name resolved to 127.0.0.1 must not drive the sandbox.
    if (!allowedHosts.has(String(request.headers.host ?? '').toLowerCase())) {
      throw new Problem(421, 'MISDIRECTED_REQUEST', 'The Host header does not name this sandbox');
    }
    const path = request.url.split('?')[0]!;
    if (path.startsWith('/sandbox/') && request.method !== 'GET' && request.method !== 'HEAD') {
      // No cross-site form can send JSON, and no other origin's script may act for the phone.
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== `http://${request.headers.host}`) throw new Problem(403, 'FORBIDDEN', 'Requests from another origin are refused');
      const type = String(request.headers['content-type'] ?? '');
      const length = request.headers['content-length'];
      const hasBody = request.method === 'POST' || (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
      if (hasBody && !/^application\/json\s*(;|$)/i.test(type)) throw new Problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'The simulator takes application/json');
    }
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
  });

  // ---- OAuth2 (INPOST-API.md §1) ---------------------------------------------------------
  app.post(TOKEN_PATH, async (request, reply) => {
    const body = isObject(request.body) ? request.body : {};
    if (body.grant_type !== 'client_credentials') {
      return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'Only client_credentials' });
    }
    if (body.client_id !== clientId || body.client_secret !== clientSecret) {
      return reply.code(401).send({ error: 'invalid_client', error_description: 'Invalid client credentials' });
    }
    const now = Date.now();
    for (const [token, expiresAt] of tokens) if (expiresAt <= now) tokens.delete(token);
    const accessToken = randomBytes(24).toString('base64url');
    tokens.set(accessToken, now + tokenTtlSeconds * 1000);
    return {
      access_token: accessToken,
      expires_in: tokenTtlSeconds,
      refresh_expires_in: 0,
      token_type: 'Bearer',
      'not-before-policy': 0,
      scope: 'api:inpostpay',
    };
  });

  function authorize(request: FastifyRequest): void {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_-]{1,128})$/.exec(header) : null;
    const expiresAt = match ? tokens.get(match[1]!) : undefined;
    if (expiresAt === undefined || expiresAt <= Date.now()) {
      throw new Problem(401, 'UNAUTHORIZED', 'Missing, invalid or expired access token');
    }
  }

  await registerInpostApi(app, { store, keys, authorize, deepLinkScheme: options.deepLinkScheme ?? 'inpostsandbox' });
  await registerPhoneApp(app, { store, keys, caller });

  // ---- The phone simulator page ----------------------------------------------------------
  const PAGE_CSP = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  app.get('/phone', async (_request, reply) => {
    reply.header('content-security-policy', PAGE_CSP).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(PHONE_PAGE_HTML);
  });
  app.get('/phone/phone.js', async (_request, reply) => {
    reply.type('text/javascript; charset=utf-8').send(PHONE_PAGE_JS);
  });
  app.get('/phone/phone.css', async (_request, reply) => {
    reply.type('text/css; charset=utf-8').send(PHONE_PAGE_CSS);
  });
  // Browsers ask for it; a 404 would be a console error on every visit.
  app.get('/favicon.ico', async (_request, reply) => reply.code(204).send());

  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const url = serverUrl(app);
  const port = new URL(url).port;
  allowedHosts = new Set(
    [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, new URL(url).host, ...(options.allowedHosts ?? [])].map((h) => h.toLowerCase()),
  );
  return {
    url,
    merchantExternalId: keys.merchantExternalId,
    setMerchantApiUrl(value: string) {
      merchantApiUrl = value.replace(/\/+$/, '');
    },
    close: () => app.close(),
  };
}
