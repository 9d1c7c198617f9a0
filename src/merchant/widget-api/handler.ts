// Why one long file: the page endpoints share one request pipeline (origin, JSON, session, limits,
// errors) and one binding story (check, sync, bind, confirm, rotate); split, each part would need the rest.
import { createHash, randomBytes } from 'node:crypto';
import type { MerchantShop } from '../api.js';
import type { InpostPayClient } from '../client.js';
import { InpostPayApiError, InpostPayNetworkError, MerchantApiError } from '../errors.js';
import { readAtMost } from '../read-body.js';
import { BINDING_PLACES, isBindingPlace, PHONE_NUMBER_PATTERN, PHONE_PREFIX_PATTERN, type BasketBindingStatus, type BrowserData } from '../types.js';
import { CookieJar, newId } from './cookies.js';
import { merchantShopOf } from './merchant-shop.js';
import { Hub, pageState, StoreUnavailable, watchMessage, type VisitorRecord } from './state.js';
import { memoryWidgetStore, type WidgetStore } from './store.js';
import type { Attribution, InpostPayShop, PageChange, PageState, ProductChoice, RequestContext, WatchMessage, WidgetApiLogger } from './types.js';

/** Limits of binding requests (each pushes a notification to a phone), all in one window. */
export interface BindingLimits {
  /** Per session. Default 5. */
  perSession?: number;
  /** Per client address. Default 60. */
  perAddress?: number;
  /** Per phone number, from all sessions. Default 5. */
  perPhone?: number;
  /** Default 10 minutes. */
  windowMs?: number;
}

/** The parts of {@link InpostPayClient} the widget API calls. */
export type WidgetApiClient = Pick<
  InpostPayClient,
  'putBasket' | 'getBasketBinding' | 'createBinding' | 'deleteBasketBinding' | 'deleteBrowserBinding'
>;

/** Options of {@link createWidgetApi}. */
export interface WidgetApiOptions {
  /** How the handler reaches InPost Pay. */
  client: WidgetApiClient;
  /** The shop's one adapter (carts and orders). */
  shop: InpostPayShop;
  /** Where visitors, limits, locks and pushes live. Default {@link memoryWidgetStore} (one instance). */
  store?: WidgetStore;
  /**
   * Signs the kit's cookies (the session and the browser id). At least 32 characters, the same on
   * every instance, kept secret. Required unless `visitorId` is given.
   */
  cookieSecret?: string;
  /**
   * The shop's own visitor id of a request (its session), instead of the kit's session cookie;
   * undefined when the request has none (a visitor is then refused with 401 `NO_SESSION`). The
   * shop then renews its session id after a binding itself.
   */
  visitorId?: (request: Request, context: RequestContext) => string | undefined | Promise<string | undefined>;
  /** Where the handler is mounted. Default `/inpost-pay`. */
  basePath?: string;
  /**
   * Cookies with `Secure` and the `__Host-` prefix. Default: when the request URL is https (set
   * `true` behind a proxy that ends TLS).
   */
  secureCookies?: boolean;
  /** Where the pages go once the order is placed. Default `/thank-you`. */
  thankYouUrl?: string | ((orderId: string) => string);
  /**
   * How long a long poll waits before it answers unchanged, ms. Default 60 000: an idle linked
   * shopper's page then asks once a minute. A proxy in front must wait longer for an answer (nginx's
   * `proxy_read_timeout` is 60 s by default: set 75 s), or set this below its timeout.
   */
  longPollMs?: number;
  /** Comment heartbeat of the event stream, ms. Default 25 000. */
  heartbeatMs?: number;
  /** Long polls, event streams and sockets one visitor may hold open at once (per instance). Default 6. */
  maxOpenPerVisitor?: number;
  /** Long polls, event streams and sockets one client address may hold open at once (per instance). Default 60. */
  maxOpenPerAddress?: number;
  /** New visitors one client address may start in 10 minutes. Default 60. */
  newVisitorsPerAddress?: number;
  bindingLimits?: BindingLimits;
  /** Scheme of the app link (`mobile-link`). Default `inpost`; the sandbox's app uses `inpostsandbox`. */
  appLinkScheme?: string;
  /** The client's address. Default `context.clientAddress` (Node adapters fill it in). */
  clientAddress?: (request: Request, context: RequestContext) => string | undefined;
  /** The longest a store call may take before the request fails with 503, ms. Default 800. */
  storeTimeoutMs?: number;
  /** Before every store key. Default `inpost-pay:widget:`. */
  prefix?: string;
  /** How long an untouched visitor is kept, seconds. Default 7 days. */
  visitorTtlSeconds?: number;
  /** How long a replaced session id keeps working (requests already on their way), ms. Default 5000. */
  rotationGraceMs?: number;
  /** How long the order's redirect is announced to the visitor's pages, ms. Default 120 000. */
  redirectMs?: number;
  /** Where the handler reports (the store's outage once, InPost's trouble). Default `console`. */
  logger?: WidgetApiLogger;
  /** A description of the browser sent to InPost Pay when the page sends none. */
  browserDescription?: string;
}

