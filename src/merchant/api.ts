// Why one long file: the kit's request pipeline (body limit, signature, replay, route, shape, adapter,
// answer check) reads top to bottom in one place; the key ring it needs is the only other part.
import { createHash } from 'node:crypto';
import { MerchantApiError } from './errors.js';
import { readAtMost } from './read-body.js';
import { memoryReplayStore, type LegacyReplayStore, type ReplayStore } from './replay.js';
import {
  addProductRequestSchema,
  basketEventSchema,
  basketSchema,
  bindingConfirmationSchema,
  createOrderRequestSchema,
  orderEventAnswerSchema,
  orderEventInSchema,
  orderSchema,
  productsPageSchema,
} from './schemas.js';
import { headerValue, keyObject, MAX_SIGNATURE_AGE_SECONDS, publicKeyHash, verifySignedRequest } from './signature.js';
import type {
  AddProductRequest,
  Basket,
  BasketEvent,
  BindingConfirmation,
  CreateOrderRequest,
  Order,
  OrderEventAnswer,
  OrderEventIn,
  ProductsPage,
  ProductsQuery,
  SigningKey,
  SigningKeys,
} from './types.js';
import { ID_PATTERN } from './types.js';
import { validate, type JsonSchema } from './validate.js';

/** A value or a Promise of it. */
export type Awaitable<T> = T | Promise<T>;

/**
 * The shop's side of the endpoints InPost Pay calls: one method per endpoint. Each may be async.
 * Answering `undefined` means "not found" (404 `BASKET_NOT_FOUND`, `ORDER_NOT_FOUND`,
 * `PRODUCT_NOT_FOUND`); throwing {@link MerchantApiError} answers that error; anything else
 * thrown answers 500 with no details (and goes to `onError`).
 *
 * Every argument has been signature-checked and shape-checked against the JSON Schemas before a
 * method runs, and properties InPost sent as null arrive absent; every answer is shape-checked
 * before it is sent (a wrong answer is a 500 and an `onError` naming the field, so the mistake
 * shows in the shop's logs, not in InPost's).
 */
export interface MerchantShop {
  /** `GET /v1/izi/basket/{basket_id}` → 200 the basket. */
  getBasket(basketId: string): Awaitable<Basket | undefined>;
  /**
   * `POST /v1/izi/basket/{basket_id}/confirmation` → 200 the basket. The shopper linked the basket
   * in the app (`status: 'SUCCESS'`) or declined (`'REJECT'`). 409 `ORDER_EXISTS` when ordered.
   */
  confirmBinding(basketId: string, confirmation: BindingConfirmation): Awaitable<Basket | undefined>;
  /**
   * `POST /v1/izi/basket/{basket_id}/event` → 200 the basket. The basket was edited in the app.
   * A change the shop cannot make is answered with the basket and `summary.basket_notice`
   * `{type: 'ERROR', description}`, not with an error.
   */
  applyBasketEvent(basketId: string, event: BasketEvent): Awaitable<Basket | undefined>;
  /**
   * `DELETE /v1/izi/basket/{basket_id}/binding` (also `POST …/binding/delete`) → 200, even for an
   * unknown basket. InPost already removed the binding (unlinked in the app or the widget): forget
   * the local binding only; do not call InPost's binding delete from here.
   */
  deleteBinding(basketId: string): Awaitable<void>;
  /**
   * `POST /v1/izi/basket/product/{product_id}` → 200 the basket with its `basket_id`. A product
   * added in the app: to `request.basket_id`, or to a new basket when absent. Undefined: 404
   * `PRODUCT_NOT_FOUND`; an unknown `basket_id`: throw `MerchantApiError(404, 'BASKET_NOT_FOUND', …)`;
   * 409 `OUT_OF_STOCK` / `PRODUCT_NOT_ADDED` as the case may be.
   */
  addProduct(productId: string, request: AddProductRequest): Awaitable<(Basket & { basket_id: string }) | undefined>;
  /**
   * `POST /v1/izi/order` → 201 the order. Undefined: 404 `BASKET_NOT_FOUND`. A second call for
   * the same basket should answer the existing order; 409 `ORDER_NOT_CREATE` when the order
   * cannot be made (price changed, stock, address).
   */
  createOrder(order: CreateOrderRequest): Awaitable<Order | undefined>;
  /** `GET /v1/izi/order/{order_id}` → 200 the order. */
  getOrder(orderId: string): Awaitable<Order | undefined>;
  /**
   * `POST /v1/izi/order/{order_id}/event` → 200 `{order_merchant_status_description, …}`. The
   * payment's result: `event_data.payment_status: 'AUTHORIZED'` means paid;
   * `event_data.order_status: 'ORDER_REJECTED'` means cancel.
   */
  applyOrderEvent(orderId: string, event: OrderEventIn): Awaitable<OrderEventAnswer | undefined>;
  /** `GET /v1/izi/products?page_index=&page_size=&product_ids=` → 200 a page of products. */
  getProducts(query: ProductsQuery): Awaitable<ProductsPage>;
}

