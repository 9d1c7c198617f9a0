/**
 * The widget API's state of every visitor, shared by the page handler and the merchant handler
 * through one {@link WidgetStore}: records read and changed under a lock, each change published so
 * every instance wakes the long polls, streams and sockets of that visitor it holds.
 *
 * Keys (all below `prefix`): `v:<key>` the record (JSON) under a key that never changes;
 * `sid:<session id>` → key (the replaced id lives on for the rotation grace); `basket:<basket id>`
 * → key; `order:<order id>` → key.
 * @internal
 */
import { MerchantApiError } from '../errors.js';
import { newId } from './cookies.js';
import type { WidgetStore } from './store.js';
import type { Attribution, PageChange, PageState, WatchMessage, WidgetApiLogger } from './types.js';

/** What the kit knows of one visitor. */
export interface VisitorRecord {
  key: string;
  /** The session id (cookie, or the shop's visitor id). */
  sid: string;
  /** The kit's id of the visitor's browser at InPost Pay (trusted browsers). */
  browserId: string;
  /** The basket id the shop's cart and InPost Pay know; a new one after each order. */
  basketId: string;
  inpostBasketId: string | null;
  /** The binding status was asked of InPost Pay once for this basket. */
  checked: boolean;
  /** InPost Pay has the cart in its current form. */
  synced: boolean;
  linked: boolean;
  trusted: boolean;
  masked: string | null;
  /** The answer to the last binding request (the app's confirmation), until the next request. */
  confirmation: 'SUCCESS' | 'REJECT' | null;
  count: number;
  version: number;
  changed: PageChange[];
  redirect: string | null;
  /** Epoch ms after which the redirect is no longer announced. */
  redirectUntil: number;
  paymentStatus: string | null;
  lastOrderId: string | null;
  analytics: Attribution | null;
  /** SHA-256 of the binding proof cookie set by the last binding request's answer. */
  proof: string | null;
  /** Bound since the session id was issued: the binding browser's next answer carries a new one. */
  rotate: boolean;
  /** The session is the shop's own visitor id: never rotated by the kit. */
  shopSession: boolean;
}

/** The store did not answer in time or failed: the page gets 503. */
export class StoreUnavailable extends MerchantApiError {
  constructor(cause: unknown) {
    super(503, 'SERVICE_UNAVAILABLE', 'Płatność InPost Pay jest chwilowo niedostępna. Spróbuj ponownie za chwilę.');
    this.cause = cause;
  }
}

export interface HubOptions {
  store: WidgetStore;
  prefix: string;
  storeTimeoutMs: number;
  lockWaitMs: number;
  ttlMs: number;
  rotationGraceMs: number;
  logger: WidgetApiLogger;
}

/** @internal The records, their locks and the wake-ups of this instance's open requests. */
export class Hub {
  private readonly waiters = new Map<string, Set<() => void>>();
  private down = false;
  private readonly unsubscribe: () => void;

  constructor(readonly options: HubOptions) {
    this.unsubscribe = options.store.subscribe((topic) => {
      if (!topic.startsWith(options.prefix)) return;
      for (const wake of [...(this.waiters.get(topic.slice(options.prefix.length)) ?? [])]) wake();
    });
  }

  close(): void {
    this.unsubscribe();
    for (const set of this.waiters.values()) for (const wake of [...set]) wake();
  }

  /** Wakes every open request of this instance (closing). */
  wakeAll(): void {
    for (const set of this.waiters.values()) for (const wake of [...set]) wake();
  }

