/**
 * A local stand-in for InPost Pay's sandbox: the OAuth2 token endpoint, the basket binding API
 * (real paths, status codes and error bodies), signed callbacks to the merchant, and a phone
 * simulator for QA (a page at `/phone` and a JSON API under `/sandbox/`).
 *
 * Simulator API (no auth; local QA only):
 * - `GET  /sandbox/public-key` → `{public_key, key_version, key_hash, merchant_id}` (PEM key that signs callbacks)
 * - `GET  /sandbox/binding-requests` → `{requests: [{request_id, basket_id, inpost_basket_id, binding_method,
 *          binding_place, phone_number, masked_phone_number, browser, created_at}]}` (requests waiting for the phone)
 * - `POST /sandbox/binding-requests/:requestId/accept` `{phone_number?, name?, surname?, trust_browser?}`
 *          → `{basket_id, masked_phone_number, callback_status}`; `phone_number` is required for a
 *          DEEP_LINK request (the phone that "scanned" the code); the browser becomes trusted unless
 *          `trust_browser: false`. Sends the SUCCESS confirmation to the merchant.
 * - `POST /sandbox/binding-requests/:requestId/reject` → `{basket_id, callback_status}`; sends REJECT.
 * - `GET  /sandbox/baskets` → `{baskets: [{basket_id, inpost_basket_id, linked, masked_phone_number, name,
 *          surname, products, summary, order_id}]}` (`?linked=1` lists linked baskets only)
 * - `POST /sandbox/baskets/:basketId/order` → `{order_id, callback_status}`; the basket must be linked;
 *          sends the order to the merchant (`POST {merchantCallbackUrl}/order`).
 * - `DELETE /sandbox/baskets/:basketId/binding` → 204: the shopper unlinked the basket in the app.
 * - `PUT  /sandbox/browsers/:browserId/trust` `{phone_number?, name?, surname?}` → `{browser_id, masked_phone_number}`
 * - `DELETE /sandbox/browsers/:browserId/trust` → 204
 * - `GET  /sandbox/state` → everything: baskets, binding requests, trusted browsers, callbacks sent.
 *
 * Callbacks to the merchant (JSON, signed, see `src/merchant/signature.ts`):
 * - `POST {merchantCallbackUrl}/basket/{basket_id}/confirmation` `{status: 'SUCCESS'|'REJECT', inpost_basket_id,
 *   phone_number, browser: {browser_trusted, browser_id}, masked_phone_number, name, surname}`
 * - `POST {merchantCallbackUrl}/order` `{basket_id, inpost_basket_id, order_id, order_status, created_at,
 *   phone_number, summary, products}`
 */
import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import Fastify, { type FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { acceptFormBodies, answerErrorsAsJson, Problem, serverUrl } from '../http.js';
import { publicKeyHash } from '../../src/merchant/signature.js';
import { signRequest, TOKEN_PATH } from '../../src/merchant/testing.js';
import type { BasketUpdateV1 as Basket, BasketProduct, BasketSummary, BindingConfirmation, BrowserData, PhoneNumber } from '../../src/merchant/types.js';

/** The order callback of the first sandbox (an invented shape; the sandbox's rewrite sends InPost's order). */
interface OrderCreated {
  basket_id: string;
  inpost_basket_id: string;
  order_id: string;
  order_status: string;
  created_at: string;
  phone_number: PhoneNumber;
  summary: BasketSummary;
  products: BasketProduct[];
}
import { PHONE_PAGE_CSS, PHONE_PAGE_HTML, PHONE_PAGE_JS } from './phone-page.js';
import {
  basketBody,
  bindingBody,
  checkId,
  isObject,
  maskPhone,
  personName,
  phoneNumber,
} from './validation.js';

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /** Host to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Where confirmations and orders are posted, e.g. `http://127.0.0.1:4000/inpost`. Can be set later. */
  merchantCallbackUrl?: string;
  /** OAuth2 client id accepted by the token endpoint. Default `demo-shop`. */
  clientId?: string;
  /** OAuth2 client secret. Default `demo-secret`. */
  clientSecret?: string;
  /** Merchant id that enters callback signatures. Default the client id. */
  merchantId?: string;
  /** Lifetime of issued tokens in seconds. Default 3600. */
  tokenTtlSeconds?: number;
  /** Body size limit in bytes. Default 32 KiB. */
  bodyLimit?: number;
  /** Deep link scheme. Default `inpostsandbox`. */
  deepLinkScheme?: string;
  /** Timeout of a callback to the merchant, ms. Default 5000. */
  callbackTimeoutMs?: number;
}

