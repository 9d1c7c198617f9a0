/**
 * The reference shop on several instances behind a load balancer, sharing one Redis (`REDIS_URL`):
 *
 * - **Visitors and orders** (`redis-stores.ts`): a hash per visitor, an entry per order. A page
 *   request loads its visitor (and its last order) before the route runs and writes back what
 *   changed when it answers; a call of InPost Pay does the same for its basket or order.
 * - **Pushes to open pages**: a change a page shows is published on a Redis channel; every
 *   instance holding a long poll or an order-watch WebSocket of that visitor reloads it and pushes
 *   it, so an order, an app change or an unlink received by instance A reaches the page whose
 *   connection sits on instance B.
 * - **The merchant kit's replay store**: `redisReplayStore` of `inpost-pay-widget/merchant/redis`,
 *   so a signed call seen by one instance is refused by all.
 * - **One call of InPost Pay per basket at a time**: each call of the adapter takes the basket's
 *   lock in Redis (`SET NX PX`), so the same order sent to two instances at once (a retry) is
 *   created once and answered twice.
 *
 * Without a Redis URL the shop keeps all of it in memory (`VisitorStore`, `OrderBook`), as one instance.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createClient } from 'redis';
import { MerchantApiError, type MerchantShop, type ReplayStore } from '../../src/merchant/index.js';
import { redisReplayStore } from '../../src/merchant/redis.js';
import { newScope, RedisOrderBook, RedisVisitorStore, requestScope, type RedisClient, type RequestScope } from './redis-stores.js';
import { wakeWaiters, watchMessage, type Visitor, type VisitorStoreOptions } from './visitors.js';

export interface ShopRedisOptions {
  /** `redis://host:port`. */
  url: string;
  /** Put before every key and the channel, to share a Redis with other data. Default `shop:`. */
  prefix?: string;
  /** How long a visitor is kept after its last change, seconds. Default 7 days. */
  ttlSeconds?: number;
  /** The cache of visitors in this instance (size, session rotation grace). */
  visitors?: VisitorStoreOptions;
  /** How long one call of InPost Pay may hold its basket's lock, ms. Default 10 000. */
  lockMs?: number;
  /** Where failures outside a request (a push that could not be loaded) are reported. */
  warn?(message: string, error: unknown): void;
}

export interface ShopRedis {
  visitors: RedisVisitorStore;
  orders: RedisOrderBook;
  /** For `createMerchantApi({ replayStore })`. */
  replayStore: ReplayStore;
  /**
   * Adds the hooks that load a page request's visitor before the route and write it back before
   * the answer is sent. Register after the hooks that change the visitor in `onSend` (the
   * session rotation) and after the cookie plugin.
   */
  attach(app: FastifyInstance, sessionIdOf: (request: FastifyRequest) => string | undefined): void;
  /** The shop's merchant adapter with each call loaded, locked and written back around it. */
  shareAdapter(shop: MerchantShop): MerchantShop;
  close(): Promise<void>;
}

const SCOPE = Symbol('redis request scope');

