import type { Amount, Basket, BasketNotice, BrowserData, Order, OrderEventOut, PhoneNumber, Price } from '../../src/merchant/types.js';
import { maskPhone } from './validation.js';

/**
 * What the sandbox remembers: InPost Pay's side of every basket (its binding to a phone, the
 * contents last seen from the shop, its order), the binding requests waiting for the phone,
 * trusted browsers and the QA settings. Bounded maps: the simulator's API takes no token, so
 * nothing a caller sends may grow the sandbox without end.
 */

/** The shopper a basket is bound to, as the app knows them. */
export interface Person {
  phone_number: PhoneNumber;
  masked_phone_number: string;
  name: string;
  surname: string;
}

export interface StoredOrder {
  order_id: string;
  basket_id: string;
  created_at: string;
  /** The last payment result sent to the shop, or null before the first payment attempt. */
  payment_status: 'AUTHORIZED' | 'DECLINED' | null;
  payment_type: string;
  /** The shop's status text: from its order answer, its answers to payment events, its own order events. */
  merchant_status: string;
  order_status: string | null;
  delivery_references: string[];
  /** The shop's order answer (§3 #6). */
  order: Order | null;
  /** Order events the shop sent (§2 H), newest last. */
  shop_events: OrderEventOut[];
}

export interface StoredBasket {
  basket_id: string;
  inpost_basket_id: string;
  /** The contents last seen: a PUT from the shop, or the shop's answer to a call. Null before either (v2 key only). */
  basket: Basket | null;
  binding: Person | null;
  /** v2: the key handed to the widget (`PUT /v2/izi/basket/{id}/binding`). */
  binding_key: string | null;
  /** Epoch ms after which the basket answers BASKET_EXPIRED. */
  expires_at: number;
  order: StoredOrder | null;
  /** The notice of the shop's last basket answer (a refused promo code, say). */
  notice: BasketNotice | null;
  /** Why the last call to the shop about this basket failed, or null. */
  problem: string | null;
  /** Goes up on every change, so the simulator page redraws only what changed. */
  version: number;
  updated_at: string;
}

export interface BindingRequest {
  request_id: string;
  basket_id: string;
  binding_method: 'PHONE' | 'DEEP_LINK';
  binding_place: string | null;
  phone_number: PhoneNumber | null;
  browser: BrowserData;
  created_at: string;
  /**
   * A QR request (DEEP_LINK) lives as long as a page shows its code: until this time (ISO), moved
   * on by the shop page's "still shown" (`PUT /sandbox/baskets/:id/qr-shown`). Null for a phone
   * request, which waits for the phone.
   */
  expires_at: string | null;
}

/** What QA can change in the simulator. */
export interface Settings {
  /** A basket expires this long after its last change (PUT, binding, app event). */
  basket_ttl_seconds: number;
  /** When on, phone binding requests answer PHONE_BINDING_METHOD_UNAVAILABLE (QR still works). */
  phone_binding_unavailable: boolean;
  /** A QR request no page said it still shows for this long is gone (the tab was closed, the code abandoned). */
  qr_ttl_seconds: number;
}

const LIMIT = 10_000;

/** `map.set` with a bound: the oldest entry goes first. */
export function remember<K, V>(map: Map<K, V>, key: K, value: V, limit = LIMIT): void {
  map.delete(key);
  if (map.size >= limit) map.delete(map.keys().next().value as K);
  map.set(key, value);
}

export class SandboxStore {
  readonly baskets = new Map<string, StoredBasket>();
  readonly requests = new Map<string, BindingRequest>();
  readonly trustedBrowsers = new Map<string, Person>();
  /** order_id → basket_id */
  readonly orders = new Map<string, string>();

  constructor(readonly settings: Settings) {}

  isExpired(basket: StoredBasket, now = Date.now()): boolean {
    return now >= basket.expires_at;
  }

  /** Marks a change: the basket lives another `basket_ttl_seconds`, and the page redraws it. */
  touch(basket: StoredBasket): void {
    basket.expires_at = Date.now() + this.settings.basket_ttl_seconds * 1000;
    this.changed(basket);
  }

  changed(basket: StoredBasket): void {
    basket.version++;
    basket.updated_at = new Date().toISOString();
  }

  /** Drops a basket's pending binding requests: one is pending at most, and none once it is bound or gone. */
  dropRequestsOf(basketId: string): void {
    for (const [id, pending] of this.requests) if (pending.basket_id === basketId) this.requests.delete(id);
  }

  /** When a QR request made now, or said to be still shown now, expires (ISO). */
  qrExpiry(now = Date.now()): string {
    return new Date(now + this.settings.qr_ttl_seconds * 1000).toISOString();
  }

  /** The binding requests waiting for the phone, after forgetting the QR requests whose page stopped showing them. */
  pendingRequests(now = Date.now()): BindingRequest[] {
    for (const [id, pending] of this.requests) {
      if (pending.expires_at !== null && Date.parse(pending.expires_at) <= now) this.requests.delete(id);
    }
    return [...this.requests.values()];
  }