/** The widget API: a Fetch API handler plus what the shop's own pages and the WebSocket helper use. */
export interface WidgetApi {
  (request: Request, context?: RequestContext): Promise<Response>;
  /** The mount path, e.g. `/inpost-pay`. */
  readonly basePath: string;
  /**
   * The shop's adapter as `createMerchantApi({ shop })` takes it: InPost's calls (binding confirmed
   * or rejected, basket changed in the app, unlinked, order created, payment) change the kit's state
   * and reach the open pages through the same store.
   */
  readonly merchantShop: MerchantShop;
  /**
   * What the request's visitor's pages show, for the shop's own pages, with the visitor's basket id
   * (the shop's cart key), its last order id and the browser id InPost Pay knows the browser by;
   * undefined without a session or while the store is down (the page renders without it).
   */
  stateOf(request: Request, context?: RequestContext): Promise<(PageState & { basketId: string; lastOrderId?: string; browserId: string }) | undefined>;
  /**
   * Sets the browser id cookie on `headers` when the request has none (costs no state): call it on
   * page views so a browser keeps one id at InPost Pay (trusted browsers) from its first visit.
   */
  browserCookie(request: Request, headers: Headers, context?: RequestContext): void;
  /**
   * Asks InPost Pay again whether the visitor's basket is bound and its browser trusted (after the
   * shop learnt of a change made elsewhere, e.g. a browser trusted in a QA tool).
   */
  refreshBinding(request: Request, context?: RequestContext): Promise<{ basket_linked: boolean; browser_trusted: boolean } | undefined>;
  /** The basket id of the request's visitor, creating the visitor (call it from a POST only); sets its cookies on `headers`. */
  basketIdFor(request: Request, headers: Headers, context?: RequestContext): Promise<string>;
  /**
   * The shop changed the cart of `basketId` itself (its own cart page): the visitor's pages hear of
   * it and InPost Pay gets the basket when it is bound. Call after the change.
   */
  cartChanged(basketId: string): Promise<void>;
  /** The thank-you page was shown: the order's redirect is no longer announced. Call from the page's handler. */
  orderShown(request: Request, context?: RequestContext): Promise<void>;
  /**
   * @internal The WebSocket helper's hook: checks the request (origin, limits) and calls `send`
   * with every message until the returned function is called. Throws a `MerchantApiError` to refuse.
   */
  watch(request: Request, context: RequestContext, send: (message: WatchMessage) => void): Promise<() => void>;
  /** Answers every open long poll and ends every stream (before closing the server). */
  close(): void;
}

type Json = Record<string, unknown>;
const SESSION = 'inpost_pay_sid';
const BROWSER = 'inpost_pay_browser';
const PROOF = 'inpost_pay_bind';
const YEAR_S = 365 * 24 * 3600;
const TOKEN = /^[A-Za-z0-9._~-]{1,256}$/;
const ANALYTICS_KEYS = ['gclid', 'fbclid', 'ttclid', 'ga_client_id'] as const;
/** Errors of the basket PUT after which InPost Pay no longer holds the binding (INPOST-API.md §2 A). */
const BINDING_GONE = new Set(['BASKET_NOT_FOUND', 'BASKET_EXPIRED', 'BASKET_NOT_BOUND', 'BROWSER_NOT_FOUND']);
const fail = (status: number, code: string, message: string) => new MerchantApiError(status, code, message);
const bad = (message: string) => fail(400, 'MALFORMED_REQUEST', message);
const sha = (text: string) => createHash('sha256').update(text).digest('base64url');

/** What one request carries along: its session, the cookies to set, the record it works on. */
interface Call {
  request: Request;
  context: RequestContext;
  secure: boolean;
  address: string;
  headers: Headers;
  record?: VisitorRecord;
  /** This request made the binding itself (a trusted browser's basket got bound on the way). */
  boundHere: boolean;
}

/**
 * The endpoints the elements' `izi…` callbacks and order watch call (the widget's backend), as one
 * Fetch API handler mounted at `basePath`: can-be-bound, add-to-cart, pay-data (phone and QR),
 * is-bound (long poll), binding-delete, order-complete (long poll), order-events (Server-Sent
 * Events), mobile-link; `attachWidgetSocket` adds the WebSocket on Node. The visitor is always the
 * session's; no basket id is taken from the browser. `api.merchantShop` hands the same adapter to
 * `createMerchantApi`, so InPost's calls reach the open pages with no code of the shop's.
 *
 * @example
 * ```ts
 * const widgetApi = createWidgetApi({ client, shop, cookieSecret: process.env.COOKIE_SECRET });
 * const merchantApi = createMerchantApi({ client, shop: widgetApi.merchantShop });
 * app.use('/inpost-pay', toNodeListener(widgetApi)); // the page: configure({ endpoint: '/inpost-pay' })
 * app.use('/inpost', toNodeListener(merchantApi));   // InPost Pay: https://shop.example/inpost/v1/izi/...
 * ```
 */
