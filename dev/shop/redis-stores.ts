/**
 * The reference shop's visitors and orders in Redis, for several instances of the shop behind a
 * load balancer. Each instance keeps the in-memory `VisitorStore` and `OrderBook` as a cache with
 * their synchronous interface unchanged (routes and the merchant adapter read and change visitors
 * as plain objects); around every request `redis-state.ts` loads what the request is about from
 * Redis before it runs and writes back what it changed after it ran.
 *
 * Layout in Redis (prefix `shop:` by default):
 * - `v:<key>`: a hash per visitor, one field per property (JSON), under a key that never changes;
 *   the session id and the basket id change (after a binding, after an order) and point to it:
 * - `sid:<session id>` → key (the replaced one lives on for the rotation grace period),
 *   `basket:<basket id>` → key;
 * - `order:<order id>`: the order as JSON, its visitor as the key; `basket-order:<basket id>` → order id.
 *
 * Only changed fields are written back (`HSET` of those fields), and a change that arrives from
 * another instance is taken field by field where this instance has not changed the field itself,
 * so two instances changing different things of one visitor at once (the app's quantity on one,
 * the session rotation on the other) both keep their change. The version pages wait on is
 * incremented in Redis (`HINCRBY`), so it grows across instances.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { createClient } from 'redis';
import { Cart } from './basket.js';
import { OrderBook, type ShopOrder } from './orders.js';
import { VisitorStore, type Visitor, type VisitorStoreOptions } from './visitors.js';

export type RedisClient = ReturnType<typeof createClient>;

/** What one request (a page call, or one call of InPost Pay) read or changed: written back after it. */
export interface RequestScope {
  visitors: Set<Visitor>;
  orders: Set<ShopOrder>;
  /** Replaced session ids still in their grace period, found while loading this request's visitor. */
  sessionAliases: Map<string, Visitor>;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();
export const newScope = (): RequestScope => ({ visitors: new Set(), orders: new Set(), sessionAliases: new Map() });

/** Properties of a visitor that belong to this instance only: its open pages, its cache position. */
const LOCAL_FIELDS = new Set(['waiters', 'sockets', 'lastSeen']);

type Fields = Record<string, string>;

function serializeVisitor(visitor: Visitor): Fields {
  const fields: Fields = {};
  for (const [name, value] of Object.entries(visitor)) {
    if (!LOCAL_FIELDS.has(name) && value !== undefined) fields[name] = JSON.stringify(value);
  }
  return fields;
}

function fieldValue(name: string, text: string): unknown {
  const value = JSON.parse(text) as unknown;
  return name === 'cart' ? Object.assign(new Cart(), value) : value;
}

export interface RedisVisitorStoreOptions extends VisitorStoreOptions {
  prefix: string;
  /** How long a visitor is kept after its last change, seconds. */
  ttlSeconds: number;
}

/** {@link VisitorStore} whose visitors live in Redis; this instance's copies are a cache. */
export class RedisVisitorStore extends VisitorStore {
  /** Each cached visitor's fields as Redis had them when last read or written. */
  private readonly synced = new WeakMap<Visitor, Fields>();
  private readonly keys = new WeakMap<Visitor, string>();
  private readonly byKey = new Map<string, Visitor>();
  private readonly graceMs: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: RedisVisitorStoreOptions,
  ) {
    super(options);
    this.graceMs = options.rotationGraceMs ?? 5000;
  }

  private touch<T extends Visitor | undefined>(visitor: T): T {
    if (visitor) requestScope.getStore()?.visitors.add(visitor);
    return visitor;
  }

  override get(id: string | undefined): Visitor | undefined {
    return this.touch(super.get(id) ?? (id ? requestScope.getStore()?.sessionAliases.get(id) : undefined));
  }

  override byBasketId(basketId: string): Visitor | undefined {
    return this.touch(super.byBasketId(basketId));
  }

  override create(browserId: string | undefined): Visitor {
    const visitor = super.create(browserId);
    this.remember(visitor, `k${randomBytes(12).toString('hex')}`);
    return this.touch(visitor);
  }

  /** The visitor's key in Redis. */
  keyOf(visitor: Visitor): string | undefined {
    return this.keys.get(visitor);
  }

