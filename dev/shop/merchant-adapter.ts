/**
 * The demo shop's one adapter for both handlers of the merchant kit (`createInpostPay`): its cart
 * in InPost's shape, adding a product, whether the button may bind, the app's changes, orders.
 * The kit keeps sessions, the binding and the pushes to the shopper's open pages; this file only
 * says what the shop does with its carts and orders (`shop-data.ts`).
 */
import { randomBytes } from 'node:crypto';
import {
  MerchantApiError,
  WidgetApiError,
  type Basket,
  type BasketEvent,
  type CreateOrderRequest,
  type HotProduct,
  type InpostPayShop,
  type Order,
  type OrderEventIn,
  type ProductsQuery,
} from '../../src/merchant/index.js';
import {
  Cart,
  CONSENTS,
  DELIVERY,
  orderTotalGrosze,
  parseWireProductId,
  price,
  toInpostBasket,
  wireProductId,
  type BasketNotice,
  type DeliveryType,
} from './basket.js';
import { findProduct, PRODUCTS } from './catalog.js';
import { orderLines, type ShopOrder } from './orders.js';
import type { ShopData } from './shop-data.js';

export interface AdapterDeps {
  data: ShopData;
  shopUrl(): string;
  /** Warnings for the shop's log (an order for a basket the shop did not know). */
  warn(message: string, details: unknown): void;
}

/** Polish labels of the shop's order statuses (`order_merchant_status_description`). */
const STATUS = {
  new: 'Nowe, czeka na płatność',
  paid: 'Opłacone, w realizacji',
  declined: 'Płatność odrzucona',
  cancelled: 'Anulowane',
  review: 'Do sprawdzenia: koszyk nieznany sklepowi',
} as const;

const grosze = (amount: number | string) => Math.round(Number(amount) * 100);

/** A product of the page's calls, with its size (the `size` detail) checked against the catalog. */
export function productChoice(productId: string, details: Record<string, string>) {
  const product = findProduct(productId);
  if (!product) throw new WidgetApiError(404, 'PRODUCT_NOT_FOUND', 'No such product');
  const size = details.size === '' ? undefined : details.size;
  if (size !== undefined && !product.sizes?.includes(size)) throw new WidgetApiError(400, 'BAD_REQUEST', 'size is not one of the sizes of this product');
  return { product, size };
}

