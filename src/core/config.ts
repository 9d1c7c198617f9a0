import type { BrowserData } from './browser-data.js';
import type { OrderWatchOptions } from './order-watch.js';

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
}

let current: InpostPayConfig = {};
const listeners = new Set<() => void>();

/**
 * Configures every widget on the page. Callbacks not given here are taken from `window` under
 * the same name, so shops that integrated the first InPost widget keep working. Elements that
 * exist before the first call start working when it comes.
 */
export function configure(options: InpostPayConfig): void {
  if (!options || typeof options !== 'object') {
    console.error('[inpost-pay] configure() takes an object, e.g. configure({ iziCanBeBound, iziAddToCart }).');
    return;
  }
  // Every callback's name starts with izi; one that is not a function would fail at its first call.
  const next: Record<string, unknown> = { ...current, ...options };
  for (const [name, value] of Object.entries(options)) {
    if (name.startsWith('izi') && value != null && typeof value !== 'function') {
      console.error(`[inpost-pay] configure(): ${name} must be a function; it was ignored.`);
      next[name] = current[name as CallbackName];
    }
  }
  current = next;
  if (options.nonce) (globalThis as { litNonce?: string }).litNonce = options.nonce;
  for (const listener of listeners) listener();
}

/** The configuration as merged so far. */
export const config = (): Readonly<InpostPayConfig> => current;

/** Runs `listener` after every `configure()` call; returns the unsubscribe function. */
export function onConfigure(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The callback by name: configured, else the first widget's `window.<name>`. */
export function callbackFor(name: CallbackName): ((...args: unknown[]) => unknown) | undefined {
  const fn = current[name] ?? (globalThis as unknown as Record<string, unknown>)[name];
  return typeof fn === 'function' ? (fn as (...args: unknown[]) => unknown) : undefined;
}

/** Test hook: forget every option. @internal */
export function resetConfig(): void {
  current = {};
}