  /** The pending QR request of a basket, if any. */
  qrRequestOf(basketId: string): BindingRequest | undefined {
    return this.pendingRequests().find((pending) => pending.basket_id === basketId && pending.binding_method === 'DEEP_LINK');
  }

  order(orderId: string): { basket: StoredBasket; order: StoredOrder } | undefined {
    const basket = this.baskets.get(this.orders.get(orderId) ?? '');
    return basket?.order?.order_id === orderId ? { basket, order: basket.order } : undefined;
  }
}

export function person(phone: PhoneNumber, name: string, surname: string): Person {
  return { phone_number: phone, masked_phone_number: maskPhone(phone.phone), name, surname };
}

/** An amount as a number of złoty (strings like `"12.30"` or numbers), 0 when missing or malformed. */
export function amount(value: Amount | undefined | null): number {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : 0;
}

export const gross = (price: Price | undefined | null): number => amount(price?.gross);

/** Rounds to grosze. */
export const money = (value: number): number => Math.round(value * 100) / 100;

/** A Price from a gross amount and the VAT share of a reference price (for sums the app computes). */
export function priceOf(grossValue: number, netShare = 1 / 1.23): Price {
  const net = money(grossValue * netShare);
  return { net, gross: money(grossValue), vat: money(grossValue - net) };
}

/** The basket as the simulator page shows it: numbers, not the wire's strings-or-numbers. */
export function basketView(stored: StoredBasket, store: SandboxStore) {
  const basket = stored.basket;
  return {
    basket_id: stored.basket_id,
    inpost_basket_id: stored.inpost_basket_id,
    version: stored.version,
    linked: Boolean(stored.binding),
    phone_number: stored.binding?.phone_number ?? null,
    masked_phone_number: stored.binding?.masked_phone_number ?? null,
    name: stored.binding?.name ?? null,
    surname: stored.binding?.surname ?? null,
    expired: store.isExpired(stored),
    expires_at: new Date(stored.expires_at).toISOString(),
    has_binding_key: stored.binding_key !== null,
    problem: stored.problem,
    notice: stored.notice ?? basket?.summary.basket_notice ?? null,
    order_id: stored.order?.order_id ?? null,
    order: stored.order && {
      order_id: stored.order.order_id,
      payment_status: stored.order.payment_status,
      payment_type: stored.order.payment_type,
      merchant_status: stored.order.merchant_status,
      order_status: stored.order.order_status,
      delivery_references: stored.order.delivery_references,
      final_gross: stored.order.order ? gross(stored.order.order.order_details.order_final_price) : null,
      shop_events: stored.order.shop_events.length,
    },
    currency: basket?.summary.currency ?? 'PLN',
    base_gross: basket ? gross(basket.summary.basket_base_price) : 0,
    final_gross: basket ? gross(basket.summary.basket_final_price ?? basket.summary.basket_base_price) : 0,
    payment_types: basket?.summary.payment_type ?? [],
    products: (basket?.products ?? []).map((product) => {
      const unit = gross(product.promo_price ?? product.base_price);
      return {
        product_id: product.product_id,
        product_name: product.product_name,
        ean: product.ean ?? null,
        quantity: product.quantity.quantity,
        quantity_type: product.quantity.quantity_type,
        max_quantity: product.quantity.max_quantity ?? product.quantity.available_quantity ?? null,
        unit_gross: unit,
        base_unit_gross: gross(product.base_price),
        line_gross: money(unit * product.quantity.quantity),
        attributes: (product.product_attributes ?? []).map((a) => `${a.attribute_name}: ${a.attribute_value}`),
      };
    }),
    delivery: (basket?.delivery ?? []).map((option) => ({
      delivery_type: option.delivery_type,
      delivery_date: option.delivery_date,
      price_gross: gross(option.delivery_price),
      free_from_gross: option.free_delivery_minimum_gross_price === undefined ? null : amount(option.free_delivery_minimum_gross_price),
      extras: (option.delivery_options ?? []).map((extra) => ({
        code: extra.delivery_code_value,
        name: extra.delivery_name,
        price_gross: gross(extra.delivery_option_price),
      })),
    })),
    consents: (basket?.consents ?? []).map((consent) => ({
      consent_id: consent.consent_id,
      consent_version: consent.consent_version,
      description: consent.consent_description,
      link: consent.consent_link,
      requirement_type: consent.requirement_type,
    })),
    promo_codes: (basket?.promo_codes ?? []).map((code) => ({ name: code.name, value: code.promo_code_value })),
    related_products: (basket?.related_products ?? []).map((product) => ({
      product_id: product.product_id,
      product_name: product.product_name,
      unit_gross: gross(product.promo_price ?? product.base_price),
    })),
    updated_at: stored.updated_at,
  };
}
