/**
 * The shop's one adapter as `createMerchantApi` takes it: each of InPost's calls runs the shop's
 * method under the visitor's lock, then changes the kit's record of that basket (binding, count,
 * the order's redirect, the payment) and publishes it, so the visitor's open pages hear of it on
 * every instance. The shop writes no glue.
 * @internal
 */
import type { MerchantShop } from '../api.js';
import { MerchantApiError } from '../errors.js';
import { orderSchema } from '../schemas.js';
import type { Basket } from '../types.js';
import { validate } from '../validate.js';
import { newId } from './cookies.js';
import type { Hub, VisitorRecord } from './state.js';
import type { InpostPayShop, PageChange, WidgetApiLogger } from './types.js';

export interface MerchantShopDeps {
  shop: InpostPayShop;
  hub: Hub;
  thankYou(orderId: string): string;
  redirectMs: number;
  countOf(basketId: string): Promise<number>;
  logger: WidgetApiLogger;
}

const countIn = (basket: Basket) =>
  basket.products.reduce((sum, product) => sum + Math.max(0, Math.floor(product.quantity.quantity)), 0);

export function merchantShopOf(deps: MerchantShopDeps): MerchantShop {
  const { shop, hub } = deps;

  /**
   * Runs `run` for the page visitor of `basketId` under its lock (or without one for a basket the
   * kit does not know: started in the app). `current` is false once the basket was ordered.
   */
  async function forBasket<T>(
    basketId: string,
    run: (record: VisitorRecord | undefined) => Promise<{ result: T; changes?: PageChange[] }>,
    refuseOrdered = true,
  ): Promise<T> {
    const key = await hub.keyOf('basket', basketId);
    // A basket no page holds (started in the app, or forgotten): still one call at a time.
    if (!key) return hub.withLock(`basket:${basketId}`, async () => (await run(undefined)).result);
    let result: T | undefined;
    let ran = false;
    await hub.update(key, async (record) => {
      if (refuseOrdered && record.basketId !== basketId) throw new MerchantApiError(409, 'ORDER_EXISTS', 'The basket was already ordered');
      const outcome = await run(record.basketId === basketId ? record : undefined);
      ran = true;
      result = outcome.result;
      return outcome.changes && outcome.changes.length > 0 ? outcome.changes : 'quiet';
    });
    if (!ran) return (await run(undefined)).result;
    return result as T;
  }

  return {
    getBasket: (basketId) => shop.getBasket(basketId),

    async confirmBinding(basketId, confirmation) {
      if (confirmation.status === 'SUCCESS' && !confirmation.masked_phone_number) {
        throw new MerchantApiError(400, 'MALFORMED_REQUEST', 'masked_phone_number is required for SUCCESS');
      }
      await forBasket(basketId, async (current) => {
        if (!current) return { result: undefined };
        if (confirmation.status === 'SUCCESS') {
          if (!current.linked) current.rotate = true;
          current.linked = true;
          current.masked = confirmation.masked_phone_number ?? null;
          current.inpostBasketId = confirmation.inpost_basket_id ?? current.inpostBasketId;
          current.trusted = confirmation.browser?.browser_trusted === true;
          current.synced = true;
          current.checked = true;
        }
        current.confirmation = confirmation.status;
        return { result: undefined, changes: ['binding'] };
      });
      if (confirmation.status === 'SUCCESS') {
        await shop.bindingChanged?.(basketId, {
          linked: true,
          phoneNumber: confirmation.phone_number ?? null,
          maskedPhoneNumber: confirmation.masked_phone_number ?? undefined,
        });
      }
      return shop.getBasket(basketId);
    },

    applyBasketEvent(basketId, event) {
      return forBasket(basketId, async (record) => {
        const basket = await shop.applyBasketEvent(basketId, event);
        if (!record || !basket) return { result: basket };
        record.count = countIn(basket);
        // InPost Pay has the basket from this answer: no PUT needed.
        record.synced = true;
        return { result: basket, changes: ['basket'] };
      });
    },

    async deleteBinding(basketId) {
      // InPost already removed the binding (deleted in the app, or unlinked): forget it here only.
      await forBasket(basketId, async (record) => {
        if (!record) return { result: undefined };
        const was = record.linked;
        record.linked = false;
        record.masked = null;
        record.confirmation = null;
        record.rotate = false;
        return { result: undefined, changes: was ? ['binding'] : [] };
      }, false);
      await shop.bindingChanged?.(basketId, { linked: false });
    },

    async addProduct(productId, request) {
      if (!shop.addProduct) return undefined;
      if (!request.basket_id) return shop.addProduct(productId, request);
      return forBasket(request.basket_id, async (record) => {
        const basket = await shop.addProduct!(productId, request);
        if (!record || !basket) return { result: basket };
        record.count = countIn(basket);
        record.synced = true;
        return { result: basket, changes: ['basket'] };
      });
    },

    async createOrder(order) {
      const basketId = order.order_details.basket_id;
      let orderKey: string | undefined;
      const answer = await forBasket(basketId, async (record) => {
        const created = await shop.createOrder(order, {
          ...(record?.analytics ? { analytics: record.analytics } : {}),
          ...(record ? { visitorKey: record.key } : {}),
        });
        // An order the merchant API will refuse to answer (a wrong shape) sends no page anywhere.
        if (!record || !created || validate(orderSchema, created)) return { result: created };
        // Set before the basket is replaced: every open page learns the order, not a basket gone unlinked.
        const orderId = created.order_details.order_id;
        orderKey = record.key;
        record.redirect = deps.thankYou(orderId);
        record.redirectUntil = Date.now() + deps.redirectMs;
        record.lastOrderId = orderId;
        record.paymentStatus = 'PENDING';
        record.basketId = newId('b');
        record.count = 0;
        record.linked = false;
        record.masked = null;
        record.confirmation = null;
        record.checked = false;
        record.synced = false;
        record.analytics = null;
        record.rotate = false;
        return { result: created, changes: ['order'] };
      }, false);
      if (answer && orderKey) await hub.indexOrder(answer.order_details.order_id, orderKey);
      return answer;
    },

    getOrder: (orderId) => shop.getOrder(orderId),

    async applyOrderEvent(orderId, event) {
      const answer = await shop.applyOrderEvent(orderId, event);
      const key = answer ? await hub.keyOf('order', orderId) : undefined;
      if (key) {
        const { payment_status: payment, order_status: status } = event.event_data;
        const paymentStatus = status === 'ORDER_REJECTED' ? 'ORDER_REJECTED' : payment;
        if (paymentStatus) {
          // The thank-you page shows the payment status as it changes.
          await hub.update(key, (record) => {
            if (record.lastOrderId !== orderId || record.paymentStatus === paymentStatus) return 'quiet';
            record.paymentStatus = paymentStatus;
            return ['order'];
          });
        }
      }
      return answer;
    },

    getProducts: (query) =>
      shop.getProducts ? shop.getProducts(query) : { content: [], total_items: 0, page_index: query.page_index, page_size: query.page_size },
  };
}