export function merchantAdapter(deps: AdapterDeps): InpostPayShop {
  const { data } = deps;
  const basketOf = (cart: Cart, notice?: BasketNotice): Basket => toInpostBasket(cart, deps.shopUrl(), { notice });

  function applyQuantities(cart: Cart, changes: Array<{ product_id: string; quantity: { quantity: number } }>, add: boolean): BasketNotice | undefined {
    const refused: string[] = [];
    for (const change of changes) {
      const quantity = Math.floor(change.quantity.quantity);
      if (add) {
        const found = parseWireProductId(change.product_id);
        if (!found || (found.product.sizes && !found.size) || quantity < 1 || !cart.add(found.product.id, found.size, quantity)) refused.push(change.product_id);
      } else if (!cart.setQuantity(change.product_id, quantity)) refused.push(change.product_id);
    }
    if (refused.length === 0) return undefined;
    return { type: 'ERROR', description: `Nie udało się zmienić produktów: ${refused.map((id) => id.slice(0, 40)).join(', ')}.` };
  }

  /** The order as §3 #6/#7 answer it. */
  function wireOrder(order: ShopOrder, request: CreateOrderRequest): Order {
    const type = request.delivery.delivery_type as DeliveryType;
    const deliveryGrosze = order.deliveryGrosze;
    const productsGrosze = order.lines.reduce((sum, line) => sum + line.unitGrosze * line.quantity, 0);
    const baseGrosze = order.lines.reduce((sum, line) => sum + (findProduct(line.productId)?.priceGrosze ?? line.unitGrosze) * line.quantity, 0);
    const finalGrosze = order.totalGrosze ?? grosze(request.order_details.basket_price.gross);
    return {
      order_details: {
        order_id: order.orderId,
        pos_id: 'SKLEP-DEMO',
        order_creation_date: order.createdAt,
        basket_id: order.basketId,
        order_merchant_status_description: order.merchantStatus,
        payment_type: request.order_details.payment_type,
        order_base_price: price(baseGrosze + deliveryGrosze),
        order_final_price: price(finalGrosze),
        currency: 'PLN',
        delivery_references_list: [],
        ...(baseGrosze > productsGrosze ? { order_discount: (baseGrosze - productsGrosze) / 100 } : {}),
      },
      account_info: request.account_info,
      ...(request.invoice_details ? { invoice_details: request.invoice_details } : {}),
      delivery: {
        ...request.delivery,
        delivery_date: new Date(Date.now() + (DELIVERY[type]?.days ?? 2) * 86_400_000).toISOString(),
        delivery_options: (DELIVERY[type]?.options ?? [])
          .filter((option) => (request.delivery.delivery_codes ?? []).includes(option.code))
          .map((option) => ({ delivery_name: option.name, delivery_code_value: option.code, delivery_option_price: price(option.priceGrosze) })),
        delivery_price: price(deliveryGrosze),
      },
      products: order.lines.map((line) => ({
        product_id: wireProductId(line),
        product_name: line.name,
        base_price: price(line.unitGrosze),
        quantity: { quantity: line.quantity, quantity_type: 'INTEGER' as const, quantity_unit: 'szt.' },
        product_attributes: line.size ? [{ attribute_name: 'Rozmiar', attribute_value: line.size }] : [],
      })),
      consents: request.consents,
    };
  }

  /** Refuses an order the cart does not match (§3 #6, as PrestaShop and Magento check it). */
  function checkOrder(cart: Cart, request: CreateOrderRequest): { totalGrosze: number; deliveryGrosze: number } {
    const refuse = (message: string) => new MerchantApiError(409, 'ORDER_NOT_CREATE', message);
    if (cart.lines.length === 0) throw refuse('The basket is empty');
    if (request.order_details.currency !== 'PLN') throw refuse('The shop sells in PLN only');
    const type = request.delivery.delivery_type as DeliveryType;
    if (!cart.deliveryTypes.includes(type)) throw refuse(`Delivery ${type} is not offered for this basket`);
    const offered = DELIVERY[type].options.map((option) => option.code as string);
    const codes = request.delivery.delivery_codes ?? [];
    const unknownCode = codes.find((code) => !offered.includes(code));
    if (unknownCode) throw refuse(`Delivery option ${unknownCode} is not offered for ${type}`);
    for (const consent of CONSENTS) {
      const answer = request.consents.find((given) => given.consent_id === consent.id);
      if (consent.requirement !== 'OPTIONAL' && answer?.is_accepted !== true) throw refuse(`Consent ${consent.id} is required`);
    }
    const totalGrosze = orderTotalGrosze(cart, type, codes);
    const discounts = (request.order_details.inpost_discounts ?? []).reduce((sum, item) => sum + grosze(item.discount), 0);
    // PrestaShop's rule: gross minus InPost's discounts equals the cart total, within half a grosz.
    if (Math.abs(grosze(request.order_details.basket_price.gross) - discounts - totalGrosze) > 0.5) {
      throw refuse(`The price changed: the basket costs ${(totalGrosze / 100).toFixed(2)} PLN with delivery`);
    }
    return { totalGrosze, deliveryGrosze: cart.deliveryPriceGrosze(type) };
  }

  const newOrderId = () => `ZAM-${Date.now().toString(36).toUpperCase()}-${randomBytes(3).toString('hex').toUpperCase()}`;

  return {
    async getBasket(basketId) {
      const cart = await data.cart(basketId);
      return cart ? basketOf(cart) : undefined;
    },

    async addToCart(basketId, { productId, details }) {
      const { product, size } = productChoice(productId, details);
      if (product.sizes && !size) throw new WidgetApiError(400, 'SIZE_REQUIRED', 'Choose a size first');
      const cart = (await data.cart(basketId)) ?? new Cart();
      if (!cart.add(product.id, size)) throw new WidgetApiError(409, 'BASKET_FULL', 'The basket is full');
      await data.saveCart(basketId, cart);
    },

    async canBeBound(basketId, choice) {
      if (!choice) return ((await data.cart(basketId))?.count ?? 0) > 0;
      const { product, size } = productChoice(choice.productId, choice.details);
      return !product.sizes || size !== undefined;
    },

    async applyBasketEvent(basketId, event: BasketEvent) {
      if (await data.orderOfBasket(basketId)) throw new MerchantApiError(409, 'ORDER_EXISTS', 'The basket was already ordered');
      const cart = await data.cart(basketId);
      if (!cart) return undefined;
      let notice: BasketNotice | undefined;
      if (event.event_type === 'PRODUCTS_QUANTITY') notice = applyQuantities(cart, event.quantity_event_data, false);
      else if (event.event_type === 'RELATED_PRODUCTS') notice = applyQuantities(cart, event.related_products_event_data, true);
      else notice = cart.setPromoCodes(event.promo_codes_event_data.map((code) => code.promo_code_value));
      await data.saveCart(basketId, cart);
      return basketOf(cart, notice);
    },

    async addProduct(productId, request) {
      const found = parseWireProductId(productId);
      if (!found) return undefined;
      if (found.product.sizes && !found.size) throw new MerchantApiError(409, 'PRODUCT_NOT_ADDED', 'Choose a size: add one of the product ids with a size');
      // A basket started in the app: nobody's browser holds it, the app's shopper does.
      const basketId = request.basket_id ?? `b${randomBytes(12).toString('hex')}`;
      if (request.basket_id && (await data.orderOfBasket(basketId))) throw new MerchantApiError(409, 'ORDER_EXISTS', 'The basket was already ordered');
      const cart = request.basket_id ? await data.cart(basketId) : new Cart();
      if (!cart) throw new MerchantApiError(404, 'BASKET_NOT_FOUND', 'Basket not found');
      if (!cart.add(found.product.id, found.size)) throw new MerchantApiError(409, 'PRODUCT_NOT_ADDED', 'The basket is full');
      await data.saveCart(basketId, cart);
      return { ...basketOf(cart), basket_id: basketId };
    },

    async createOrder(request, context) {
      const basketId = request.order_details.basket_id;
      const existing = await data.orderOfBasket(basketId);
      // A second order for the same basket answers the first (WooCommerce, PrestaShop).
      if (existing?.wire) return existing.wire as Order;
      const cart = await data.cart(basketId);
      const createdAt = new Date().toISOString();
      const analytics = context.analytics ? { analytics: context.analytics } : {};
      if (!cart && !context.visitorKey) {
        // The shop no longer knows the basket (a restart): the shopper paid for it, so the order is
        // kept from what it says and answered, never lost; someone checks it by hand.
        const order: ShopOrder = {
          orderId: newOrderId(),
          basketId,
          lines: [],
          totalGrosze: grosze(request.order_details.basket_price.gross),
          deliveryGrosze: 0,
          createdAt,
          paymentStatus: 'PENDING',
          merchantStatus: STATUS.review,
          unknownBasket: true,
          ...analytics,
        };
        order.wire = wireOrder(order, request);
        order.request = request;
        await data.saveOrder(order);
        deps.warn('Order for a basket the shop did not know: kept for review', { order_id: order.orderId, basket_id: basketId });
        return order.wire as Order;
      }
      const known = cart ?? new Cart();
      const { totalGrosze, deliveryGrosze } = checkOrder(known, request);
      const order: ShopOrder = {
        orderId: newOrderId(),
        basketId,
        lines: orderLines(known),
        totalGrosze,
        deliveryGrosze,
        createdAt,
        paymentStatus: 'PENDING',
        merchantStatus: STATUS.new,
        unknownBasket: false,
        ...analytics,
      };
      order.wire = wireOrder(order, request);
      order.request = request;
      await data.saveOrder(order);
      return order.wire as Order;
    },

    async getOrder(orderId) {
      return (await data.order(orderId))?.wire as Order | undefined;
    },

    async applyOrderEvent(orderId, event: OrderEventIn) {
      const order = await data.order(orderId);
      if (!order) return undefined;
      const { payment_status: payment, order_status: status } = event.event_data;
      if (payment) order.paymentStatus = payment;
      if (status === 'ORDER_REJECTED') order.paymentStatus = 'ORDER_REJECTED';
      order.merchantStatus =
        status === 'ORDER_REJECTED' || payment === 'CANCELLED'
          ? STATUS.cancelled
          : payment === 'AUTHORIZED' || payment === 'COMPLETED'
            ? order.unknownBasket ? STATUS.review : STATUS.paid
            : payment === 'DECLINED' || payment === 'FAILED' || payment === 'ERROR'
              ? STATUS.declined
              : order.merchantStatus;
      if (order.wire) (order.wire as Order).order_details.order_merchant_status_description = order.merchantStatus;
      await data.saveOrder(order);
      return {
        order_merchant_status_description: order.merchantStatus,
        ...(order.merchantStatus === STATUS.cancelled ? { order_status: 'ORDER_REJECTED' as const } : {}),
      };
    },

    getProducts(query: ProductsQuery) {
      const wanted = query.product_ids ? new Set(query.product_ids) : undefined;
      const all = PRODUCTS.filter((product) => !wanted || wanted.has(product.id));
      const start = query.page_index * query.page_size;
      const content: HotProduct[] = all.slice(start, start + query.page_size).map((product) => ({
        product_id: product.id,
        product_name: product.name,
        product_description: product.description,
        price: price(product.priceGrosze),
        currency: 'PLN',
        quantity: { available_quantity: 99, quantity_type: 'INTEGER', quantity_unit: 'szt.' },
        product_attributes: product.sizes ? [{ attribute_name: 'Rozmiar', attribute_value: product.sizes.join(', ') }] : [],
        product_link: `${deps.shopUrl()}/#${product.id}`,
      }));
      return { content, total_items: all.length, page_index: query.page_index, page_size: query.page_size };
    },
  };
}
