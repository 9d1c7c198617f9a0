// Why one long file: the kit's request pipeline (body limit, signature, replay, route, shape, adapter,
// answer check) reads top to bottom in one place; the key ring it needs is the only other part.
import { createHash } from 'node:crypto';
import { MerchantApiError } from './errors.js';
import { readAtMost } from './read-body.js';
import { memoryReplayStore, type ReplayStore } from './replay.js';
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
import { headerValue, MAX_SIGNATURE_AGE_SECONDS, publicKeyHash, verifySignedRequest } from './signature.js';
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
   * Least time before the next fetch after a failed fetch, or after a fetch that brought no key
   * for the version a request named, in seconds (so forged requests cannot hammer InPost, and an
   * unreachable InPost does not slow every request; the cached keys answer meanwhile). A request
   * naming a new version after a successful fetch is fetched at once (a rotation). Default 10.
   */
  keyRefetchSeconds?: number;
  /** Where seen signatures are remembered. Default {@link memoryReplayStore} (one process only). */
  replayStore?: ReplayStore;
  /** Largest body accepted, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Allowed distance of a signature's timestamp from now, in seconds. Default 240. */
  maxSignatureAgeSeconds?: number;
  /** Called with what went wrong whenever the kit answers 500. Default `console.error`. */
  onError?: (error: unknown, request: Request) => void;
  /** The clock (for tests). */
  now?: () => Date;
}

/** A handler in the Fetch API's terms: mount it in any server that speaks `Request` and `Response`. */
export type MerchantApiHandler = (request: Request) => Promise<Response>;