/** Where the kit gets InPost's signing keys from. */
export interface SigningKeySource {
  /** `GET /v1/izi/signing-keys/public`, e.g. an {@link InpostPayClient}. */
  getSigningKeys(): Promise<SigningKeys>;
}

/** Options of {@link createMerchantApi}. */
export interface MerchantApiOptions {
  /** The shop's adapter. */
  shop: MerchantShop;
  /**
   * InPost's signing keys as the signing-keys API answers them (`GET /v1/izi/signing-keys/public`
   * or `/{version}`), for offline use and tests. Give this or `client`.
   */
  signingKeys?: SigningKeys | SigningKey;
  /**
   * Where to fetch the signing keys (an `InpostPayClient`). Fetched on first use, kept for
   * `keyCacheSeconds`, fetched again (at most every `keyRefetchSeconds`) when a request names a
   * version or hash the cache does not know: that is how a key rotation reaches the shop.
   */
  client?: SigningKeySource;
  /** How long fetched keys are kept, in seconds. Default 3600. */
  keyCacheSeconds?: number;
  /**
   * Least time between the END of a failed fetch, or of a fetch that brought no key for the
   * version a request named, and the next fetch, in seconds (so forged requests cannot hammer
   * InPost, however slow its answers, and an unreachable InPost does not slow every request; the
   * cached keys answer meanwhile). A request naming a new version after a successful fetch is
   * fetched at once (a rotation). Default 10.
   *
   * A request whose key version is cached never waits for a fetch: a refresh after
   * `keyCacheSeconds` runs in the background. Only a request naming a version the cache does not
   * know waits, for one fetch at most, and is answered 401 `INVALID_SIGNATURE` when the version is
   * still unknown (or at once, within the pause above).
   */
  keyRefetchSeconds?: number;
  /**
   * Where seen signatures are remembered. Default {@link memoryReplayStore} (one process only);
   * several instances: `redisReplayStore` of `inpost-pay-widget/merchant/redis`. A
   * {@link LegacyReplayStore} (`remember` only) still works, without the retry after a 5xx.
   */
  replayStore?: ReplayStore | LegacyReplayStore;
  /**
   * The path InPost Pay calls the API under, the part before `/v1/izi/`: `'/inpost'` when InPost
   * calls `https://shop.example/inpost/v1/izi/…`. Requests are answered at exactly
   * `${basePath}/v1/izi/…`; any other path is 404 `NOT_FOUND` (`/anything/v1/izi/…` included).
   * Default `''`, the root of what the handler is given: with `toNodeListener` in Express
   * (`app.use('/inpost', …)`) that is the mount path, which Express strips; with Node's http
   * server, fastify, Next.js, Hono and others the handler sees the full path, so give the prefix
   * here. A signed request that arrives under another prefix is reported once through `onError`.
   */
  basePath?: string;
  /** Largest body accepted, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Allowed distance of a signature's timestamp from now, in seconds. Default 240. */
  maxSignatureAgeSeconds?: number;
  /**
   * Called with what went wrong whenever the kit answers 500, a key fetch fails, the replay store
   * fails after an answer was made, or (once) a signed request arrives outside `basePath`.
   * Default `console.error`.
   */
  onError?: (error: unknown, request: Request) => void;
  /** The clock (for tests). */
  now?: () => Date;
}

/** A handler in the Fetch API's terms: mount it in any server that speaks `Request` and `Response`. */
export type MerchantApiHandler = (request: Request) => Promise<Response>;

/** @internal An answer. */
class Answer {
  constructor(readonly status: number, readonly body?: unknown, readonly retryAfter?: number) {}
}