/** A running sandbox. */
export interface Sandbox {
  /** Base URL, e.g. `http://127.0.0.1:4010`; also the token URL's host (`url + TOKEN_PATH`). */
  url: string;
  /** PEM public key that verifies the callbacks' signatures. */
  publicKey: string;
  /** Version of the signing key (`x-public-key-ver`). */
  keyVersion: string;
  /** Merchant id used in signatures. */
  merchantId: string;
  /** Changes where callbacks go (for wiring servers started on port 0). */
  setMerchantCallbackUrl(url: string): void;
  /** Stops the server. */
  close(): Promise<void>;
}

interface Binding {
  phone_number: PhoneNumber;
  masked_phone_number: string;
  name: string;
  surname: string;
}

interface StoredBasket {
  basket_id: string;
  inpost_basket_id: string;
  basket: Basket;
  binding: Binding | null;
  order_id: string | null;
  updated_at: string;
}

interface BindingRequest {
  request_id: string;
  basket_id: string;
  binding_method: 'PHONE' | 'DEEP_LINK';
  binding_place: string;
  phone_number: PhoneNumber | null;
  browser: BrowserData;
  created_at: string;
}

interface CallbackRecord {
  url: string;
  body: unknown;
  status: number | null;
  error: string | null;
  at: string;
}

const DEFAULT_PERSON = { name: 'Jan', surname: 'Kowalski' };
const DEFAULT_PHONE: PhoneNumber = { country_prefix: '+48', phone: '600100200' };

