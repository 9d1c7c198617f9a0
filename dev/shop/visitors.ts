import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { BasketBindingStatus, PhoneNumber } from '../../src/merchant/types.js';
import { Problem } from '../http.js';
import { Cart } from './basket.js';

/**
 * What the shop's backend knows about one visitor: the cart, the ids it uses at InPost Pay, the
 * binding state learned from InPost Pay (answers and signed callbacks) and the pages that watch it.
 * In memory only.
 */
export interface Visitor {
  /** The session id (cookie `shop_sid`); a new one once the basket is bound. */
  id: string;
  /** Our id of the visitor's browser, sent to InPost Pay to learn and use its "trusted" state. */
  browserId: string;
  /** Our basket id at InPost Pay; a new one after each order. Never taken from the client. */
  basketId: string;
  cart: Cart;
  /** The seed's first step (GET binding) was done for this visitor. */
  checkedAtInpost: boolean;
  /** The basket exists at InPost Pay in its current form. */
  syncedAtInpost: boolean;
  linked: boolean;
  trusted: boolean;
  inpostBasketId: string | null;
  /** Kept for the shop's own use (the order's contact); never sent to a browser. */
  phoneNumber: PhoneNumber | null;
  maskedPhoneNumber: string | null;
  /** The last binding confirmation since the last binding request (SUCCESS or REJECT). */
  confirmation: 'SUCCESS' | 'REJECT' | null;
  /** Long-polling requests (`is-bound`, `order-complete`) waiting for a change. */
  waiters: Set<() => void>;
  /** Open order-watch WebSockets. */
  sockets: Set<WebSocket>;
  /** Where to send the visitor once an order was placed; cleared by the thank-you page. */
  redirect: string | null;
  /** The visitor's last order (its id in the order book). */
  lastOrderId: string | null;
  /** The payment status of the last order, as InPost Pay reported it. */
  lastPaymentStatus: string | null;
  /** Grows with every change a page shows (count, binding, order): long polls wait for a newer one. */
  version: number;
  /** The basket got bound since the session id was issued: the next answer carries a new one. */
  rotateSession: boolean;
  /** Epoch ms of the last request. */
  lastSeen: number;
}

/** What pages and page pushes show of a visitor: nothing more than the masked number and the count. */
export interface PageState {
  version: number;
  basket_linked: boolean;
  masked_phone_number: string | null;
  count: number;
  /** The last order's payment, for the thank-you page. */
  payment_status?: string;
}

const newId = (prefix: string): string => prefix + randomBytes(12).toString('hex');

export interface VisitorStoreOptions {
  /** Visitors kept in memory. Default 10 000. */
  limit?: number;
  /** How long a session id keeps working after it was replaced, ms (requests already on their way). Default 5000. */
  rotationGraceMs?: number;
}

/**
 * All visitors, indexed by session id and by basket id. Bounded: the one seen least recently is
 * forgotten first, but never one whose basket is bound or whose order is on its way (its shopper
 * would lose the order). New visitors are created only by requests that change something, so a
 * flood of cookieless page views costs no memory at all.
 */
export class VisitorStore {
  private readonly byId = new Map<string, Visitor>();
  private readonly byBasket = new Map<string, Visitor>();
  /** Replaced session ids, still valid until `until` (epoch ms). */
  private readonly replaced = new Map<string, { visitor: Visitor; until: number }>();
  private readonly limit: number;
  private readonly rotationGraceMs: number;

  constructor(options: VisitorStoreOptions | number = {}) {
    const { limit = 10_000, rotationGraceMs = 5000 } = typeof options === 'number' ? { limit: options } : options;
    this.limit = limit;
    this.rotationGraceMs = rotationGraceMs;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string | undefined): Visitor | undefined {
    if (!id) return undefined;
    let visitor = this.byId.get(id);
    if (!visitor) {
      const old = this.replaced.get(id);
      if (old && old.until > Date.now() && this.byId.get(old.visitor.id) === old.visitor) visitor = old.visitor;
      else if (old) this.replaced.delete(id);
    }
    if (visitor) {
      // Map keeps insertion order: moving the visitor to the end keeps the least recent first.
      this.byId.delete(visitor.id);
      this.byId.set(visitor.id, visitor);
      visitor.lastSeen = Date.now();
    }
    return visitor;
  }

  all(): IterableIterator<Visitor> {
    return this.byId.values();
  }

  byBasketId(basketId: string): Visitor | undefined {
    return this.byBasket.get(basketId);
  }

