import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { BasketBindingStatus, BindingConfirmation, PhoneNumber } from '../../src/merchant/types.js';
import type { CartLine } from './catalog.js';

/**
 * What the shop's backend knows about one visitor: the cart, the ids it uses at InPost Pay and
 * the binding state learned from InPost Pay (answers and signed callbacks). In memory only.
 */
export interface Visitor {
  id: string;
  /** Our id of the visitor's browser, sent to InPost Pay to learn and use its "trusted" state. */
  browserId: string;
  /** Our basket id at InPost Pay; a new one after each order. Never taken from the client. */
  basketId: string;
  cart: CartLine[];
  /** The seed's first step (GET binding) was done for this visitor. */
  checkedAtInpost: boolean;
  /** The basket exists at InPost Pay in its current form. */
  syncedAtInpost: boolean;
  linked: boolean;
  trusted: boolean;
  inpostBasketId: string | null;
  phoneNumber: PhoneNumber | null;
  maskedPhoneNumber: string | null;
  name: string | null;
  surname: string | null;
  /** The last confirmation callback since the last binding request (SUCCESS or REJECT). */
  confirmation: BindingConfirmation | null;
  /** Long-polling `is-bound` requests waiting for a confirmation. */
  waiters: Set<() => void>;
  /** Open order-watch WebSockets. */
  sockets: Set<WebSocket>;
  /** Where to send the visitor once an order was placed; cleared by the thank-you page. */
  redirect: string | null;
  lastOrder: { orderId: string; lines: CartLine[] } | null;
  /** When the binding was last re-read at InPost Pay by the order watch (epoch ms). */
  lastRemoteCheck: number;
}

const newId = (prefix: string): string => prefix + randomBytes(12).toString('hex');

/**
 * All visitors, indexed by visitor id and by basket id. Bounded: the one seen least recently is
 * forgotten first, so a flood of cookieless requests cannot push out the shoppers who are active.
 */
export class VisitorStore {
  private readonly byId = new Map<string, Visitor>();
  private readonly byBasket = new Map<string, Visitor>();

  constructor(private readonly limit = 10_000) {}

  get(id: string | undefined): Visitor | undefined {
    const visitor = id ? this.byId.get(id) : undefined;
    if (visitor) {
      // Map keeps insertion order: moving the visitor to the end keeps the least recent first.
      this.byId.delete(visitor.id);
      this.byId.set(visitor.id, visitor);
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
    if (this.byId.size >= this.limit) {
      const oldest = this.byId.values().next().value as Visitor;
      this.byId.delete(oldest.id);
      this.byBasket.delete(oldest.basketId);
      // Nothing of a forgotten visitor may keep waiting: its long polls answer, its sockets close.
      wakeWaiters(oldest);
      for (const socket of oldest.sockets) socket.close();
    }
    const visitor: Visitor = {
      id: newId('v'),
      browserId: browserId ?? newId('br'),
      basketId: newId('b'),
      cart: [],
      checkedAtInpost: false,
      syncedAtInpost: false,
      linked: false,
      trusted: false,
      inpostBasketId: null,
      phoneNumber: null,
      maskedPhoneNumber: null,
      name: null,
      surname: null,
      confirmation: null,
      waiters: new Set(),
      sockets: new Set(),
      redirect: null,
      lastOrder: null,
      lastRemoteCheck: 0,
    };
    this.byId.set(visitor.id, visitor);
    this.byBasket.set(visitor.basketId, visitor);
    return visitor;
  }

  /** After an order: the old basket is done, the visitor starts a new one. */
  startNewBasket(visitor: Visitor): void {
    this.byBasket.delete(visitor.basketId);
    visitor.basketId = newId('b');
    this.byBasket.set(visitor.basketId, visitor);
    visitor.cart = [];
    visitor.syncedAtInpost = false;
    visitor.inpostBasketId = null;
    visitor.confirmation = null;
    setUnlinked(visitor);
  }
}

/** Takes over what `GET .../binding` said. */
export function applyBindingStatus(visitor: Visitor, status: BasketBindingStatus): void {
  visitor.checkedAtInpost = true;
  visitor.lastRemoteCheck = Date.now();
  visitor.trusted = status.browser_trusted;
  visitor.inpostBasketId = status.inpost_basket_id ?? visitor.inpostBasketId;
  if (status.basket_linked && status.client_details) setLinked(visitor, status.client_details);
  else setUnlinked(visitor);
}

/** The basket is bound to this phone number: from `GET .../binding` or a confirmation callback. */
export function setLinked(
  visitor: Visitor,
  details: { phone_number: PhoneNumber; masked_phone_number: string; name: string | null; surname: string | null },
): void {
  visitor.linked = true;
  visitor.phoneNumber = details.phone_number;
  visitor.maskedPhoneNumber = details.masked_phone_number;
  visitor.name = details.name;
  visitor.surname = details.surname;
}

export function setUnlinked(visitor: Visitor): void {
  visitor.linked = false;
  visitor.phoneNumber = null;
  visitor.maskedPhoneNumber = null;
  visitor.name = null;
  visitor.surname = null;
}

/** Wakes every long-polling `is-bound` request of the visitor. */
export function wakeWaiters(visitor: Visitor): void {
  for (const wake of [...visitor.waiters]) wake();
}