/** Starts the sandbox. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clientId = options.clientId ?? 'demo-shop';
  const clientSecret = options.clientSecret ?? 'demo-secret';
  const merchantId = options.merchantId ?? clientId;
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
  const deepLinkScheme = options.deepLinkScheme ?? 'inpostsandbox';
  const callbackTimeoutMs = options.callbackTimeoutMs ?? 5000;
  let merchantCallbackUrl = options.merchantCallbackUrl?.replace(/\/+$/, '');

  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const keyVersion = '1';

  const tokens = new Map<string, number>();
  const baskets = new Map<string, StoredBasket>();
  const requests = new Map<string, BindingRequest>();
  const trustedBrowsers = new Map<string, Binding>();
  const callbacks: CallbackRecord[] = [];
  /** Drops a basket's pending binding requests: one is pending at most, and none once it is bound or gone. */
  const dropRequestsOf = (basketId: string) => {
    for (const [id, pending] of requests) if (pending.basket_id === basketId) requests.delete(id);
  };

  const app = Fastify({ logger: false, bodyLimit: options.bodyLimit ?? 32 * 1024 });

  // OAuth2 token requests are form-encoded.
  acceptFormBodies(app);
  answerErrorsAsJson(app, 'No such endpoint');

  // ---- OAuth2 ---------------------------------------------------------------------------
  app.post(TOKEN_PATH, async (request, reply) => {
    const body = isObject(request.body) ? request.body : {};
    if (body.grant_type !== 'client_credentials') {
      return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'Only client_credentials', error_code: 'BAD_REQUEST', error_message: 'Only client_credentials' });
    }
    if (body.client_id !== clientId || body.client_secret !== clientSecret) {
      return reply.code(401).send({ error: 'invalid_client', error_description: 'Invalid client credentials', error_code: 'UNAUTHORIZED', error_message: 'Invalid client credentials' });
    }
    const now = Date.now();
    for (const [token, expiresAt] of tokens) if (expiresAt <= now) tokens.delete(token);
    const accessToken = randomBytes(24).toString('base64url');
    tokens.set(accessToken, now + tokenTtlSeconds * 1000);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: tokenTtlSeconds };
  });

  // ---- InPost Pay API (bearer token required) ------------------------------------------
  await app.register(async (api) => {
    api.addHook('onRequest', async (request: FastifyRequest) => {
      const header = request.headers.authorization;
      const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_-]{1,128})$/.exec(header) : null;
      const expiresAt = match ? tokens.get(match[1]) : undefined;
      if (expiresAt === undefined || expiresAt <= Date.now()) {
        throw new Problem(401, 'UNAUTHORIZED', 'Missing, invalid or expired access token');
      }
    });

    api.get('/v1/izi/basket/:basketId/binding', async (request) => {
      const basketId = checkId((request.params as { basketId: string }).basketId, 'basket_id');
      const query = request.query as Record<string, unknown>;
      const browserId = query.browser_id === undefined ? undefined : checkId(query.browser_id, 'browser_id');
      const basket = baskets.get(basketId);
      const trusted = browserId ? trustedBrowsers.get(browserId) : undefined;
      // An unknown basket is simply "not linked": the merchant asks before it ever PUT the basket.
      const details = basket?.binding ?? trusted ?? null;
      return {
        basket_linked: Boolean(basket?.binding),
        browser_trusted: Boolean(trusted),
        inpost_basket_id: basket?.inpost_basket_id ?? null,
        client_details: details && {
          phone_number: details.phone_number,
          masked_phone_number: details.masked_phone_number,
          name: details.name,
          surname: details.surname,
        },
      };
    });

    api.post('/v1/izi/basket/:basketId/binding', async (request, reply) => {
      const basketId = checkId((request.params as { basketId: string }).basketId, 'basket_id');
      const body = bindingBody(request.body);
      const basket = baskets.get(basketId);
      if (!basket) throw new Problem(404, 'BASKET_NOT_FOUND', 'Basket not found');
      if (basket.binding) throw new Problem(409, 'BASKET_IS_BINDED', 'Basket is already bound');
      // One pending request per basket: a new one replaces the old.
      dropRequestsOf(basketId);
      const requestId = randomUUID();
      remember(requests, requestId, {
        request_id: requestId,
        basket_id: basketId,
        binding_method: body.binding_method,
        binding_place: body.binding_place,
        phone_number: body.phone_number ?? null,
        browser: body.browser,
        created_at: new Date().toISOString(),
      });
      if (body.binding_method === 'PHONE') return reply.code(202).send();
      const query = `basket_id=${encodeURIComponent(basket.inpost_basket_id)}&binding_id=${requestId}`;
      const deepLink = `${deepLinkScheme}://izilink?${query}`;
      const qr = await QRCode.toDataURL(deepLink);
      return {
        qr_code: qr.replace(/^data:image\/png;base64,/, ''),
        deep_link: deepLink,
        deep_link_hms: `${deepLinkScheme}-hms://izilink?${query}`,
      };
    });

    api.put('/v1/izi/basket/:basketId', async (request) => {
      const basketId = checkId((request.params as { basketId: string }).basketId, 'basket_id');
      const basket = basketBody(request.body);
      const existing = baskets.get(basketId);
      const stored: StoredBasket = existing ?? {
        basket_id: basketId,
        inpost_basket_id: randomUUID(),
        basket,
        binding: null,
        order_id: null,
        updated_at: '',
      };
      stored.basket = basket;
      stored.updated_at = new Date().toISOString();
      const trusted = basket.browser_id ? trustedBrowsers.get(basket.browser_id) : undefined;
      if (trusted && !stored.binding) {
        stored.binding = { ...trusted };
        dropRequestsOf(basketId);
      }
      remember(baskets, basketId, stored);
      return { inpost_basket_id: stored.inpost_basket_id };
    });

    api.delete('/v1/izi/basket/:basketId/binding', async (request, reply) => {
      const basketId = checkId((request.params as { basketId: string }).basketId, 'basket_id');
      const query = request.query as Record<string, unknown>;
      const flag = query.if_basket_realized;
      if (flag !== undefined && flag !== '1' && flag !== '0' && flag !== 'true' && flag !== 'false') {
        throw new Problem(400, 'BAD_REQUEST', 'if_basket_realized must be 1 or 0');
      }
      const basket = baskets.get(basketId);
      if (!basket) throw new Problem(404, 'BASKET_NOT_FOUND', 'Basket not found');
      if (!basket.binding) throw new Problem(409, 'BASKET_NOT_BOUND', 'Basket is not bound');
      const onlyIfRealized = flag === '1' || flag === 'true';
      if (!onlyIfRealized || basket.order_id) basket.binding = null;
      return reply.code(204).send();
    });

    api.delete('/v1/izi/browser/:browserId/binding', async (request, reply) => {
      const browserId = checkId((request.params as { browserId: string }).browserId, 'browser_id');
      // Idempotent: a browser that is not trusted stays not trusted.
      trustedBrowsers.delete(browserId);
      return reply.code(204).send();
    });
  });

  // ---- Calling the merchant back ---------------------------------------------------------
  async function callMerchant(path: string, payload: unknown): Promise<number | null> {
    if (!merchantCallbackUrl) return null;
    const url = merchantCallbackUrl + path;
    const body = JSON.stringify(payload);
    const headers = signRequest({ body, merchantExternalId: merchantId, keyVersion, privateKey, publicKey: createPublicKey(publicKey) });
    const record: CallbackRecord = { url, body: payload, status: null, error: null, at: new Date().toISOString() };
    callbacks.push(record);
    if (callbacks.length > 200) callbacks.shift();
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(callbackTimeoutMs),
      });
      await response.body?.cancel();
      record.status = response.status;
      return response.status;
    } catch (error) {
      record.error = (error as Error).message;
      return null;
    }
  }

  function findRequest(request: FastifyRequest): BindingRequest {
    const id = (request.params as { requestId: string }).requestId;
    const found = typeof id === 'string' ? requests.get(id) : undefined;
    if (!found) throw new Problem(404, 'REQUEST_NOT_FOUND', 'No such pending binding request');
    return found;
  }

  function findBasket(request: FastifyRequest): StoredBasket {
    const basketId = checkId((request.params as { basketId: string }).basketId, 'basket_id');
    const basket = baskets.get(basketId);
    if (!basket) throw new Problem(404, 'BASKET_NOT_FOUND', 'Basket not found');
    return basket;
  }

  function bindingFrom(body: Record<string, unknown>, phone: PhoneNumber): Binding {
    return {
      phone_number: phone,
      masked_phone_number: maskPhone(phone.phone),
      name: personName(body.name, 'name', DEFAULT_PERSON.name),
      surname: personName(body.surname, 'surname', DEFAULT_PERSON.surname),
    };
  }

  function basketView(basket: StoredBasket) {
    return {
      basket_id: basket.basket_id,
      inpost_basket_id: basket.inpost_basket_id,
      linked: Boolean(basket.binding),
      phone_number: basket.binding?.phone_number ?? null,
      masked_phone_number: basket.binding?.masked_phone_number ?? null,
      name: basket.binding?.name ?? null,
      surname: basket.binding?.surname ?? null,
      products: basket.basket.products,
      summary: basket.basket.summary,
      order_id: basket.order_id,
      updated_at: basket.updated_at,
    };
  }

  // ---- Phone simulator ------------------------------------------------------------------
  app.get('/phone', async (_request, reply) => {
    reply
      .header('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:")
      .type('text/html; charset=utf-8')
      .send(PHONE_PAGE_HTML);
  });
  app.get('/phone/phone.js', async (_request, reply) => {
    reply.type('text/javascript; charset=utf-8').send(PHONE_PAGE_JS);
  });
  app.get('/phone/phone.css', async (_request, reply) => {
    reply.type('text/css; charset=utf-8').send(PHONE_PAGE_CSS);
  });

  app.get('/sandbox/public-key', async () => ({
    public_key: publicKey,
    key_version: keyVersion,
    key_hash: publicKeyHash(createPublicKey(publicKey)),
    merchant_id: merchantId,
  }));

  app.get('/sandbox/binding-requests', async () => ({
    requests: [...requests.values()].map((pending) => ({
      ...pending,
      inpost_basket_id: baskets.get(pending.basket_id)?.inpost_basket_id ?? null,
      masked_phone_number: pending.phone_number ? maskPhone(pending.phone_number.phone) : null,
    })),
  }));

  app.post('/sandbox/binding-requests/:requestId/accept', async (request) => {
    const pending = findRequest(request);
    const body = request.body === undefined || request.body === null ? {} : request.body;
    if (!isObject(body)) throw new Problem(400, 'MALFORMED_REQUEST', 'The body must be a JSON object');
    const phone = pending.phone_number ?? phoneNumber(body.phone_number);
    const binding = bindingFrom(body, phone);
    if (body.trust_browser !== undefined && typeof body.trust_browser !== 'boolean') {
      throw new Problem(400, 'BAD_REQUEST', 'trust_browser must be a boolean');
    }
    const basket = baskets.get(pending.basket_id);
    if (!basket) throw new Problem(404, 'BASKET_NOT_FOUND', 'Basket not found');
    if (basket.binding) throw new Problem(409, 'BASKET_IS_BINDED', 'Basket is already bound');
    // All checks passed: mutate.
    requests.delete(pending.request_id);
    basket.binding = binding;
    const browserId = pending.browser.browser_id ?? null;
    const trust = body.trust_browser !== false && browserId !== null;
    if (trust) remember(trustedBrowsers, browserId, { ...binding });
    const confirmation: BindingConfirmation = {
      status: 'SUCCESS',
      inpost_basket_id: basket.inpost_basket_id,
      phone_number: binding.phone_number,
      browser: { browser_trusted: trust, browser_id: browserId },
      masked_phone_number: binding.masked_phone_number,
      name: binding.name,
      surname: binding.surname,
    };
    const status = await callMerchant(`/basket/${encodeURIComponent(basket.basket_id)}/confirmation`, confirmation);
    return { basket_id: basket.basket_id, masked_phone_number: binding.masked_phone_number, callback_status: status };
  });

  app.post('/sandbox/binding-requests/:requestId/reject', async (request) => {
    const pending = findRequest(request);
    requests.delete(pending.request_id);
    const browserId = pending.browser.browser_id ?? null;
    const confirmation: BindingConfirmation = {
      status: 'REJECT',
      inpost_basket_id: baskets.get(pending.basket_id)?.inpost_basket_id ?? '',
      phone_number: pending.phone_number,
      browser: { browser_trusted: browserId !== null && trustedBrowsers.has(browserId), browser_id: browserId },
      masked_phone_number: pending.phone_number ? maskPhone(pending.phone_number.phone) : null,
      name: null,
      surname: null,
    };
    const status = await callMerchant(`/basket/${encodeURIComponent(pending.basket_id)}/confirmation`, confirmation);
    return { basket_id: pending.basket_id, callback_status: status };
  });

  app.get('/sandbox/baskets', async (request) => {
    const query = request.query as Record<string, unknown>;
    const onlyLinked = query.linked === '1' || query.linked === 'true';
    return { baskets: [...baskets.values()].filter((b) => !onlyLinked || b.binding).map(basketView) };
  });

  app.post('/sandbox/baskets/:basketId/order', async (request) => {
    const basket = findBasket(request);
    if (!basket.binding) throw new Problem(409, 'BASKET_NOT_BOUND', 'Only a linked basket can be ordered');
    if (basket.order_id) throw new Problem(409, 'BASKET_REALIZED', 'This basket was already ordered');
    if (basket.basket.products.length === 0) throw new Problem(409, 'BASKET_EMPTY', 'The basket is empty');
    const orderId = `ORD-${randomBytes(5).toString('hex').toUpperCase()}`;
    basket.order_id = orderId;
    const order: OrderCreated = {
      basket_id: basket.basket_id,
      inpost_basket_id: basket.inpost_basket_id,
      order_id: orderId,
      order_status: 'ORDER_PROCESSING',
      created_at: new Date().toISOString(),
      phone_number: basket.binding.phone_number,
      summary: basket.basket.summary,
      products: basket.basket.products,
    };
    const status = await callMerchant('/order', order);
    return { order_id: orderId, callback_status: status };
  });

  app.delete('/sandbox/baskets/:basketId/binding', async (request, reply) => {
    const basket = findBasket(request);
    basket.binding = null;
    return reply.code(204).send();
  });

  app.put('/sandbox/browsers/:browserId/trust', async (request) => {
    const browserId = checkId((request.params as { browserId: string }).browserId, 'browser_id');
    const body = request.body === undefined || request.body === null ? {} : request.body;
    if (!isObject(body)) throw new Problem(400, 'MALFORMED_REQUEST', 'The body must be a JSON object');
    const phone = body.phone_number === undefined ? DEFAULT_PHONE : phoneNumber(body.phone_number);
    const binding = bindingFrom(body, phone);
    remember(trustedBrowsers, browserId, binding);
    return { browser_id: browserId, masked_phone_number: binding.masked_phone_number };
  });

  app.delete('/sandbox/browsers/:browserId/trust', async (request, reply) => {
    const browserId = checkId((request.params as { browserId: string }).browserId, 'browser_id');
    trustedBrowsers.delete(browserId);
    return reply.code(204).send();
  });

  app.get('/sandbox/state', async () => ({
    baskets: [...baskets.values()].map(basketView),
    binding_requests: [...requests.values()],
    trusted_browsers: [...trustedBrowsers.entries()].map(([browserId, binding]) => ({ browser_id: browserId, ...binding })),
    callbacks,
  }));

  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  return {
    url: serverUrl(app),
    publicKey,
    keyVersion,
    merchantId,
    setMerchantCallbackUrl(url: string) {
      merchantCallbackUrl = url.replace(/\/+$/, '');
    },
    close: () => app.close(),
  };
}

/**
 * `map.set` with a bound, the oldest entry going first: the simulator's API takes no token, so
 * nothing a caller sends may grow the sandbox without end.
 */
function remember<K, V>(map: Map<K, V>, key: K, value: V, limit = 10_000): void {
  map.delete(key);
  if (map.size >= limit) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