  /** The cached visitor of a key, if this instance has it. */
  cached(key: string): Visitor | undefined {
    const visitor = this.byKey.get(key);
    if (visitor && this.byId.get(visitor.id) !== visitor) {
      // Evicted from the cache since: forget the key too.
      this.byKey.delete(key);
      return undefined;
    }
    return visitor;
  }

  private remember(visitor: Visitor, key: string): void {
    this.keys.set(visitor, key);
    this.byKey.set(key, visitor);
    if (this.byKey.size > 2 * this.size + 1000) {
      for (const [known, cachedVisitor] of this.byKey) if (this.byId.get(cachedVisitor.id) !== cachedVisitor) this.byKey.delete(known);
    }
  }

  /** Loads the visitor of a session id from Redis into the cache (fresh), for the request in scope. */
  async loadBySession(sessionId: string): Promise<Visitor | undefined> {
    const key = await this.redis.get(`${this.options.prefix}sid:${sessionId}`);
    const visitor = key ? await this.load(key) : undefined;
    if (visitor && visitor.id !== sessionId) requestScope.getStore()?.sessionAliases.set(sessionId, visitor);
    return visitor;
  }

  async loadByBasket(basketId: string): Promise<Visitor | undefined> {
    const key = await this.redis.get(`${this.options.prefix}basket:${basketId}`);
    return key ? this.load(key) : undefined;
  }

  /**
   * Reads the visitor's hash and takes it into the cache: a new copy, or the cached one updated
   * field by field where this instance has not changed the field since it last synced.
   * @returns the cached visitor, or undefined when Redis no longer has it
   */
  async load(key: string): Promise<Visitor | undefined> {
    const remote = { ...(await this.redis.hGetAll(`${this.options.prefix}v:${key}`)) } as Fields;
    if (!remote.id || !remote.basketId) return undefined;
    const cached = this.cached(key);
    if (!cached) {
      // A fresh copy: made by the in-memory store (which makes room in the cache), then filled in.
      const visitor = super.create(undefined);
      this.byId.delete(visitor.id);
      this.byBasket.delete(visitor.basketId);
      for (const [name, text] of Object.entries(remote)) (visitor as unknown as Record<string, unknown>)[name] = fieldValue(name, text);
      this.byId.set(visitor.id, visitor);
      this.byBasket.set(visitor.basketId, visitor);
      this.remember(visitor, key);
      this.synced.set(visitor, remote);
      return visitor;
    }
    const synced = this.synced.get(cached) ?? {};
    const local = serializeVisitor(cached);
    const target = cached as unknown as Record<string, unknown>;
    const oldId = cached.id;
    const oldBasket = cached.basketId;
    for (const [name, text] of Object.entries(remote)) {
      if (text === synced[name]) continue;
      if (name === 'version' && local.version !== synced.version) {
        // Both changed it: keep this instance's increments on top of the other's.
        target.version = Number(text) + Number(local.version) - Number(synced.version ?? local.version);
      } else if (local[name] === synced[name]) {
        target[name] = fieldValue(name, text);
      }
    }
    this.synced.set(cached, { ...synced, ...remote });
    if (cached.id !== oldId) {
      this.byId.delete(oldId);
      this.byId.set(cached.id, cached);
    }
    if (cached.basketId !== oldBasket) {
      this.byBasket.delete(oldBasket);
      this.byBasket.set(cached.basketId, cached);
    }
    return cached;
  }