  create(browserId: string | undefined): Visitor {
    if (this.byId.size >= this.limit) this.evictOne();
    const visitor: Visitor = {
      id: newId('v'),
      browserId: browserId ?? newId('br'),
      basketId: newId('b'),
      cart: new Cart(),
      checkedAtInpost: false,
      syncedAtInpost: false,
      linked: false,
      trusted: false,
      inpostBasketId: null,
      phoneNumber: null,
      maskedPhoneNumber: null,
      confirmation: null,
      waiters: new Set(),
      sockets: new Set(),
      redirect: null,
      lastOrderId: null,
      lastPaymentStatus: null,
      version: 1,
      rotateSession: false,
      lastSeen: Date.now(),
    };
    this.byId.set(visitor.id, visitor);
    this.byBasket.set(visitor.basketId, visitor);
    return visitor;
  }

  /** A new session id for the visitor; the old one works for a few seconds more, for requests already sent. */
  rotate(visitor: Visitor): void {
    const now = Date.now();
    for (const [id, entry] of this.replaced) if (entry.until <= now) this.replaced.delete(id);
    this.byId.delete(visitor.id);
    if (this.rotationGraceMs > 0) this.replaced.set(visitor.id, { visitor, until: now + this.rotationGraceMs });
    visitor.id = newId('v');
    visitor.rotateSession = false;
    this.byId.set(visitor.id, visitor);
  }

  /** After an order: the old basket is done, the visitor starts a new one. */
  startNewBasket(visitor: Visitor): void {
    this.byBasket.delete(visitor.basketId);
    visitor.basketId = newId('b');
    this.byBasket.set(visitor.basketId, visitor);
    visitor.cart = new Cart();
    visitor.syncedAtInpost = false;
    visitor.inpostBasketId = null;
    visitor.confirmation = null;
    setUnlinked(visitor);
  }

  private evictOne(): void {
    for (const candidate of this.byId.values()) {
      if (isPinned(candidate)) continue;
      this.byId.delete(candidate.id);
      this.byBasket.delete(candidate.basketId);
      // Nothing of a forgotten visitor may keep waiting: its long polls answer, its sockets close.
      wakeWaiters(candidate);
      for (const socket of candidate.sockets) socket.close();
      return;
    }
    throw new Problem(503, 'SERVICE_UNAVAILABLE', 'Sklep jest teraz przeciążony. Spróbuj ponownie za chwilę.');
  }
}

/** A bound basket, or an order on its way to the thank-you page: forgetting it would lose the shopper's order. */
function isPinned(visitor: Visitor): boolean {
  return visitor.linked || visitor.redirect !== null;
}

/** Takes over what `GET .../binding` said. */
export function applyBindingStatus(visitor: Visitor, status: BasketBindingStatus): void {
  visitor.checkedAtInpost = true;
  visitor.trusted = status.browser_trusted;
  visitor.inpostBasketId = status.inpost_basket_id ?? visitor.inpostBasketId;
  if (status.basket_linked && status.client_details) setLinked(visitor, status.client_details);
  else setUnlinked(visitor);
}

/** The basket is bound to this phone number: from `GET .../binding` or a confirmation callback. */
export function setLinked(visitor: Visitor, details: { phone_number: PhoneNumber | null; masked_phone_number: string }): void {
  if (!visitor.linked) visitor.rotateSession = true;
  const changed = !visitor.linked || visitor.maskedPhoneNumber !== details.masked_phone_number;
  visitor.linked = true;
  visitor.phoneNumber = details.phone_number;
  visitor.maskedPhoneNumber = details.masked_phone_number;
  if (changed) publish(visitor);
}

export function setUnlinked(visitor: Visitor): void {
  const changed = visitor.linked;
  visitor.linked = false;
  visitor.phoneNumber = null;
  visitor.maskedPhoneNumber = null;
  if (changed) publish(visitor);
}

/** What the visitor's pages show now. */
export function pageState(visitor: Visitor | undefined): PageState {
  if (!visitor) return { version: 0, basket_linked: false, masked_phone_number: null, count: 0 };
  return {
    version: visitor.version,
    basket_linked: visitor.linked,
    masked_phone_number: visitor.linked ? visitor.maskedPhoneNumber : null,
    count: visitor.cart.count,
    ...(visitor.lastPaymentStatus ? { payment_status: visitor.lastPaymentStatus } : {}),
  };
}

/**
 * What the order watch tells a page: the order once it exists (until the thank-you page was
 * shown), else the page state.
 */
export function watchMessage(visitor: Visitor | undefined): { action: 'redirect'; redirect: string } | { state: PageState } {
  return visitor?.redirect ? { action: 'redirect', redirect: visitor.redirect } : { state: pageState(visitor) };
}

/**
 * Something the visitor's pages show changed: every long poll answers and every order-watch
 * socket gets the news, so each open page shows it at once.
 */
export function publish(visitor: Visitor): void {
  visitor.version++;
  wakeWaiters(visitor);
  const message = JSON.stringify(watchMessage(visitor));
  for (const socket of visitor.sockets) socket.send(message);
}

/** Wakes every long-polling request of the visitor. */
export function wakeWaiters(visitor: Visitor): void {
  for (const wake of [...visitor.waiters]) wake();
}
