/**
 * The reference shop's own data: carts by basket id (the id the widget API gives each visitor) and
 * orders. In memory for one instance; in Redis (`REDIS_URL`) for several, as JSON per cart and per
 * order. What the shop shares with every shop (sessions, binding, pushes, limits) is the widget
 * API's, in its own store.
 */
import type { createClient } from 'redis';
import { Cart } from './basket.js';
import type { ShopOrder } from './orders.js';

export interface ShopData {
  /** The cart of a basket, or undefined when the shop never had one. */
  cart(basketId: string): Promise<Cart | undefined>;
  saveCart(basketId: string, cart: Cart): Promise<void>;
  order(orderId: string): Promise<ShopOrder | undefined>;
  orderOfBasket(basketId: string): Promise<ShopOrder | undefined>;
  saveOrder(order: ShopOrder): Promise<void>;
  close(): Promise<void>;
}

const revive = (text: string | null | undefined): Cart | undefined => (text ? Object.assign(new Cart(), JSON.parse(text) as object) : undefined);

/** One instance: everything in this process. Carts are copied in and out, as from a database. */
export function memoryShopData(): ShopData {
  const carts = new Map<string, string>();
  const orders = new Map<string, string>();
  const byBasket = new Map<string, string>();
  return {
    async cart(basketId) {
      return revive(carts.get(basketId));
    },
    async saveCart(basketId, cart) {
      carts.set(basketId, JSON.stringify(cart));
    },
    async order(orderId) {
      const text = orders.get(orderId);
      return text ? (JSON.parse(text) as ShopOrder) : undefined;
    },
    async orderOfBasket(basketId) {
      const id = byBasket.get(basketId);
      return id ? this.order(id) : undefined;
    },
    async saveOrder(order) {
      orders.set(order.orderId, JSON.stringify(order));
      if (!byBasket.has(order.basketId)) byBasket.set(order.basketId, order.orderId);
    },
    async close() {},
  };
}

type RedisClient = ReturnType<typeof createClient>;

/** Several instances: carts and orders in Redis under `prefix`; carts expire after `ttlSeconds` untouched. */
export function redisShopData(redis: RedisClient, prefix = 'shop:', ttlSeconds = 7 * 24 * 3600): ShopData {
  return {
    async cart(basketId) {
      return revive(await redis.get(`${prefix}cart:${basketId}`));
    },
    async saveCart(basketId, cart) {
      await redis.set(`${prefix}cart:${basketId}`, JSON.stringify(cart), { EX: ttlSeconds });
    },
    async order(orderId) {
      const text = await redis.get(`${prefix}order:${orderId}`);
      return text ? (JSON.parse(text) as ShopOrder) : undefined;
    },
    async orderOfBasket(basketId) {
      const id = await redis.get(`${prefix}basket-order:${basketId}`);
      return id ? this.order(id) : undefined;
    },
    async saveOrder(order) {
      // Orders are the shop's record of a sale: never expired.
      await redis.multi().set(`${prefix}order:${order.orderId}`, JSON.stringify(order)).set(`${prefix}basket-order:${order.basketId}`, order.orderId, { NX: true }).exec();
    },
    async close() {},
  };
}