const fail = (status: number, errorCode: string, message: string) => new MerchantApiError(status, errorCode, message);

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** The path below `/v1/izi/`; `:` stands for an id, handed to `run` in order. */
  path: string[];
  /** Schema of the request body, when the endpoint takes one. */
  request?: JsonSchema;
  run(ids: string[], body: unknown, url: URL): Promise<Answer>;
}

/**
 * The endpoints InPost Pay calls on the shop, as one Fetch API handler. It answers the paths of
 * InPost Pay's merchant API from `/v1/izi/` on, under whatever prefix the shop mounts it.
 *
 * Every request goes through, in this order: the body, read up to `maxBodyBytes` (413
 * `PAYLOAD_TOO_LARGE`); the signature over exactly those bytes, in its canonical spelling only
 * (401 `INVALID_SIGNATURE`); replay protection, on the signature's bytes (below); the route at
 * `basePath` (404 `NOT_FOUND`, 405 `METHOD_NOT_ALLOWED`); the path's ids against the pattern the
 * client uses, `[A-Za-z0-9_-]{1,64}` (400 `MALFORMED_REQUEST`); JSON only (415
 * `UNSUPPORTED_MEDIA_TYPE`); the body's JSON and shape (400 `MALFORMED_REQUEST` naming the field;
 * keys that name `Object.prototype` members, such as `__proto__` and `constructor`, are dropped);
 * then the shop's adapter. Errors are `{error_code, error_message}`.
 *
 * Replay protection: a signature is acted on once within its window. The same request again
 * (same signature, method and path) gets the stored answer of the first, status and body, without
 * calling the adapter; while the first is still being handled, 503 `SERVICE_UNAVAILABLE` with
 * `Retry-After: 1`; when the first failed with a 5xx, it is handled afresh (InPost's retry of a
 * database hiccup is not lost). The signature with another method or path is refused 401
 * `INVALID_SIGNATURE` ("already used"): InPost's signature covers neither, so this is what stops
 * a GET's empty-body signature from being replayed as a DELETE, and it is also why two body-less
 * calls signed in the same millisecond cannot both be accepted.
 *
 * The options are checked here: a `shop` without one of the {@link MerchantShop} methods, or
 * `signingKeys` with a missing or mistyped field, throws a `TypeError` naming it.
 *
 * @example
 * ```ts
 * const inpost = new InpostPayClient({ clientId, clientSecret });
 * const handler = createMerchantApi({ client: inpost, shop: myShopAdapter });
 * http.createServer(toNodeListener(handler)).listen(8080); // InPost calls https://shop.example/v1/izi/...
 * ```
 */