/** @internal An answer. */
class Answer {
  constructor(readonly status: number, readonly body?: unknown) {}
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
 * `PAYLOAD_TOO_LARGE`); the signature over exactly those bytes (401 `INVALID_SIGNATURE`); replay
 * protection (a signature already seen: 401 `INVALID_SIGNATURE`); the route (404 `NOT_FOUND`,
 * 405 `METHOD_NOT_ALLOWED`); JSON only (415 `UNSUPPORTED_MEDIA_TYPE`); the body's JSON and shape
 * (400 `MALFORMED_REQUEST` naming the field); then the shop's adapter. Errors are
 * `{error_code, error_message}`.
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
  if (!options.signingKeys && !options.client) throw new TypeError('createMerchantApi needs options.signingKeys or options.client');
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const maxAge = options.maxSignatureAgeSeconds ?? MAX_SIGNATURE_AGE_SECONDS;
  const replayStore = options.replayStore ?? memoryReplayStore();
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? ((error: unknown) => console.error('inpost-pay-widget/merchant: answered 500:', error));
  const keys = keyRing(options, now, onError);

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
      if (candidate.method === method) return { route: candidate, ids };
      pathKnown = true;
    }
    throw pathKnown ? fail(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`) : fail(404, 'NOT_FOUND', 'Unknown endpoint');
  }

  async function handle(request: Request): Promise<Response> {
    // Signature first (over the bytes read within the limit), so an unsigned caller learns
    // nothing, not even which paths exist.
    const raw = await readBody(request, maxBodyBytes);
    const signatureProblem = await keys.verify(raw, request, maxAge);
    if (signatureProblem) throw fail(401, 'INVALID_SIGNATURE', `Signature refused: ${signatureProblem}`);
    const signature = headerValue(request.headers, 'x-signature')!;
    const replayKey = `inpost-pay:seen:${createHash('sha256').update(signature).digest('base64url')}`;
    // A timestamp is accepted up to maxAge either side of now, so a signature can be fresh for 2 × maxAge.
    if (await replayStore.remember(replayKey, 2 * maxAge + 60)) throw fail(401, 'INVALID_SIGNATURE', 'Signature refused: already used');

    const url = new URL(request.url);
    const { route: endpoint, ids } = route(request.method.toUpperCase(), pathBelowIzi(url));
    let body: unknown;
    if (endpoint.request) {
      const type = request.headers.get('content-type') ?? '';
      if (!/^application\/json\s*(;|$)/i.test(type)) throw fail(415, 'UNSUPPORTED_MEDIA_TYPE', 'The body must be application/json');
      try {
        body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw), withoutNullProperties);
      } catch {
        throw fail(400, 'MALFORMED_REQUEST', 'The body is not JSON');
      }
      const problem = validate(endpoint.request, body);
      if (problem) throw fail(400, 'MALFORMED_REQUEST', `${problem.path || 'The body'} ${problem.message}`);
    }
    const result = await endpoint.run(ids, body, url);
    return result.body === undefined
      ? new Response(null, { status: result.status })
      : Response.json(result.body, { status: result.status });
  }

  return async (request) => {
    try {
      return await handle(request);
    } catch (error) {
      if (error instanceof MerchantApiError) {
        return Response.json({ error_code: error.errorCode, error_message: error.message }, { status: error.status });
      }
      onError(error, request);
      return Response.json({ error_code: 'INTERNAL_SERVER_ERROR', error_message: 'Internal server error' }, { status: 500 });
    }
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
 */
function withoutNullProperties(this: unknown, _key: string, value: unknown): unknown {
  return value === null && !Array.isArray(this) ? undefined : value;
}

/** The decoded path segments from `/v1/izi/` on; 404 when there are none. */
function pathBelowIzi(url: URL): string[] {
  const at = url.pathname.indexOf('/v1/izi/');
  if (at < 0) throw fail(404, 'NOT_FOUND', 'Unknown endpoint');
  let segments: string[];
  try {
    segments = url.pathname.slice(at + '/v1/izi/'.length).split('/').map((segment) => decodeURIComponent(segment));
  } catch {
    throw fail(400, 'MALFORMED_REQUEST', 'The path is not valid percent-encoding');
  }
  if (segments.some((segment) => segment === '' || segment.length > 255)) throw fail(404, 'NOT_FOUND', 'Unknown endpoint');
  return segments;
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

/** InPost's keys by version, given or fetched, and the signature check against them. */
function keyRing(options: MerchantApiOptions, now: () => Date, onError: (error: unknown, request: Request) => void) {
  const cacheMs = (options.keyCacheSeconds ?? 3600) * 1000;
  const refetchMs = (options.keyRefetchSeconds ?? 10) * 1000;
  let merchantExternalId = '';
  const byVersion = new Map<string, { base64: string; hash: string }>();
  let fetchedAt = -Infinity;
  // When a fetch last failed, or brought no key for the version a request named: only then does
  // the next fetch wait refetchMs, so forged versions cannot hammer InPost and an unreachable
  // InPost does not slow every request (the cached keys answer meanwhile), while a real rotation
  // is fetched at once, however recently the keys were fetched.
  let missedAt = -Infinity;
  let fetching: Promise<void> | null = null;

  function load(answer: SigningKeys | SigningKey): void {
    merchantExternalId = answer.merchant_external_id;
    const list = 'public_keys' in answer ? answer.public_keys : [answer.public_key];
    byVersion.clear();
    for (const key of list) byVersion.set(String(key.version), { base64: key.public_key_base64, hash: publicKeyHash(key.public_key_base64) });
  }
  if (options.signingKeys) load(options.signingKeys);

  async function refresh(unknownKey: boolean, request: Request): Promise<void> {
    const client = options.client;
    if (!client) return;
    const time = now().getTime();
    if (!fetching && (unknownKey || time - fetchedAt >= cacheMs) && time - missedAt >= refetchMs) {
      fetching = client.getSigningKeys()
        .then((answer) => {
          load(answer);
          fetchedAt = now().getTime();
        })
        .catch((error: unknown) => {
          missedAt = time;
          onError(error, request);
        })
        .finally(() => {
          fetching = null;
        });
    }
    if (fetching) await fetching;
    // With keys at hand the kit goes on with them; without any, InPost should try again later.
    if (byVersion.size === 0) throw fail(503, 'SERVICE_UNAVAILABLE', 'The signing keys are not available');
  }

  return {
    /** @returns the problem, or null when the signature is good */
    async verify(body: Uint8Array, request: Request, maxAgeSeconds: number): Promise<string | null> {
      const { headers } = request;
      await refresh(false, request);
      const version = headerValue(headers, 'x-public-key-ver');
      const hash = headerValue(headers, 'x-public-key-hash')?.toLowerCase();
      const known = () => version !== undefined && byVersion.get(version)?.hash === hash;
      if (version !== undefined && hash !== undefined && !known()) {
        await refresh(true, request);
        if (!known()) missedAt = now().getTime();
      }
      const key = version === undefined ? undefined : byVersion.get(version);
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
      return check.ok ? null : check.problem;
    },
  };
}