/** Connects to Redis and returns the shared visitor store, order book, replay store and hooks. */
export async function connectShopRedis(options: ShopRedisOptions): Promise<ShopRedis> {
  const prefix = options.prefix ?? 'shop:';
  const channel = `${prefix}changed`;
  const lockMs = options.lockMs ?? 10_000;
  const instanceId = randomBytes(8).toString('hex');
  const warn = options.warn ?? (() => undefined);
  const redis: RedisClient = createClient({ url: options.url });
  redis.on('error', (error: unknown) => warn('Redis connection error', error));
  await redis.connect();
  const subscriber = redis.duplicate();
  subscriber.on('error', (error: unknown) => warn('Redis subscriber error', error));
  try {
    await subscriber.connect();
  } catch (error) {
    await redis.quit().catch(() => undefined);
    throw error;
  }

  const visitors = new RedisVisitorStore(redis, { ...options.visitors, prefix, ttlSeconds: options.ttlSeconds ?? 7 * 24 * 3600 });
  const orders = new RedisOrderBook(redis, visitors, prefix);

  /** What the pages of a visitor on this instance get when something they show changed. */
  function pushToPages(visitor: Visitor): void {
    wakeWaiters(visitor);
    const message = JSON.stringify(watchMessage(visitor));
    for (const socket of visitor.sockets) socket.send(message);
  }

  // Another instance changed a visitor: reload it if cached here, and push to its pages here. Cached
  // without pages too: a long poll that is on its way to waiting then finds the change already.
  await subscriber.subscribe(channel, (message: string) => {
    let key: string;
    try {
      const parsed = JSON.parse(message) as { key: string; from: string };
      if (parsed.from === instanceId) return;
      key = parsed.key;
    } catch {
      return;
    }
    const cached = visitors.cached(key);
    if (!cached) return;
    const before = cached.version;
    visitors.load(key).then(
      (visitor) => {
        if (visitor && visitor.version !== before) pushToPages(visitor);
      },
      (error: unknown) => warn('A change pushed by another instance could not be loaded', error),
    );
  });

  /**
   * Writes back what the scope changed, orders first (a sale is the record that must not be lost);
   * tells the other instances about visitors whose pages must hear it.
   */
  async function commit(scope: RequestScope): Promise<void> {
    for (const order of scope.orders) await orders.save(order);
    for (const visitor of scope.visitors) {
      if (await visitors.save(visitor)) {
        const key = visitors.keyOf(visitor);
        if (key) await redis.publish(channel, JSON.stringify({ key, from: instanceId }));
      }
    }
  }

  /** Takes a lock in Redis, waiting for it up to `lockMs`. @returns its release */
  async function lock(name: string): Promise<() => Promise<void>> {
    const key = `${prefix}lock:${name}`;
    const token = randomBytes(12).toString('hex');
    const deadline = Date.now() + lockMs;
    while ((await redis.set(key, token, { NX: true, PX: lockMs })) !== 'OK') {
      if (Date.now() > deadline) throw new MerchantApiError(503, 'SERVICE_UNAVAILABLE', 'The basket is busy; try again');
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 15));
    }
    // Released only by its holder (a lock that expired may belong to another call by now).
    return async () => {
      await redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", {
        keys: [key],
        arguments: [token],
      });
    };
  }

  /** Runs one adapter call in its own scope: locked, loaded before, written back after. */
  function around<T>(lockName: string | undefined, load: () => Promise<unknown>, run: () => T | Promise<T>): Promise<T> {
    const scope = newScope();
    return requestScope.run(scope, async () => {
      const release = lockName ? await lock(lockName) : undefined;
      try {
        await load();
        return await run();
      } finally {
        try {
          await commit(scope);
        } finally {
          await release?.();
        }
      }
    });
  }

  const loadBasket = (basketId: string) => async () => {
    await visitors.loadByBasket(basketId);
    await orders.loadByBasket(basketId);
  };
  const loadOrder = (orderId: string) => () => orders.loadById(orderId);
  const none = async () => undefined;

  return {
    visitors,
    orders,
    replayStore: redisReplayStore(redis),

    attach(app, sessionIdOf) {
      app.addHook('onRequest', (request, _reply, done) => {
        // Files carry no state, and InPost Pay's calls carry no session: their adapter calls load what they need.
        const route = request.routeOptions.url ?? '';
        if (route.startsWith('/assets/') || route.startsWith('/widget/') || route.startsWith('/inpost/')) return done();
        const scope = newScope();
        (request as FastifyRequest & { [SCOPE]?: RequestScope })[SCOPE] = scope;
        requestScope.run(scope, () => {
          const sessionId = sessionIdOf(request);
          const loaded = sessionId
            ? visitors.loadBySession(sessionId).then((visitor) => (visitor?.lastOrderId ? orders.loadById(visitor.lastOrderId) : undefined))
            : Promise.resolve();
          loaded.then(() => done(), done);
        });
      });
      app.addHook('onSend', async (request, _reply, payload) => {
        const scope = (request as FastifyRequest & { [SCOPE]?: RequestScope })[SCOPE];
        if (scope) await commit(scope);
        return payload;
      });
    },

    shareAdapter(shop) {
      return {
        getBasket: (basketId) => around(undefined, loadBasket(basketId), () => shop.getBasket(basketId)),
        confirmBinding: (basketId, confirmation) => around(`basket:${basketId}`, loadBasket(basketId), () => shop.confirmBinding(basketId, confirmation)),
        applyBasketEvent: (basketId, event) => around(`basket:${basketId}`, loadBasket(basketId), () => shop.applyBasketEvent(basketId, event)),
        deleteBinding: (basketId) => around(`basket:${basketId}`, loadBasket(basketId), () => shop.deleteBinding(basketId)),
        addProduct: (productId, request) =>
          request.basket_id
            ? around(`basket:${request.basket_id}`, loadBasket(request.basket_id), () => shop.addProduct(productId, request))
            : around(undefined, none, () => shop.addProduct(productId, request)),
        createOrder: (order) => {
          const basketId = order.order_details.basket_id;
          return around(`basket:${basketId}`, loadBasket(basketId), () => shop.createOrder(order));
        },
        getOrder: (orderId) => around(undefined, loadOrder(orderId), () => shop.getOrder(orderId)),
        applyOrderEvent: (orderId, event) => around(`order:${orderId}`, loadOrder(orderId), () => shop.applyOrderEvent(orderId, event)),
        getProducts: (query) => shop.getProducts(query),
      };
    },

    async close() {
      await subscriber.quit().catch(() => undefined);
      await redis.quit().catch(() => undefined);
    },
  };
}