export function createMerchantApi(options: MerchantApiOptions): MerchantApiHandler {
  const { shop } = options;
  if (!shop) throw new TypeError('createMerchantApi needs options.shop');
  for (const method of SHOP_METHODS) {
    const value = (shop as unknown as Record<string, unknown>)[method];
    if (typeof value !== 'function') {
      throw new TypeError(`createMerchantApi: options.shop.${method} is ${value === undefined ? 'missing' : 'not a function'}; the adapter needs every MerchantShop method (${SHOP_METHODS.join(', ')})`);
    }
  }
  if (!options.signingKeys && !options.client) throw new TypeError('createMerchantApi needs options.signingKeys or options.client');
  if (options.signingKeys) {
    const problem = signingKeysProblem(options.signingKeys);
    if (problem) throw new TypeError(`createMerchantApi: options.signingKeys${problem}`);
  }
  if (options.client && typeof options.client.getSigningKeys !== 'function') throw new TypeError('createMerchantApi: options.client.getSigningKeys is not a function');
  const basePath = options.basePath ?? '';
  if (typeof basePath !== 'string' || !/^(\/[^/?#]+)*$/.test(basePath)) {
    throw new TypeError(`createMerchantApi: options.basePath must be '' or a path like '/inpost', without a trailing slash (got ${JSON.stringify(basePath)})`);
  }
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const maxAge = options.maxSignatureAgeSeconds ?? MAX_SIGNATURE_AGE_SECONDS;
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? ((error: unknown) => console.error('inpost-pay-widget/merchant:', error));
  const keys = keyRing(options, now, onError);
  let reportedOtherPrefix = false;

  /** Checks an adapter's answer; a wrong one is the shop's bug, reported and answered 500. */
  function answer(status: number, schema: JsonSchema, value: unknown, method: string): Answer {
    const problem = validate(schema, value);
    if (problem) throw new ShopAnswerError(`shop.${method} answered an invalid ${schema.title}: ${problem.path || 'the answer'} ${problem.message}`);
    return new Answer(status, value);
  }

  // The endpoints of the wire reference's §3. The first route whose path and method fit wins:
  // `basket/product/:` comes first, so that a POST of a product is never read as a basket call.
  const routes: Route[] = [
    {
      method: 'POST',
      path: ['basket', 'product', ':'],
      request: addProductRequestSchema,
      run: async ([productId], body) => {
        const basket = await shop.addProduct(productId!, body as AddProductRequest);
        if (basket === undefined) throw fail(404, 'PRODUCT_NOT_FOUND', 'Product not found');
        if (typeof basket.basket_id !== 'string' || basket.basket_id === '') {
          throw new ShopAnswerError('shop.addProduct answered a basket without basket_id');
        }
        return answer(200, basketSchema, basket, 'addProduct');
      },
    },
    { method: 'GET', path: ['basket', ':'], run: async ([id]) => answer(200, basketSchema, found(await shop.getBasket(id!), 'BASKET'), 'getBasket') },
    {
      method: 'POST',
      path: ['basket', ':', 'confirmation'],
      request: bindingConfirmationSchema,
      run: async ([id], body) => answer(200, basketSchema, found(await shop.confirmBinding(id!, body as BindingConfirmation), 'BASKET'), 'confirmBinding'),
    },
    {
      method: 'POST',
      path: ['basket', ':', 'event'],
      request: basketEventSchema,
      run: async ([id], body) => {
        const event = body as BasketEvent;
        // An absent or null promo code list is the empty wanted set (see basketEventSchema).
        if (event.event_type === 'PROMO_CODES') event.promo_codes_event_data ??= [];
        return answer(200, basketSchema, found(await shop.applyBasketEvent(id!, event), 'BASKET'), 'applyBasketEvent');
      },
    },
    { method: 'DELETE', path: ['basket', ':', 'binding'], run: deleteBinding },
    // PrestaShop's alias of the DELETE.
    { method: 'POST', path: ['basket', ':', 'binding', 'delete'], run: deleteBinding },
    {
      method: 'POST',
      path: ['order'],
      request: createOrderRequestSchema,
      run: async (_ids, body) => answer(201, orderSchema, found(await shop.createOrder(body as CreateOrderRequest), 'BASKET'), 'createOrder'),
    },
    { method: 'GET', path: ['order', ':'], run: async ([id]) => answer(200, orderSchema, found(await shop.getOrder(id!), 'ORDER'), 'getOrder') },
    {
      method: 'POST',
      path: ['order', ':', 'event'],
      request: orderEventInSchema,
      run: async ([id], body) => answer(200, orderEventAnswerSchema, found(await shop.applyOrderEvent(id!, body as OrderEventIn), 'ORDER'), 'applyOrderEvent'),
    },
    { method: 'GET', path: ['products'], run: async (_ids, _body, url) => answer(200, productsPageSchema, await shop.getProducts(productsQuery(url)), 'getProducts') },
  ];

  async function deleteBinding([id]: string[]): Promise<Answer> {
    await shop.deleteBinding(id!);
    return new Answer(200);
  }

  /** The route for the path, with its ids; 404 for an unknown path, 405 for a known one with another method. */
  function route(method: string, segments: string[]): { route: Route; ids: string[] } {
    let pathKnown = false;
    for (const candidate of routes) {
      if (candidate.path.length !== segments.length) continue;
      if (!candidate.path.every((part, i) => part === ':' || part === segments[i])) continue;
      const ids = segments.filter((_segment, i) => candidate.path[i] === ':');
      if (candidate.method === method) {
        for (const id of ids) {
          if (!ID_PATTERN.test(id)) throw fail(400, 'MALFORMED_REQUEST', `The path's id must match ${ID_PATTERN.source}`);
        }
        return { route: candidate, ids };
      }
      pathKnown = true;
    }
    throw pathKnown ? fail(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`) : fail(404, 'NOT_FOUND', 'Unknown endpoint');
  }

  /** The decoded path segments from `${basePath}/v1/izi/` on; 404 for any other path. */
  function pathBelowIzi(url: URL, request: Request): string[] {
    const prefix = `${basePath}/v1/izi/`;
    if (!url.pathname.startsWith(prefix)) {
      const at = url.pathname.indexOf('/v1/izi/');
      if (at > 0 && !reportedOtherPrefix) {
        // Signed, so InPost (or a replay of InPost) called here: most likely basePath is not set.
        reportedOtherPrefix = true;
        onError(new Error(`createMerchantApi: a signed request came to ${url.pathname.slice(0, at)}/v1/izi/…, outside basePath ${JSON.stringify(basePath)}; answered 404. If InPost Pay calls the shop there, set basePath: ${JSON.stringify(url.pathname.slice(0, at))}`), request);
      }
      throw fail(404, 'NOT_FOUND', 'Unknown endpoint');
    }
    let segments: string[];
    try {
      segments = url.pathname.slice(prefix.length).split('/').map((segment) => decodeURIComponent(segment));
    } catch {
      throw fail(400, 'MALFORMED_REQUEST', 'The path is not valid percent-encoding');
    }
    if (segments.some((segment) => segment === '' || segment.length > 255)) throw fail(404, 'NOT_FOUND', 'Unknown endpoint');
    return segments;
  }

  /** Route, shape and adapter: the answer to a request whose signature was accepted. */
  async function act(request: Request, url: URL, raw: Uint8Array): Promise<Answer> {
    const { route: endpoint, ids } = route(request.method.toUpperCase(), pathBelowIzi(url, request));
    let body: unknown;
    if (endpoint.request) {
      const type = request.headers.get('content-type') ?? '';
      if (!/^application\/json\s*(;|$)/i.test(type)) throw fail(415, 'UNSUPPORTED_MEDIA_TYPE', 'The body must be application/json');
      try {
        body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw), withoutNullAndPrototypeKeys);
      } catch {
        throw fail(400, 'MALFORMED_REQUEST', 'The body is not JSON');
      }
      const problem = validate(endpoint.request, body);
      if (problem) throw fail(400, 'MALFORMED_REQUEST', `${problem.path || 'The body'} ${problem.message}`);
    }
    return endpoint.run(ids, body, url);
  }

  /** An error as the answer InPost gets: a MerchantApiError as it is, anything else 500 (and onError). */
  function errorAnswer(error: unknown, request: Request): Answer {
    if (error instanceof MerchantApiError) return new Answer(error.status, { error_code: error.errorCode, error_message: error.message });
    onError(error, request);
    return new Answer(500, { error_code: 'INTERNAL_SERVER_ERROR', error_message: 'Internal server error' });
  }

  async function handle(request: Request): Promise<Response> {
    // Signature first (over the bytes read within the limit), so an unsigned caller learns
    // nothing, not even which paths exist.
    const raw = await readBody(request, maxBodyBytes);
    const verified = await keys.verify(raw, request, maxAge);
    if (typeof verified === 'string') throw fail(401, 'INVALID_SIGNATURE', `Signature refused: ${verified}`);
    const url = new URL(request.url);
    // The decoded bytes, not the header's text: no respelling makes a new key (and the check
    // above already refuses every spelling but the canonical one).
    const replayKey = `inpost-pay:seen:${createHash('sha256').update(verified).digest('base64url')}`;
    // The signature covers neither method nor path: the entry remembers which request it came with.
    const requestId = createHash('sha256').update(`${request.method.toUpperCase()} ${url.pathname}${url.search}`).digest('base64url').slice(0, 22);
    const reservation = await replay.reserve(replayKey, requestId);
    if (reservation instanceof Answer) return toResponse(reservation);
    let result: Answer;
    try {
      result = await act(request, url, raw);
    } catch (error) {
      result = errorAnswer(error, request);
    }
    try {
      await (result.status >= 500 ? replay.release(reservation, requestId) : replay.commit(reservation, requestId, result));
    } catch (error) {
      // The answer stands; the store's trouble is the shop's to see.
      onError(error, request);
    }
    return toResponse(result);
  }

  const replay = replayBook(options.replayStore ?? memoryReplayStore(), 2 * maxAge + 60, now);

  return async (request) => {
    try {
      return await handle(request);
    } catch (error) {
      return toResponse(errorAnswer(error, request));
    }
  };
}

/** The methods every {@link MerchantShop} must have, checked at creation. */
const SHOP_METHODS = ['getBasket', 'confirmBinding', 'applyBasketEvent', 'deleteBinding', 'addProduct', 'createOrder', 'getOrder', 'applyOrderEvent', 'getProducts'] as const;

function toResponse(answer: Answer): Response {
  const headers: Record<string, string> = answer.retryAfter ? { 'retry-after': String(answer.retryAfter) } : {};
  return answer.body === undefined
    ? new Response(null, { status: answer.status, headers })
    : Response.json(answer.body, { status: answer.status, headers });
}

/** How long a request may be "being handled" before a retry may take it over (its handler died). */
const ABANDONED_AFTER_MS = 60_000;

interface ReplayEntry {
  /** The request the signature came with: a hash of method, path and query. */
  r: string;
  /** Being handled, answered, or failed with a 5xx. */
  s: 'pending' | 'done' | 'failed';
  /** pending: since when (epoch ms). */
  t?: number;
  /** done: the answer's status and body. */
  c?: number;
  b?: unknown;
}

/**
 * The states of a signature (see replay.ts) on a {@link ReplayStore}'s two atomic operations;
 * a {@link LegacyReplayStore} gets the old promise (every reuse refused).
 */
function replayBook(store: ReplayStore | LegacyReplayStore, ttlSeconds: number, now: () => Date) {
  const used = () => fail(401, 'INVALID_SIGNATURE', 'Signature refused: already used');
  const legacy = typeof (store as ReplayStore).claim !== 'function' ? (store as LegacyReplayStore) : undefined;
  const atomic = store as ReplayStore;
  return {
    /** The reservation to commit or release, or the answer to give at once. */
    async reserve(key: string, requestId: string): Promise<{ key: string; value: string } | Answer> {
      if (legacy) {
        if (await legacy.remember(key, ttlSeconds)) throw used();
        return { key, value: '' };
      }
      const value = JSON.stringify({ r: requestId, s: 'pending', t: now().getTime() } satisfies ReplayEntry);
      const held = await atomic.claim(key, value, ttlSeconds);
      if (held === undefined) return { key, value };
      let entry: ReplayEntry | undefined;
      try {
        entry = JSON.parse(held) as ReplayEntry;
      } catch {
        entry = undefined;
      }
      if (!entry || entry.r !== requestId) throw used();
      if (entry.s === 'done') return new Answer(entry.c ?? 200, entry.b ?? undefined);
      const abandoned = entry.s === 'pending' && now().getTime() - (entry.t ?? 0) > ABANDONED_AFTER_MS;
      if ((entry.s === 'failed' || abandoned) && (await atomic.swap(key, held, value, ttlSeconds))) return { key, value };
      // Being handled right now (or another retry just took it over): try again shortly.
      return new Answer(503, { error_code: 'SERVICE_UNAVAILABLE', error_message: 'The same request is being handled; try again' }, 1);
    },
    /** The request was answered (below 500): the same request again gets this answer. */
    async commit(reservation: { key: string; value: string }, requestId: string, answer: Answer): Promise<void> {
      if (legacy) return;
      const done = JSON.stringify({ r: requestId, s: 'done', c: answer.status, ...(answer.body === undefined ? {} : { b: answer.body }) } satisfies ReplayEntry);
      await atomic.swap(reservation.key, reservation.value, done, ttlSeconds);
    },
    /** The request failed with a 5xx: the same request again is handled afresh. */
    async release(reservation: { key: string; value: string }, requestId: string): Promise<void> {
      if (legacy) return;
      await atomic.swap(reservation.key, reservation.value, JSON.stringify({ r: requestId, s: 'failed' } satisfies ReplayEntry), ttlSeconds);
    },
  };
}

/** The adapter answered something InPost would not understand: the shop's bug. */
class ShopAnswerError extends Error {
  override name = 'ShopAnswerError';
}

/**
 * `JSON.parse` reviver that drops properties whose value is null: on InPost's wire null means
 * "not given" (PrestaShop's models read both alike), and the adapter's types say absent
 * (`invoice_details?: InvoiceDetails`), so `invoice_details !== undefined` must mean an object.
 * It also drops keys that name members of `Object.prototype` (`__proto__`, `constructor`,
 * `toString`, …) and `prototype`: no InPost field is called so, and an adapter that copies the
 * body with `Object.assign` or reads `body.constructor` must not meet them.
 */
function withoutNullAndPrototypeKeys(this: unknown, key: string, value: unknown): unknown {
  if (Array.isArray(this)) return value;
  if (key in Object.prototype || key === 'prototype') return undefined;
  return value === null ? undefined : value;
}

function found<T>(value: T | undefined, what: 'BASKET' | 'ORDER'): T {
  if (value === undefined || value === null) throw fail(404, `${what}_NOT_FOUND`, `${what === 'BASKET' ? 'Basket' : 'Order'} not found`);
  return value;
}

/** `page_index`, `page_size` (defaults 0 and 20, as PrestaShop) and `product_ids` in any of the forms plugins send. */
function productsQuery(url: URL): ProductsQuery {
  const params = url.searchParams;
  const integer = (name: string, fallback: number, max: number): number => {
    const value = params.get(name);
    if (value === null || value === '') return fallback;
    if (!/^\d{1,9}$/.test(value) || Number(value) > max) throw fail(400, 'MALFORMED_REQUEST', `${name} must be an integer from 0 to ${max}`);
    return Number(value);
  };
  const ids: string[] = [];
  for (const [key, value] of params) {
    // product_ids=a,b (PrestaShop), product_ids[0]=a (WooCommerce), product_ids=a&product_ids=b.
    if (key === 'product_ids' || /^product_ids\[\d*\]$/.test(key)) ids.push(...value.split(',').filter((item) => item !== ''));
  }
  if (ids.length > 1000) throw fail(400, 'MALFORMED_REQUEST', 'product_ids has more than 1000 items');
  return {
    page_index: integer('page_index', 0, 1_000_000),
    page_size: integer('page_size', 20, 1000),
    ...(ids.length ? { product_ids: ids } : {}),
  };
}

/** The body's bytes, refusing more than `limit` without reading them all. */
async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => fail(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${limit} bytes`);
  if (Number(request.headers.get('content-length') ?? NaN) > limit) throw tooLarge();
  const read = await readAtMost(request.body, limit);
  if (read.tooLarge) throw tooLarge();
  return read.bytes;
}

/**
 * What is wrong with a signing-keys answer (as a path suffix and a message), or null.
 * @internal
 */
export function signingKeysProblem(value: unknown): string | null {
  const record = (item: unknown): item is Record<string, unknown> => typeof item === 'object' && item !== null && !Array.isArray(item);
  const others = (item: Record<string, unknown>, known: string[]) => {
    const extra = Object.keys(item).filter((key) => !known.includes(key));
    return extra.length ? ` (found ${extra.join(', ')})` : '';
  };
  if (!record(value)) return ' must be the signing-keys answer, an object';
  if (typeof value.merchant_external_id !== 'string' || value.merchant_external_id === '') {
    return `.merchant_external_id ${value.merchant_external_id === undefined ? 'is missing' : 'must be a non-empty string'}${others(value, ['public_keys', 'public_key'])}`;
  }
  const list = Array.isArray(value.public_keys) ? value.public_keys : value.public_key !== undefined ? [value.public_key] : undefined;
  if (!list || list.length === 0) return `.public_keys must be a non-empty array (or public_key one key)${others(value, ['merchant_external_id'])}`;
  for (let i = 0; i < list.length; i++) {
    const key: unknown = list[i];
    const where = Array.isArray(value.public_keys) ? `.public_keys[${i}]` : '.public_key';
    if (!record(key)) return `${where} must be an object`;
    const known = ['public_key_base64', 'version'];
    if (typeof key.version !== 'string' && typeof key.version !== 'number') return `${where}.version ${key.version === undefined ? 'is missing' : 'must be a string or number'}${others(key, known)}`;
    if (String(key.version) === '') return `${where}.version must not be empty`;
    if (typeof key.public_key_base64 !== 'string' || key.public_key_base64 === '') {
      return `${where}.public_key_base64 ${key.public_key_base64 === undefined ? 'is missing' : 'must be a non-empty string'}${others(key, known)}`;
    }
    let type: string | undefined;
    try {
      type = keyObject(key.public_key_base64).asymmetricKeyType;
    } catch {
      type = undefined;
    }
    if (type !== 'rsa') return `${where}.public_key_base64 must be Base64 of an RSA public key (DER SubjectPublicKeyInfo)`;
  }
  return null;
}

/** InPost's keys by version, given or fetched, and the signature check against them. */
function keyRing(options: MerchantApiOptions, now: () => Date, onError: (error: unknown, request: Request) => void) {
  const cacheMs = (options.keyCacheSeconds ?? 3600) * 1000;
  const refetchMs = (options.keyRefetchSeconds ?? 10) * 1000;
  const client = options.client;
  let merchantExternalId = '';
  const byVersion = new Map<string, { base64: string; hash: string }>();
  // When the last successful fetch ended.
  let fetchedAt = -Infinity;
  // No fetch before this: set, from the END of a fetch, when it failed or brought no key for the
  // version a request named. So forged versions cannot hammer InPost however slow it answers, and
  // an unreachable InPost does not slow every request (the cached keys answer meanwhile), while a
  // real rotation is fetched at once after a successful fetch.
  let pausedUntil = -Infinity;
  // The fetch under way, if any: never more than one at a time.
  let fetching: Promise<void> | null = null;

  function load(answer: SigningKeys | SigningKey): void {
    const list = 'public_keys' in answer ? answer.public_keys : [answer.public_key];
    byVersion.clear();
    for (const key of list) byVersion.set(String(key.version), { base64: key.public_key_base64, hash: publicKeyHash(key.public_key_base64) });
    merchantExternalId = answer.merchant_external_id;
  }
  if (options.signingKeys) load(options.signingKeys);

  /** Starts a fetch unless one is under way; either way, the fetch under way. */
  function fetchKeys(request: Request): Promise<void> {
    fetching ??= (async () => {
      try {
        const answer: unknown = await client!.getSigningKeys();
        const problem = signingKeysProblem(answer);
        if (problem) throw new Error(`The signing keys fetched are not usable: the answer${problem}`);
        load(answer as SigningKeys | SigningKey);
        fetchedAt = now().getTime();
      } catch (error) {
        pausedUntil = now().getTime() + refetchMs;
        onError(error, request);
      } finally {
        fetching = null;
      }
    })();
    return fetching;
  }

  return {
    /** @returns the signature's bytes when it is good, else the problem */
    async verify(body: Uint8Array, request: Request, maxAgeSeconds: number): Promise<Buffer | string> {
      const { headers } = request;
      const version = headerValue(headers, 'x-public-key-ver');
      const hash = headerValue(headers, 'x-public-key-hash')?.toLowerCase();
      const known = () => (version === undefined ? undefined : byVersion.get(version));
      const fits = () => known() !== undefined && known()!.hash === hash;
      if (client) {
        const time = now().getTime();
        if (byVersion.size > 0 && fits()) {
          // The key is at hand: go on with it; a stale cache is refreshed in the background.
          if (time - fetchedAt >= cacheMs && time >= pausedUntil && !fetching) void fetchKeys(request);
        } else if (byVersion.size === 0 || (version !== undefined && hash !== undefined)) {
          // Nothing cached yet, or a version (or key) the cache does not know: this request, and
          // only this one, waits for a fetch (the one under way, or a new one unless paused).
          const fetched = fetching ?? (time >= pausedUntil ? fetchKeys(request) : undefined);
          if (fetched) {
            await fetched;
            // A fetch that brought no key for the version named: pause, from the end of the fetch.
            if (byVersion.size > 0 && version !== undefined && !fits()) pausedUntil = Math.max(pausedUntil, now().getTime() + refetchMs);
          }
        }
        // With keys at hand the kit goes on with them; without any, InPost should try again later.
        if (byVersion.size === 0) throw fail(503, 'SERVICE_UNAVAILABLE', 'The signing keys are not available');
      }
      const key = known();
      if (!key) return version === undefined ? 'MISSING_HEADERS' : 'UNKNOWN_KEY';
      const check = verifySignedRequest({
        body,
        headers,
        merchantExternalId,
        publicKey: key.base64,
        keyVersion: version,
        maxAgeSeconds,
        now: now(),
      });
      if (!check.ok) return check.problem;
      return Buffer.from(headerValue(headers, 'x-signature')!, 'base64');
    },
  };
}
