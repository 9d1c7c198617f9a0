// The shop's one adapter: carts and orders, keyed by the basket id the kit gives each visitor.
// A real shop reads its catalog and writes its orders to its database; this one keeps them in memory.
import { WidgetApiError, type Basket, type InpostPayShop, type Order, type Price } from 'inpost-pay-widget/merchant';

const CATALOG: Record<string, { name: string; grosze: number }> = {
  mug: { name: 'Kubek', grosze: 5999 },
  tshirt: { name: 'Koszulka', grosze: 8999 },
};
const price = (grosze: number): Price => {
  const net = Math.round(grosze / 1.23);
  return { net: net / 100, gross: grosze / 100, vat: (grosze - net) / 100 };
};

export const carts = new Map<string, Map<string, number>>(); // basket id → product id → quantity
export const orders = new Map<string, Order>(); // order id → order

/** The cart in InPost's shape: the smallest valid Basket has a summary, delivery, products and consents. */
export function basketOf(basketId: string): Basket {
  const lines = [...(carts.get(basketId) ?? [])];
  const total = lines.reduce((sum, [id, quantity]) => sum + CATALOG[id]!.grosze * quantity, 0);
  return {
    summary: { basket_base_price: price(total), basket_final_price: price(total), currency: 'PLN' },
    delivery: [{ delivery_type: 'APM', delivery_date: new Date(Date.now() + 2 * 86_400_000).toISOString(), delivery_price: price(0) }],
    products: lines.map(([id, quantity]) => ({
      product_id: id,
      product_name: CATALOG[id]!.name,
      base_price: price(CATALOG[id]!.grosze),
      quantity: { quantity, quantity_type: 'INTEGER' },
    })),
    consents: [{ consent_id: 'terms', consent_link: 'https://shop.example/terms', consent_description: 'Regulamin', consent_version: '1', requirement_type: 'REQUIRED_ALWAYS' }],
  };
}

export const shop: InpostPayShop = {
  getBasket: (basketId) => basketOf(basketId),
  addToCart(basketId, { productId }) {
    if (!CATALOG[productId]) throw new WidgetApiError(404, 'PRODUCT_NOT_FOUND', 'Nie ma takiego produktu.');
    const cart = carts.get(basketId) ?? new Map<string, number>();
    cart.set(productId, (cart.get(productId) ?? 0) + 1);
    carts.set(basketId, cart);
  },
  applyBasketEvent(basketId, event) {
    const cart = carts.get(basketId) ?? new Map<string, number>();
    if (event.event_type === 'PRODUCTS_QUANTITY') {
      for (const change of event.quantity_event_data) {
        if (change.quantity.quantity > 0) cart.set(change.product_id, change.quantity.quantity);
        else cart.delete(change.product_id);
      }
    }
    carts.set(basketId, cart);
    return basketOf(basketId);
  },
  createOrder(request, { analytics }) {
    const basketId = request.order_details.basket_id;
    const existing = [...orders.values()].find((order) => order.order_details.basket_id === basketId);
    if (existing) return existing; // InPost may send the same order twice
    const basket = basketOf(basketId);
    const order: Order = {
      order_details: {
        order_id: `ORD-${orders.size + 1}`,
        pos_id: 'SHOP',
        order_creation_date: new Date().toISOString(),
        basket_id: basketId,
        order_merchant_status_description: 'Nowe',
        payment_type: request.order_details.payment_type,
        order_base_price: basket.summary.basket_base_price,
        order_final_price: request.order_details.basket_price,
        currency: 'PLN',
        delivery_references_list: [],
      },
      account_info: request.account_info,
      delivery: { ...request.delivery, delivery_date: new Date().toISOString(), delivery_options: [], delivery_price: price(0) },
      products: basket.products,
      consents: request.consents,
    };
    orders.set(order.order_details.order_id, order);
    carts.delete(basketId);
    if (analytics?.gclid) console.log('conversion for Google Ads click', analytics.gclid);
    return order;
  },
  getOrder: (orderId) => orders.get(orderId),
  applyOrderEvent(orderId, event) {
    const order = orders.get(orderId);
    if (!order) return undefined;
    const paid = event.event_data.payment_status === 'AUTHORIZED';
    order.order_details.order_merchant_status_description = paid ? 'Opłacone' : 'Czeka na płatność';
    return { order_merchant_status_description: order.order_details.order_merchant_status_description };
  },
};