  /**
   * Writes what changed of a visitor since it was last synced: changed fields, the version as an
   * increment, the session and basket indexes.
   * @returns whether the version changed (the visitor's pages must hear of it)
   */
  async save(visitor: Visitor): Promise<boolean> {
    const key = this.keys.get(visitor);
    if (!key) return false;
    const { prefix, ttlSeconds } = this.options;
    const synced = this.synced.get(visitor);
    const fields = serializeVisitor(visitor);
    const changed = Object.entries(fields).filter(([name, text]) => text !== synced?.[name]);
    if (changed.length === 0) return false;
    const hash = `${prefix}v:${key}`;
    const versionChanged = synced !== undefined && fields.version !== synced.version;
    const written = Object.fromEntries(changed.filter(([name]) => !(versionChanged && name === 'version')));
    const multi = this.redis.multi();
    if (Object.keys(written).length > 0) multi.hSet(hash, written);
    if (versionChanged) multi.hIncrBy(hash, 'version', Number(fields.version) - Number(synced.version));
    multi.expire(hash, ttlSeconds);
    if (fields.id !== synced?.id) {
      multi.set(`${prefix}sid:${visitor.id}`, key, { EX: ttlSeconds });
      if (synced?.id && this.graceMs > 0) multi.set(`${prefix}sid:${JSON.parse(synced.id) as string}`, key, { PX: this.graceMs });
      else if (synced?.id) multi.del(`${prefix}sid:${JSON.parse(synced.id) as string}`);
    }
    if (fields.basketId !== synced?.basketId) {
      multi.set(`${prefix}basket:${visitor.basketId}`, key, { EX: ttlSeconds });
      if (synced?.basketId) multi.del(`${prefix}basket:${JSON.parse(synced.basketId) as string}`);
    }
    const replies = await multi.exec();
    if (versionChanged) {
      const index = Object.keys(written).length > 0 ? 1 : 0;
      visitor.version = Number(replies[index]);
      fields.version = JSON.stringify(visitor.version);
    }
    this.synced.set(visitor, { ...synced, ...fields });
    return synced === undefined || versionChanged;
  }
}

/** An order as Redis keeps it: its visitor as a key. */
type StoredOrder = Omit<ShopOrder, 'visitor'> & { visitorKey?: string };

/** {@link OrderBook} whose orders live in Redis; this instance's copies are a cache. */
export class RedisOrderBook extends OrderBook {
  private readonly synced = new WeakMap<ShopOrder, string>();

  constructor(
    private readonly redis: RedisClient,
    private readonly visitors: RedisVisitorStore,
    private readonly prefix: string,
  ) {
    super();
  }

  private touch<T extends ShopOrder | undefined>(order: T): T {
    if (order) requestScope.getStore()?.orders.add(order);
    return order;
  }

  override get(orderId: string): ShopOrder | undefined {
    return this.touch(super.get(orderId));
  }

  override byBasketId(basketId: string): ShopOrder | undefined {
    return this.touch(super.byBasketId(basketId));
  }

  override add(order: ShopOrder): ShopOrder {
    return this.touch(super.add(order));
  }

  async loadById(orderId: string): Promise<ShopOrder | undefined> {
    const text = await this.redis.get(`${this.prefix}order:${orderId}`);
    if (!text) return undefined;
    const { visitorKey, ...stored } = JSON.parse(text) as StoredOrder;
    const order: ShopOrder = super.get(orderId) ?? super.add({ ...stored });
    // Orders change only in InPost Pay's calls, which take the basket's lock: Redis's copy is the latest.
    Object.assign(order, stored);
    // The adapter changes the order's visitor through the order (the payment status its pages show):
    // loaded fresh, and written back with the request.
    order.visitor = visitorKey ? await this.visitors.load(visitorKey) : undefined;
    if (order.visitor) requestScope.getStore()?.visitors.add(order.visitor);
    this.synced.set(order, text);
    return order;
  }

  async loadByBasket(basketId: string): Promise<ShopOrder | undefined> {
    const orderId = await this.redis.get(`${this.prefix}basket-order:${basketId}`);
    return orderId ? this.loadById(orderId) : undefined;
  }

  /** Writes the order when it changed; a new order also gets its basket's index. */
  async save(order: ShopOrder): Promise<void> {
    const { visitor, ...rest } = order;
    const stored: StoredOrder = { ...rest, ...(visitor ? { visitorKey: this.visitors.keyOf(visitor) } : {}) };
    const text = JSON.stringify(stored);
    const synced = this.synced.get(order);
    if (text === synced) return;
    const multi = this.redis.multi().set(`${this.prefix}order:${order.orderId}`, text);
    if (synced === undefined) multi.set(`${this.prefix}basket-order:${order.basketId}`, order.orderId, { NX: true });
    await multi.exec();
    this.synced.set(order, text);
  }
}
