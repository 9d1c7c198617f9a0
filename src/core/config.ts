/**
 * What a shop configures: the merchant callbacks and the options. A `Configuration` is a store of
 * them; the page has one (`core/page.ts`), which `configure()` writes to, and every framework-free
 * part of the widget gets it passed in, so a test can give each its own.
 */
/** What InPost Pay's binding request wants to know about the browser (the callbacks' `browser` argument). */
export interface BrowserData {
  user_agent: string;
  description: string;
  platform: string;
  architecture: string;
}

/**
 * The merchant callbacks, by the names the first InPost widget read from `window`, with the
 * arguments the widget passes. Each may return its answer or a Promise of it; the widget checks
 * every answer at run time, so the answers are typed loosely.
 */
export interface InpostPayCallbacks {
  /** May this product go into the basket now? `productId` is absent on a basket page. */
  iziCanBeBound(productId?: string): boolean | PromiseLike<boolean>;
  /**
   * Add the product to the shop's cart; may resolve with what the shop's backend learned from
   * InPost Pay: `{basket_linked, browser_trusted, masked_phone_number, count}`.
   */
  iziAddToCart(productId: string): unknown;
  /**
   * Start binding the basket: with a phone number (InPost pushes a request to the app) or with
   * empty `prefix` and `phoneNumber` (resolve `{qr_code, deep_link}` for the QR code / app link).
   * `bindingPlace` is e.g. `PRODUCT_CARD` or `BASKET_SUMMARY`; `browser` goes into the binding
   * request's `browser` field.
   */
  iziGetPayData(prefix: string, phoneNumber: string, bindingPlace: string, browser: BrowserData): unknown;
  /** Deprecated older name of `iziGetPayData`, used only when that one is missing. */
  iziGetBindingData(productId: string | undefined, prefix: string, phoneNumber: string, bindingPlace: string): unknown;
  /** Resolves `{status: "SUCCESS", masked_phone_number, count?}` once the shopper confirmed in the app; rejects `{status: "REJECT"}` when they declined. */
  iziGetIsBound(): unknown;
  /** Resolves `{action: "redirect", redirect}` once an order exists, `{action: "refresh"}` when the basket changed elsewhere, nothing (or `{}`) meanwhile. */
  iziGetOrderComplete(): unknown;
  /** Delete the basket binding and the browser binding at InPost Pay. */
  iziBindingDelete(): unknown;
  /** Resolves `{link}`: an `inpost://` link that opens the basket in the InPost Mobile app. */
  iziMobileLink(): unknown;
  /** Resolves a (partial) `BrowserData` describing the browser for the binding request; the widget's own description fills the gaps. */
  iziGetBrowserData(options: { base64: boolean }): unknown;
}

export type CallbackName = keyof InpostPayCallbacks;

/**
 * How the widget learns that the order was placed in the app, once the basket is linked.
 * Defaults: `loop` (`sse` with an `endpoint`), 3000 ms between calls, backing off to at most
 * 60000 ms after errors.
 */
export interface OrderWatchOptions {
  /**
   * `loop` calls `iziGetOrderComplete` again after each answer (it may also stay pending until
   * something happens). `websocket` listens on `url` for the same messages as JSON and falls back
   * to looping if the socket closes. `sse` listens on `url` with an `EventSource` (Server-Sent
   * Events, one JSON message per event); a stream that never opened falls back to looping, one
   * that was open reconnects with backoff. Every method also takes the shop's pushed page state
   * `{state: {version, basket_linked, masked_phone_number, count, changed}}`.
   */
  method?: 'loop' | 'websocket' | 'sse';
  /**
   * The WebSocket URL (`ws:` or `wss:`) for `websocket`, the stream's URL for `sse`. With an
   * `endpoint` the default is `<endpoint>/order-events` (`sse`) or `<endpoint>/order-socket` (`websocket`).
   */
  url?: string;
  /** Milliseconds between calls while nothing happens. Default 3000, at least 250. */
  interval?: number;
  /** Upper bound of the backoff after failures, in milliseconds. Default 60000. */
  maxInterval?: number;
  /**
   * Milliseconds one `iziGetOrderComplete` call may stay pending before the widget calls again
   * (after `interval`). Longer than a shop's long poll; it ends waits on a promise that can no
   * longer settle (a shop that closed its stream). A call that settles late still counts.
   * Default 90000, at least 1000.
   */
  maxWait?: number;
  /**
   * One watcher for all tabs of the shop (Web Locks): the others wait and learn the result by
   * BroadcastChannel. Default true.
   */
  perBrowser?: boolean;
}

