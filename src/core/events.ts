import type { FailedCallback, FailureReason } from './callbacks.js';

/** The page-wide binding state every widget shows. */
export interface SessionState {
  /** The basket is bound to a phone number in InPost Pay. */
  linked: boolean;
  /** The bound phone number, masked (`60*****00`); empty while unknown. */
  maskedPhoneNumber: string;
  /** Items in the bound basket; `undefined` while nobody said (the widget then shows no number). */
  count: number | undefined;
  /** The product went into the basket but the basket is not bound yet: the binding screen is due. */
  bindingRequired: boolean;
}

/** What `inpost-pay-error` carries: the words of the widget's `CallbackError`. */
export interface ErrorDetail {
  /** The callback that failed, or `orderWatch` for the order watch's WebSocket. */
  callback: FailedCallback;
  /** How it failed: `missing`, `threw`, `rejected`, `timeout`, `invalid`, `refused` or `declined`. */
  reason: FailureReason;
  /** One line for the shop's developer (English). */
  message: string;
  /** As on an Error: what the callback threw, rejected with or resolved, as it was (absent for a timeout or a missing callback). */
  cause?: unknown;
  /** The shop's `error_code` from what the callback rejected with or resolved, e.g. `TOO_MANY_REQUESTS`. */
  code?: string;
}

export interface NavigateDetail {
  action: 'redirect' | 'refresh';
  /** Where the widget will go: the checked absolute URL, or the current page for a refresh. */
  url: string;
}

export interface ScreenDetail {
  /** `basket`: the masked-phone screen; `binding`: the phone/QR binding screen; `rebind`: the confirmation popup. */
  screen: 'basket' | 'binding' | 'rebind';
}

/** `inpost-pay-not-bindable`: the product `iziCanBeBound` refused; absent on a basket page. */
export interface NotBindableDetail {
  productId?: string;
}

/** `inpost-pay-binding-required`: the product that went into the unbound basket, and where the widget sits. */
export interface BindingRequiredDetail {
  productId?: string;
  bindingPlace: string;
}

/** `inpost-pay-basket-change`: the basket was changed in the InPost Mobile app (dispatched on `document`). */
export interface BasketChangeDetail {
  /** Items in the basket now. */
  count: number | undefined;
  /** The basket is still bound to the phone. */
  basketLinked: boolean;
  /** What changed, as the shop's backend said (`basket`, `binding`, `order`), else as the widget saw it. */
  changed: string[];
}

/** Every event the widget dispatches, by type. All bubble and are composed. */
export interface InpostPayEventMap {
  /** The page-wide state changed (linked, masked phone, count, binding required). */
  'inpost-pay-state': CustomEvent<SessionState>;
  /** A callback failed or returned something unusable; the widget shows a retry. */
  'inpost-pay-error': CustomEvent<ErrorDetail>;
  /** `iziCanBeBound` said no: the product cannot go into the basket yet. */
  'inpost-pay-not-bindable': CustomEvent<NotBindableDetail>;
  /** The product was added but the basket is not bound: the binding screen opens. */
  'inpost-pay-binding-required': CustomEvent<BindingRequiredDetail>;
  /** An order exists: the widget is about to navigate. Cancel it to route a single-page shop yourself. */
  'inpost-pay-order-complete': CustomEvent<NavigateDetail>;
  /** The basket changed elsewhere: the widget is about to reload the page. Cancelable. */
  'inpost-pay-refresh': CustomEvent<NavigateDetail>;
  /**
   * The basket was changed in the app (quantities, products, promo codes), as the order watch
   * heard from the shop's backend: refresh the page's own cart view. On `document`, in every tab.
   */
  'inpost-pay-basket-change': CustomEvent<BasketChangeDetail>;
  /** A widget screen opened. */
  'inpost-pay-open': CustomEvent<ScreenDetail>;
  /** A widget screen closed. */
  'inpost-pay-close': CustomEvent<ScreenDetail>;
}

/** The first InPost widget's events, which shops may still listen for: dispatched on `document` only, not bubbling. */
export interface IziDocumentEventMap {
  /** The modal or the rebind confirmation opened. */
  iziModalEventOpen: CustomEvent<ScreenDetail>;
  /** The modal or the rebind confirmation closed. */
  iziModalEventClose: CustomEvent<ScreenDetail>;
}

declare global {
  interface HTMLElementEventMap extends InpostPayEventMap {}
  interface DocumentEventMap extends InpostPayEventMap, IziDocumentEventMap {}
}

/**
 * Dispatches a widget event from `target` (the element that acted), or from `document` when the
 * change has no element behind it. Returns false when a listener cancelled it.
 */
export function emit<K extends keyof InpostPayEventMap>(
  target: EventTarget | undefined,
  type: K,
  detail: InpostPayEventMap[K]['detail'],
  cancelable = false,
): boolean {
  const at = target instanceof Element && target.isConnected ? target : globalThis.document;
  if (!at) return true;
  return at.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
}