export function createWidgetApi(options: WidgetApiOptions): WidgetApi {
  const { client, shop } = options;
  if (!client || !shop) throw new TypeError('createWidgetApi needs options.client and options.shop');
  if (!options.visitorId && (typeof options.cookieSecret !== 'string' || options.cookieSecret.length < 32)) {
    throw new TypeError('createWidgetApi needs options.cookieSecret (at least 32 characters, the same on every instance) or options.visitorId');
  }
  const basePath = (options.basePath ?? '/inpost-pay').replace(/\/+$/, '');
  const logger = options.logger ?? console;
  const hub = new Hub({
    store: options.store ?? memoryWidgetStore(),
    prefix: options.prefix ?? 'inpost-pay:widget:',
    storeTimeoutMs: options.storeTimeoutMs ?? 800,
    lockWaitMs: 3000,
    ttlMs: (options.visitorTtlSeconds ?? 7 * 24 * 3600) * 1000,
    rotationGraceMs: options.rotationGraceMs ?? 5000,
    logger,
  });
  const cookies = new CookieJar(options.cookieSecret ?? randomBytes(32).toString('hex'));
  const longPollMs = options.longPollMs ?? 60_000;
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  const maxPerVisitor = options.maxOpenPerVisitor ?? 6;
  const maxPerAddress = options.maxOpenPerAddress ?? 60;
  const limits = {
    perSession: options.bindingLimits?.perSession ?? 5,
    perAddress: options.bindingLimits?.perAddress ?? 60,
    perPhone: options.bindingLimits?.perPhone ?? 5,
    windowMs: options.bindingLimits?.windowMs ?? 10 * 60_000,
  };
  const redirectMs = options.redirectMs ?? 120_000;
  const thankYou = (orderId: string) =>
    typeof options.thankYouUrl === 'function' ? options.thankYouUrl(orderId) : (options.thankYouUrl ?? '/thank-you');
  const openByVisitor = new Map<string, number>();
  const openByAddress = new Map<string, number>();
  const streams = new Set<() => void>();

  // ---- Sessions ------------------------------------------------------------------------------
  function begin(request: Request, context: RequestContext = {}): Call {
    const secure = options.secureCookies ?? new URL(request.url).protocol === 'https:';
    const address = (options.clientAddress ?? ((_r, c) => c.clientAddress))(request, context) ?? 'unknown';
    return { request, context, secure, address, headers: new Headers(), boundHere: false };
  }

  async function sessionId(call: Call): Promise<string | undefined> {
    if (options.visitorId) {
      const id = await options.visitorId(call.request, call.context);
      return typeof id === 'string' && id.length > 0 && id.length <= 128 ? `shop:${id}` : undefined;
    }
    return cookies.read(call.request, SESSION, call.secure);
  }

  /** The request's visitor, or undefined: reading never creates one. */
  async function existing(call: Call): Promise<VisitorRecord | undefined> {
    if (call.record) return call.record;
    const sid = await sessionId(call);
    const key = sid ? await hub.keyOf('sid', sid) : undefined;
    call.record = key ? await hub.read(key) : undefined;
    return call.record;
  }

  /** The request's visitor, created (cookies set) when new: only requests that change something call this. */
  async function visitorOf(call: Call): Promise<VisitorRecord> {
    const found = await existing(call);
    if (found) return found;
    const shopSid = options.visitorId ? await sessionId(call) : undefined;
    if (options.visitorId && !shopSid) throw fail(401, 'NO_SESSION', 'Brak sesji sklepu.');
    const wait = await hub.admit([{ key: `new:${call.address}`, limit: options.newVisitorsPerAddress ?? 60, windowMs: 10 * 60_000 }]);
    if (wait > 0) throw tooMany(call, wait);
    const record = await hub.create(shopSid, cookies.read(call.request, BROWSER, call.secure));
    if (!options.visitorId) call.headers.append('set-cookie', cookies.line(SESSION, record.sid, call.secure));
    call.headers.append('set-cookie', cookies.line(BROWSER, record.browserId, call.secure, YEAR_S));
    call.record = record;
    return record;
  }

  /** Changes the request's visitor under its lock; the call sees the result. */
  async function update(call: Call, change: (record: VisitorRecord) => ReturnType<Parameters<Hub['update']>[1]>): Promise<VisitorRecord> {
    const record = await hub.update(call.record!.key, change);
    if (!record) throw fail(409, 'SESSION_GONE', 'Sesja wygasła. Odśwież stronę.');
    call.record = record;
    return record;
  }

  /**
   * A basket bound since the session id was issued gets a new one, with the answer to the request
   * of the browser that made the binding only (it holds the binding proof cookie, or made the
   * binding in this very request): a planted session id learns nothing.
   */
  async function rotateIfDue(call: Call): Promise<void> {
    const record = call.record;
    if (!record?.rotate || record.shopSession || call.request.signal.aborted) return;
    const proof = cookies.read(call.request, PROOF, call.secure);
    const proven = call.boundHere || (proof !== undefined && record.proof !== null && sha(proof) === record.proof);
    if (!proven) return;
    const rotated = await hub.update(record.key, (current) => {
      if (!current.rotate) return 'quiet';
      current.sid = newId('s');
      current.rotate = false;
      current.proof = null;
      return 'quiet';
    });
    if (rotated && rotated.sid !== record.sid) {
      call.record = rotated;
      call.headers.append('set-cookie', cookies.line(SESSION, rotated.sid, call.secure));
      call.headers.append('set-cookie', cookies.line(PROOF, undefined, call.secure));
    }
  }

  // ---- InPost Pay -----------------------------------------------------------------------------
  /** Takes over what `GET .../binding` said. */
  function applyStatus(record: VisitorRecord, status: BasketBindingStatus): PageChange[] {
    record.checked = true;
    record.trusted = status.browser_trusted;
    record.inpostBasketId = status.inpost_basket_id ?? record.inpostBasketId;
    const masked = status.basket_linked && status.client_details ? status.client_details.masked_phone_number : null;
    const changed = record.linked !== (masked !== null) || record.masked !== masked;
    if (masked !== null && !record.linked) record.rotate = true;
    record.linked = masked !== null;
    record.masked = masked;
    return changed ? ['binding'] : [];
  }

  async function checkAtInpost(call: Call): Promise<void> {
    const record = call.record!;
    if (record.checked) return;
    const status = await client.getBasketBinding(record.basketId, record.browserId);
    await update(call, (current) => {
      const wasLinked = current.linked;
      const changes = applyStatus(current, status);
      if (!wasLinked && current.linked) call.boundHere = true;
      return changes;
    });
  }

  async function countOf(basketId: string): Promise<number> {
    const basket = await shop.getBasket(basketId);
    return (basket?.products ?? []).reduce((sum, product) => sum + Math.max(0, Math.floor(product.quantity.quantity)), 0);
  }

  /** PUTs the cart; a trusted browser's basket gets bound on the way, so the binding is read again then. */
  async function syncBasket(call: Call): Promise<void> {
    const record = call.record!;
    const sendBrowser = record.trusted && !record.linked;
    const basket = await shop.getBasket(record.basketId);
    if (!basket) throw fail(409, 'BASKET_EMPTY', 'Koszyk jest pusty.');
    let inpostBasketId: string;
    try {
      ({ inpost_basket_id: inpostBasketId } = await client.putBasket(record.basketId, { ...basket, ...(sendBrowser ? { browser_id: record.browserId } : {}) }));
    } catch (error) {
      await update(call, (current) => {
        current.synced = false;
        if (error instanceof InpostPayApiError && BINDING_GONE.has(error.errorCode) && current.linked) {
          current.linked = false;
          current.masked = null;
          return ['binding'];
        }
        return 'quiet';
      });
      throw error;
    }
    const status = sendBrowser ? await client.getBasketBinding(record.basketId, record.browserId) : undefined;
    await update(call, (current) => {
      current.synced = true;
      current.inpostBasketId = inpostBasketId;
      if (!status) return 'quiet';
      const wasLinked = current.linked;
      const changes = applyStatus(current, status);
      if (!wasLinked && current.linked) call.boundHere = true;
      return changes;
    });
  }

  function fromInpost(error: unknown): MerchantApiError {
    if (error instanceof MerchantApiError) return error;
    if (error instanceof InpostPayApiError) {
      const passThrough = [400, 404, 409, 422].includes(error.status);
      return fail(passThrough ? error.status : 502, error.errorCode, error.errorMessage);
    }
    if (error instanceof InpostPayNetworkError) {
      logger.warn('inpost-pay-widget/merchant: InPost Pay did not answer', error);
      return fail(504, 'INPOST_UNAVAILABLE', 'InPost Pay nie odpowiada. Spróbuj ponownie za chwilę.');
    }
    throw error;
  }

  // ---- Request parsing ------------------------------------------------------------------------
  async function body(request: Request): Promise<Json> {
    const type = request.headers.get('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) throw fail(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send JSON (content-type: application/json)');
    const { bytes, tooLarge } = await readAtMost(request.body, 16 * 1024);
    if (tooLarge) throw fail(413, 'PAYLOAD_TOO_LARGE', 'The body is too large');
    let value: unknown;
    try {
      // A `__proto__` key is refused, not parsed: nothing a page sends may reach an object's prototype.
      value =
        bytes.length === 0
          ? {}
          : JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes), (key, item: unknown) => {
              if (key === '__proto__') throw new SyntaxError('__proto__');
              return item;
            });
    } catch {
      throw bad('The body is not JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('The body must be a JSON object');
    return value as Json;
  }

  function choiceOf(input: Json, required: boolean): ProductChoice | undefined {
    const { productId, details } = input;
    if (productId === undefined || productId === null || productId === '') {
      if (required) throw bad('productId is required');
      return undefined;
    }
    if (typeof productId !== 'string' || productId.length > 128) throw bad('productId must be a short string');
    const out: Record<string, string> = {};
    if (details !== undefined && details !== null) {
      if (typeof details !== 'object' || Array.isArray(details)) throw bad('details must be an object of strings');
      const entries = Object.entries(details as Json);
      if (entries.length > 20) throw bad('details has too many entries');
      for (const [name, value] of entries) {
        if (name.length > 64 || typeof value !== 'string' || value.length > 256) throw bad('details must be an object of short strings');
        out[name] = value;
      }
    }
    return { productId, details: out };
  }

  function analyticsOf(input: unknown): Attribution | undefined {
    if (input === undefined || input === null) return undefined;
    if (typeof input !== 'object' || Array.isArray(input)) throw bad('analytics must be an object');
    const out: Attribution = {};
    for (const [name, value] of Object.entries(input as Json)) {
      if (!(ANALYTICS_KEYS as readonly string[]).includes(name)) throw bad(`analytics.${name.slice(0, 32)} is not known`);
      if (value === undefined || value === null || value === '') continue;
      if (typeof value !== 'string' || !TOKEN.test(value)) throw bad(`analytics.${name} must be a short token`);
      out[name as keyof Attribution] = value;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }

  function browserOf(input: unknown, call: Call, browserId: string): BrowserData {
    const given = input !== undefined && input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Json) : {};
    if (input !== undefined && input !== null && given !== input) throw bad('browser must be an object');
    const text = (name: string, max: number, fallback: string) => {
      const value = given[name];
      if (value === undefined || value === null) return fallback;
      if (typeof value !== 'string' || value.length > max) throw bad(`browser.${name} must be a string of at most ${max} characters`);
      return value;
    };
    return {
      browser_id: browserId,
      user_agent: text('user_agent', 512, (call.request.headers.get('user-agent') ?? '').slice(0, 512)),
      description: text('description', 128, options.browserDescription ?? 'Web browser'),
      platform: text('platform', 64, ''),
      architecture: text('architecture', 64, ''),
      data_time: new Date().toISOString(),
      customer_ip: call.address,
      port: '',
    };
  }

  function tooMany(call: Call, waitMs: number): MerchantApiError {
    const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
    call.headers.set('retry-after', String(Math.max(1, Math.ceil(waitMs / 1000))));
    return fail(429, 'TOO_MANY_REQUESTS', `Zbyt wiele prób. Spróbuj ponownie za ${minutes} min${minutes === 1 ? 'utę' : '.'}`);
  }

  /** Reserves one open connection of the visitor and the address; the release function frees it. */
  function openSlot(call: Call, key: string | undefined): () => void {
    const byVisitor = key ? (openByVisitor.get(key) ?? 0) : 0;
    const byAddress = openByAddress.get(call.address) ?? 0;
    if (byVisitor >= maxPerVisitor || byAddress >= maxPerAddress) {
      throw fail(429, 'TOO_MANY_CONNECTIONS', 'Za dużo otwartych kart. Zamknij niektóre i spróbuj ponownie.');
    }
    if (key) openByVisitor.set(key, byVisitor + 1);
    openByAddress.set(call.address, byAddress + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const leftAddress = (openByAddress.get(call.address) ?? 1) - 1;
      if (leftAddress > 0) openByAddress.set(call.address, leftAddress);
      else openByAddress.delete(call.address);
      if (!key) return;
      const left = (openByVisitor.get(key) ?? 1) - 1;
      if (left > 0) openByVisitor.set(key, left);
      else openByVisitor.delete(key);
    };
  }

  /** Holds the request until `ready` holds, the visitor changes or `longPollMs` pass; then reloads the record. */
  async function longPoll(call: Call, ready: (record: VisitorRecord) => boolean): Promise<VisitorRecord> {
    let record = call.record!;
    if (ready(record)) return record;
    const release = openSlot(call, record.key);
    try {
      const deadline = Date.now() + longPollMs;
      for (;;) {
        const wait = hub.waitFor(record.key, Math.max(0, deadline - Date.now()), call.request.signal);
        // Read after registering: a change between the first read and now is not missed.
        record = (await hub.read(record.key)) ?? record;
        if (ready(record) || Date.now() >= deadline || call.request.signal.aborted) {
          wait.cancel();
          break;
        }
        await wait.promise;
      }
    } finally {
      release();
    }
    call.record = record;
    return record;
  }

  // ---- Routes ---------------------------------------------------------------------------------
  type Route = (call: Call) => Promise<Response>;
  const json = (call: Call, value: unknown, status = 200) => {
    call.headers.set('content-type', 'application/json');
    return new Response(JSON.stringify(value), { status, headers: call.headers });
  };

  const post: Record<string, Route> = {
    async 'can-be-bound'(call) {
      const choice = choiceOf(await body(call.request), false);
      const record = await visitorOf(call);
      try {
        await checkAtInpost(call);
      } catch (error) {
        if (error instanceof StoreUnavailable) throw error;
        // The shop can still sell; the binding steps report InPost Pay's trouble themselves.
        logger.warn('inpost-pay-widget/merchant: InPost Pay binding check failed', error);
      }
      const canBeBound = shop.canBeBound ? await shop.canBeBound(record.basketId, choice) : choice ? true : (await countOf(record.basketId)) > 0;
      await rotateIfDue(call);
      return json(call, { canBeBound: canBeBound === true });
    },

    async 'add-to-cart'(call) {
      const choice = choiceOf(await body(call.request), true)!;
      const record = await visitorOf(call);
      await shop.addToCart(record.basketId, choice);
      const count = await countOf(record.basketId);
      await update(call, (current) => {
        current.count = count;
        current.synced = false;
        current.redirect = null;
        return ['basket'];
      });
      try {
        await checkAtInpost(call);
        await syncBasket(call);
      } catch (error) {
        throw fromInpost(error);
      }
      await rotateIfDue(call);
      const after = call.record!;
      return json(call, {
        basket_linked: after.linked,
        browser_trusted: after.trusted,
        ...(after.linked && after.masked ? { masked_phone_number: after.masked } : {}),
        count: after.count,
      });
    },

    async 'pay-data'(call) {
      const input = await body(call.request);
      if (!isBindingPlace(input.bindingPlace)) throw bad(`bindingPlace must be one of ${BINDING_PLACES.join(', ')}`);
      const place = input.bindingPlace;
      let phone: { country_prefix: string; phone: string } | undefined;
      if (input.phoneNumber !== undefined && input.phoneNumber !== null && input.phoneNumber !== '') {
        const prefix = input.prefix ?? '+48';
        if (typeof prefix !== 'string' || !PHONE_PREFIX_PATTERN.test(prefix)) throw bad('prefix must look like +48');
        if (typeof input.phoneNumber !== 'string' || input.phoneNumber.length > 32) throw bad('phoneNumber must be a string');
        const digits = input.phoneNumber.replace(/[\s-]/g, '');
        if (!PHONE_NUMBER_PATTERN.test(digits)) throw fail(400, 'INVALID_PHONE_NUMBER', 'Numer telefonu musi mieć od 6 do 15 cyfr.');
        phone = { country_prefix: prefix, phone: digits };
      }
      const analytics = analyticsOf(input.analytics);
      const record = await visitorOf(call);
      const browser = browserOf(input.browser, call, record.browserId);
      if ((await countOf(record.basketId)) === 0) throw fail(409, 'BASKET_EMPTY', 'Koszyk jest pusty.');
      // Each binding request pushes a notification to a phone: limited before anything reaches InPost Pay.
      const { windowMs } = limits;
      const wait = await hub.admit([
        { key: `bind:session:${record.key}`, limit: limits.perSession, windowMs },
        { key: `bind:address:${call.address}`, limit: limits.perAddress, windowMs },
        ...(phone ? [{ key: `bind:phone:${sha(phone.country_prefix + phone.phone)}`, limit: limits.perPhone, windowMs }] : []),
      ]);
      if (wait > 0) throw tooMany(call, wait);
      // The browser that asks for the binding holds its proof: only it receives the new session id.
      const proof = newId('p');
      await update(call, (current) => {
        current.confirmation = null;
        current.proof = sha(proof);
        if (analytics) current.analytics = analytics;
        return 'quiet';
      });
      if (!record.shopSession) call.headers.append('set-cookie', cookies.line(PROOF, proof, call.secure));
      try {
        if (!call.record!.synced) await syncBasket(call);
        if (phone) {
          if (!call.record!.linked) {
            await client.createBinding(record.basketId, { binding_method: 'PHONE', binding_place: place, phone_number: phone, browser });
          }
          await rotateIfDue(call);
          return json(call, []);
        }
        const link = await client.createBinding(record.basketId, { binding_method: 'DEEP_LINK', binding_place: place, browser });
        if (!link) throw fail(502, 'INPOST_ERROR', 'InPost Pay nie przysłał kodu QR.');
        return json(call, {
          // InPost Pay answers the QR code as a base64 PNG; the widget takes it as a data URL.
          qr_code: `data:image/png;base64,${link.qr_code}`,
          deep_link: link.deep_link,
          ...(link.deep_link_hms ? { deep_link_hms: link.deep_link_hms } : {}),
        });
      } catch (error) {
        if (error instanceof InpostPayApiError && error.errorCode === 'BASKET_IS_BINDED') {
          // Bound meanwhile (another tab, the app): learn to which phone, so is-bound answers at once.
          await client.getBasketBinding(record.basketId, record.browserId).then(
            (status) => update(call, (current) => applyStatus(current, status)),
            () => undefined,
          );
        }
        throw fromInpost(error);
      }
    },

    async 'binding-delete'(call) {
      await body(call.request);
      const record = await visitorOf(call);
      // Already unbound, never sent, or a browser never trusted: the goal of each step is reached.
      const done = (codes: string[]) => (error: unknown) => {
        if (error instanceof InpostPayApiError && codes.includes(error.errorCode)) return;
        throw error;
      };
      try {
        await client.deleteBasketBinding(record.basketId).catch(done(['BASKET_NOT_BOUND', 'BASKET_NOT_FOUND', 'BASKET_EXPIRED']));
        await client.deleteBrowserBinding(record.browserId).catch(done(['BROWSER_NOT_FOUND']));
      } catch (error) {
        throw fromInpost(error);
      }
      await update(call, (current) => {
        const was = current.linked;
        current.linked = false;
        current.masked = null;
        current.trusted = false;
        current.confirmation = null;
        current.rotate = false;
        return was ? ['binding'] : 'quiet';
      });
      await shop.bindingChanged?.(record.basketId, { linked: false });
      call.headers.delete('content-type');
      return new Response(null, { status: 204, headers: call.headers });
    },
  };

  const get: Record<string, Route> = {
    async 'is-bound'(call) {
      if (!(await existing(call))) throw fail(400, 'NO_SESSION', 'Brak koszyka w tej sesji.');
      const record = await longPoll(call, (current) => current.linked || current.confirmation === 'REJECT');
      await rotateIfDue(call);
      if (record.linked) return json(call, { status: 'SUCCESS', masked_phone_number: record.masked, count: record.count });
      if (record.confirmation === 'REJECT') return json(call, { status: 'REJECT' }, 409);
      return json(call, { status: 'PENDING' });
    },

    async 'order-complete'(call) {
      let record = await existing(call);
      if (!record) return json(call, watchMessage(undefined));
      const since = new URL(call.request.url).searchParams.get('since');
      if (since !== null && /^\d{1,15}$/.test(since)) {
        const known = Number(since);
        record = await longPoll(call, (current) => watchMessage(current).hasOwnProperty('action') || current.version !== known);
      }
      await rotateIfDue(call);
      return json(call, watchMessage(call.record));
    },

    async 'order-events'(call) {
      const record = await existing(call);
      const release = openSlot(call, record?.key);
      const encoder = new TextEncoder();
      let stop = () => undefined as void;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          let last = '';
          let closed = false;
          const send = (text: string) => {
            if (!closed) controller.enqueue(encoder.encode(text));
          };
          const push = (message: WatchMessage) => {
            const data = JSON.stringify(message);
            if (data === last) return;
            last = data;
            send(`data: ${data}\n\n`);
          };
          const heartbeat = setInterval(() => send(': ping\n\n'), heartbeatMs);
          let unlisten = () => undefined as unknown;
          stop = () => {
            if (closed) return;
            closed = true;
            clearInterval(heartbeat);
            unlisten();
            release();
            streams.delete(stop);
            call.request.signal.removeEventListener('abort', stop);
            try {
              controller.close();
            } catch {
              // already closed by the client
            }
          };
          streams.add(stop);
          call.request.signal.addEventListener('abort', stop);
          send(`retry: 3000\n\n`);
          push(watchMessage(record));
          if (!record) return;
          let reading = Promise.resolve();
          unlisten = hub.listen(record.key, () => {
            // One read at a time, in order: the newest state is what a page shows.
            reading = reading.then(() =>
              hub.read(record.key).then(
                (current) => push(watchMessage(current)),
                () => stop(),
              ),
            );
          });
        },
        cancel() {
          stop();
        },
      });
      call.headers.set('content-type', 'text/event-stream; charset=utf-8');
      call.headers.set('cache-control', 'no-store');
      call.headers.set('x-accel-buffering', 'no');
      return new Response(stream, { status: 200, headers: call.headers });
    },

    async 'mobile-link'(call) {
      const record = await existing(call);
      if (!record) throw fail(400, 'NO_SESSION', 'Brak koszyka w tej sesji.');
      const basket = encodeURIComponent(record.inpostBasketId ?? record.basketId);
      return json(call, { link: `${options.appLinkScheme ?? 'inpost'}://izilink?basket_id=${basket}` });
    },
  };

  /** The request comes from a page of this site (or from no page at all: a non-browser client). */
  function sameOrigin(request: Request): boolean {
    const origin = request.headers.get('origin');
    if (origin === null) return true;
    try {
      return new URL(origin).host === (request.headers.get('host') ?? new URL(request.url).host);
    } catch {
      return false;
    }
  }

  function errorResponse(call: Call, error: unknown): Response {
    if (error instanceof MerchantApiError) {
      return json(call, { error_code: error.errorCode, error_message: error.message }, error.status);
    }
    logger.error('inpost-pay-widget/merchant: the widget API answered 500', error);
    return json(call, { error_code: 'INTERNAL_ERROR', error_message: 'Wystąpił błąd. Spróbuj ponownie.' }, 500);
  }

  const handler = (async (request: Request, context: RequestContext = {}) => {
    const call = begin(request, context);
    call.headers.set('cache-control', 'no-store');
    call.headers.set('x-content-type-options', 'nosniff');
    try {
      const path = new URL(request.url).pathname;
      if (path !== basePath && !path.startsWith(`${basePath}/`)) throw fail(404, 'NOT_FOUND', 'Unknown endpoint');
      const name = path.slice(basePath.length + 1);
      const method = request.method.toUpperCase();
      const route = method === 'POST' ? post[name] : method === 'GET' ? get[name] : undefined;
      if (!route || !Object.hasOwn(method === 'POST' ? post : get, name)) {
        const known = Object.hasOwn(post, name) || Object.hasOwn(get, name);
        throw known ? fail(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`) : fail(404, 'NOT_FOUND', 'Unknown endpoint');
      }
      // Requests that change state come from the shop's own pages (defence in depth besides SameSite and JSON).
      if (method === 'POST' && !sameOrigin(request)) throw fail(403, 'FORBIDDEN_ORIGIN', 'Cross-origin request refused');
      return await route(call);
    } catch (error) {
      return errorResponse(call, error);
    }
  }) as WidgetApi;

  return Object.assign(handler, {
    basePath,
    merchantShop: merchantShopOf({
      shop,
      hub,
      thankYou,
      redirectMs,
      countOf,
      logger,
    }),
    async stateOf(request: Request, context?: RequestContext) {
      try {
        const record = await existing(begin(request, context));
        return record
          ? { ...pageState(record), basketId: record.basketId, browserId: record.browserId, ...(record.lastOrderId ? { lastOrderId: record.lastOrderId } : {}) }
          : undefined;
      } catch (error) {
        if (error instanceof StoreUnavailable) return undefined;
        throw error;
      }
    },
    browserCookie(request: Request, headers: Headers, context?: RequestContext) {
      const call = begin(request, context);
      if (!cookies.read(request, BROWSER, call.secure)) headers.append('set-cookie', cookies.line(BROWSER, newId('br'), call.secure, YEAR_S));
    },
    async refreshBinding(request: Request, context?: RequestContext) {
      const call = begin(request, context);
      const record = await existing(call);
      if (!record) return undefined;
      const status = await client.getBasketBinding(record.basketId, record.browserId).catch((error: unknown) => {
        throw fromInpost(error);
      });
      const after = await update(call, (current) => applyStatus(current, status));
      return { basket_linked: after.linked, browser_trusted: after.trusted };
    },
    async basketIdFor(request: Request, headers: Headers, context?: RequestContext) {
      const call = begin(request, context);
      const record = await visitorOf(call);
      for (const line of call.headers.getSetCookie()) headers.append('set-cookie', line);
      return record.basketId;
    },
    async cartChanged(basketId: string) {
      const call = begin(new Request('http://localhost/'));
      const key = await hub.keyOf('basket', basketId);
      const record = key ? await hub.read(key) : undefined;
      if (!record || record.basketId !== basketId) return;
      call.record = record;
      const count = await countOf(record.basketId);
      await update(call, (current) => {
        current.count = count;
        current.synced = false;
        return ['basket'];
      });
      if (!call.record!.linked) return;
      try {
        await syncBasket(call);
      } catch (error) {
        if (error instanceof StoreUnavailable) throw error;
        logger.warn('inpost-pay-widget/merchant: InPost Pay basket update failed', error);
      }
    },
    async orderShown(request: Request, context?: RequestContext) {
      const call = begin(request, context);
      const record = await existing(call);
      if (record?.redirect) await update(call, (current) => void (current.redirect = null));
    },
    async watch(request: Request, context: RequestContext, send: (message: WatchMessage) => void) {
      const call = begin(request, context);
      if (!sameOrigin(request)) throw fail(403, 'FORBIDDEN_ORIGIN', 'Cross-origin WebSocket refused');
      const record = await existing(call);
      const release = openSlot(call, record?.key);
      let last = '';
      const push = (message: WatchMessage) => {
        const data = JSON.stringify(message);
        if (data !== last) send(message);
        last = data;
      };
      push(watchMessage(record));
      if (!record) return release;
      let reading = Promise.resolve();
      const unlisten = hub.listen(record.key, () => {
        reading = reading.then(() => hub.read(record.key).then((current) => push(watchMessage(current)), () => undefined));
      });
      const stop = () => {
        unlisten();
        release();
        streams.delete(stop);
      };
      streams.add(stop);
      return stop;
    },
    close() {
      hub.wakeAll();
      for (const stop of [...streams]) stop();
    },
  });
}