/** Everything `configure()` accepts. Every key is optional; later calls merge into earlier ones. */
export interface InpostPayConfig extends Partial<InpostPayCallbacks> {
  /** Default language when neither the element nor the page says one: `pl` (default) or `en`. */
  language?: 'pl' | 'en';
  /** Milliseconds a callback may take before the widget gives up and offers a retry. Default 15000. */
  callbackTimeout?: number;
  /** Milliseconds the widget waits for `iziGetIsBound` (the shopper confirming in the app). Default 300000. */
  confirmTimeout?: number;
  /** How the widget watches for the order once the basket is linked. */
  orderWatch?: OrderWatchOptions;
  /** Origins besides the page's own that an order-watch redirect may lead to, e.g. `["https://pay.example.com"]`. */
  redirectOrigins?: string[];
  /** A CSP nonce for the styles the widget injects where constructable stylesheets are unavailable. */
  nonce?: string;
  /**
   * The URL path of the shop's widget endpoints (`createWidgetApi` of `inpost-pay-widget/merchant`,
   * or any server of the same HTTP contract), e.g. `/inpost-pay`. Every `izi…` callback the shop
   * did not define itself (here or on `window`) then calls it, and the order watch listens on
   * `<endpoint>/order-events`. Same origin: the session cookie goes with each request.
   */
  endpoint?: string;
  /**
   * With an `endpoint`: the product's details sent with `can-be-bound` and `add-to-cart` (e.g.
   * `{size: 'M'}` from the page's size select), or nothing. Only string values are sent.
   */
  productDetails?(productId: string): Record<string, string> | undefined | PromiseLike<Record<string, string> | undefined>;
  /**
   * With an `endpoint`: the `fetch` its requests go through (default the page's). A place for a
   * header of the shop's own, logging or tests; it gets the URL and the `RequestInit`.
   */
  fetch?(url: string, init: RequestInit): Promise<Response>;
  /**
   * With an `endpoint`: send the ad click ids of the visit (`gclid`, `fbclid`, `ttclid` from the
   * landing URL, kept for the tab) and the GA client id (`_ga` cookie) with the binding request,
   * so the shop can attribute the order placed in the app. Off by default: consent is the shop's.
   */
  analytics?: boolean;
}

/** A merchant callback as the widget calls it. */
export type Callback = (...args: unknown[]) => unknown;

/** The merged options of one page (or of one test), and who wants to hear when they change. */
export class Configuration {
  #current: InpostPayConfig = {};
  #listeners = new Set<() => void>();
  #endpoint?: Partial<Record<CallbackName, Callback>>;

  /**
   * `endpointCallbacks` makes the callbacks that call `options.endpoint` (`core/endpoint-callbacks.ts`);
   * without it the option is ignored (a test's configuration that does not need it).
   */
  constructor(private readonly endpointCallbacks?: (config: Configuration) => Partial<Record<CallbackName, Callback>>) {}

  /** The options as merged so far. */
  get options(): Readonly<InpostPayConfig> {
    return this.#current;
  }

  /**
   * Merges `options` into the configuration. Callbacks not given are taken from `window` under the
   * same name (see `callback()`). A value that cannot be used is refused with a console error.
   */
  set(options: InpostPayConfig): void {
    if (!options || typeof options !== 'object') {
      console.error('[inpost-pay] configure() takes an object, e.g. configure({ iziCanBeBound, iziAddToCart }).');
      return;
    }
    // Every callback's name starts with izi; one that is not a function would fail at its first call.
    const next: Record<string, unknown> = { ...this.#current, ...options };
    for (const [name, value] of Object.entries(options)) {
      if (name.startsWith('izi') && value != null && typeof value !== 'function') {
        console.error(`[inpost-pay] configure(): ${name} must be a function; it was ignored.`);
        next[name] = this.#current[name as CallbackName];
      }
    }
    this.#current = next;
    if (options.nonce) (globalThis as { litNonce?: string }).litNonce = options.nonce;
    for (const listener of this.#listeners) listener();
  }

  /** Runs `listener` after every `set()`; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The callback by name: configured, else the first widget's `window.<name>`, else the `endpoint`'s. */
  callback(name: CallbackName): Callback | undefined {
    const fn =
      this.#current[name] ??
      (globalThis as unknown as Record<string, unknown>)[name] ??
      (this.#current.endpoint ? (this.#endpoint ??= this.endpointCallbacks?.(this))?.[name] : undefined);
    return typeof fn === 'function' ? (fn as Callback) : undefined;
  }
}