  /** One store call, with the time limit; the first failure of an outage is logged, the recovery too. */
  async call<T>(run: (store: WidgetStore) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        run(this.options.store),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`the store did not answer within ${this.options.storeTimeoutMs} ms`)), this.options.storeTimeoutMs);
        }),
      ]);
      if (this.down) {
        this.down = false;
        this.options.logger.warn('inpost-pay-widget/merchant: the widget API store answers again');
      }
      return result;
    } catch (error) {
      if (!this.down) {
        this.down = true;
        this.options.logger.error('inpost-pay-widget/merchant: the widget API store is unavailable; pages get 503 until it answers', error);
      }
      throw new StoreUnavailable(error);
    } finally {
      clearTimeout(timer);
    }
  }

  private k(name: string): string {
    return this.options.prefix + name;
  }

  async keyOf(index: 'sid' | 'basket' | 'order', id: string): Promise<string | undefined> {
    return this.call((store) => store.get(this.k(`${index}:${id}`)));
  }

  async read(key: string): Promise<VisitorRecord | undefined> {
    const text = await this.call((store) => store.get(this.k(`v:${key}`)));
    return text ? (JSON.parse(text) as VisitorRecord) : undefined;
  }

  /** A new visitor, stored with its indexes. */
  async create(sid: string | undefined, browserId: string | undefined): Promise<VisitorRecord> {
    const record: VisitorRecord = {
      key: newId('k'),
      sid: sid ?? newId('s'),
      browserId: browserId ?? newId('br'),
      basketId: newId('b'),
      inpostBasketId: null,
      checked: false,
      synced: false,
      linked: false,
      trusted: false,
      masked: null,
      confirmation: null,
      count: 0,
      version: 1,
      changed: [],
      redirect: null,
      redirectUntil: 0,
      paymentStatus: null,
      lastOrderId: null,
      analytics: null,
      proof: null,
      rotate: false,
      shopSession: sid !== undefined,
    };
    const { ttlMs } = this.options;
    await this.call((store) => store.set(this.k(`v:${record.key}`), JSON.stringify(record), ttlMs));
    await this.call((store) => store.set(this.k(`sid:${record.sid}`), record.key, ttlMs));
    await this.call((store) => store.set(this.k(`basket:${record.basketId}`), record.key, ttlMs));
    return record;
  }

  /**
   * Changes a record under its lock: `change` edits it and names what the pages must hear of
   * (a new version and a push) — or nothing. Indexes follow a changed session or basket id.
   * @returns the record after the change, or undefined when it no longer exists
   */
  async update(
    key: string,
    change: (record: VisitorRecord) => Awaitable<PageChange[] | 'quiet' | void>,
  ): Promise<VisitorRecord | undefined> {
    const token = await this.acquire(key);
    try {
      const record = await this.read(key);
      if (!record) return undefined;
      const before = { sid: record.sid, basketId: record.basketId };
      const result = await change(record);
      const changes = Array.isArray(result) ? result : [];
      if (changes.length > 0) {
        record.version++;
        record.changed = [...new Set(changes)];
      }
      const { ttlMs, rotationGraceMs } = this.options;
      await this.call((store) => store.set(this.k(`v:${key}`), JSON.stringify(record), ttlMs));
      if (record.sid !== before.sid) {
        await this.call((store) => store.set(this.k(`sid:${record.sid}`), key, ttlMs));
        await this.call((store) =>
          rotationGraceMs > 0 ? store.set(this.k(`sid:${before.sid}`), key, rotationGraceMs) : store.delete(this.k(`sid:${before.sid}`)),
        );
      }
      if (record.basketId !== before.basketId) {
        await this.call((store) => store.set(this.k(`basket:${record.basketId}`), key, ttlMs));
      }
      if (changes.length > 0) await this.call((store) => store.publish(this.k(key)));
      return record;
    } finally {
      await this.release(key, token);
    }
  }

  /** Takes the lock `name`, waiting for it up to `lockWaitMs`. @returns its token */
  private async acquire(name: string): Promise<string> {
    const lockName = this.k(`lock:${name}`);
    const deadline = Date.now() + this.options.lockWaitMs;
    let token: string | undefined;
    while ((token = await this.call((store) => store.lock(lockName, this.options.lockWaitMs + 5000))) === undefined) {
      if (Date.now() > deadline) throw new MerchantApiError(503, 'SERVICE_UNAVAILABLE', 'Koszyk jest teraz zajęty. Spróbuj ponownie za chwilę.');
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 15));
    }
    return token;
  }

  private async release(name: string, token: string): Promise<void> {
    await this.call((store) => store.unlock(this.k(`lock:${name}`), token)).catch(() => undefined);
  }

  /** Runs `run` holding the lock `name` (one call of InPost Pay per basket at a time, across instances). */
  async withLock<T>(name: string, run: () => Promise<T>): Promise<T> {
    const token = await this.acquire(name);
    try {
      return await run();
    } finally {
      await this.release(name, token);
    }
  }

  async indexOrder(orderId: string, key: string): Promise<void> {
    await this.call((store) => store.set(this.k(`order:${orderId}`), key, this.options.ttlMs));
  }

  async admit(rules: { key: string; limit: number; windowMs: number }[]): Promise<number> {
    return this.call((store) => store.admit(rules.map((rule) => ({ ...rule, key: this.k(`rate:${rule.key}`) }))));
  }

  /**
   * Resolves when the record of `key` is published as changed, after `ms`, or when `signal`
   * aborts, whichever comes first. Register before reading the record, so no change slips between.
   */
  waitFor(key: string, ms: number, signal?: AbortSignal): { promise: Promise<void>; cancel(): void } {
    let done!: () => void;
    const promise = new Promise<void>((resolve) => {
      const set = this.waiters.get(key) ?? new Set();
      this.waiters.set(key, set);
      const timer = setTimeout(() => done(), ms);
      done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0 && this.waiters.get(key) === set) this.waiters.delete(key);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      set.add(done);
      signal?.addEventListener('abort', done);
    });
    return { promise, cancel: () => done() };
  }

  /** Listens to every change of `key` until the returned function is called. */
  listen(key: string, listener: () => void): () => void {
    const set = this.waiters.get(key) ?? new Set();
    this.waiters.set(key, set);
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.waiters.get(key) === set) this.waiters.delete(key);
    };
  }
}

type Awaitable<T> = T | Promise<T>;

/** What the pages show of a record. */
export function pageState(record: VisitorRecord | undefined): PageState {
  if (!record) return { version: 0, basket_linked: false, count: 0 };
  return {
    version: record.version,
    basket_linked: record.linked,
    ...(record.linked && record.masked ? { masked_phone_number: record.masked } : {}),
    count: record.count,
    ...(record.version > 1 && record.changed.length > 0 ? { changed: record.changed } : {}),
    ...(record.paymentStatus ? { payment_status: record.paymentStatus } : {}),
  };
}

/** The order watch's message: the order's redirect while announced, else the state. */
export function watchMessage(record: VisitorRecord | undefined, now = Date.now()): WatchMessage {
  return record?.redirect && record.redirectUntil > now ? { action: 'redirect', redirect: record.redirect } : { state: pageState(record) };
}
