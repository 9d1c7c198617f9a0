// The shop's cart and orders, as InPost Pay needs them: one adapter for the page's and InPost's calls.
import type { Basket, InpostPayShop, Order, Price } from 'inpost-pay-widget/merchant';

const PRODUCTS: Record<string, { name: string; grosze: number }> = { mug: { name: 'Kubek', grosze: 4900 } };
const carts = new Map<string, Map<string, number>>(); // basket id → product id → quantity
const orders = new Map<string, Order>();
const price = (grosze: number): Price => ({ net: Math.round(grosze / 1.23) / 100, gross: grosze / 100, vat: (grosze - Math.round(grosze / 1.23)) / 100 });
const cart = (basketId: string) => carts.get(basketId) ?? carts.set(basketId, new Map()).get(basketId)!;

/** The smallest valid Basket: summary, one delivery, the products, one consent. */
function basketOf(basketId: string): Basket {
  const lines = [...cart(basketId)].filter(([, quantity]) => quantity > 0);
  const total = price(lines.reduce((sum, [id, quantity]) => sum + PRODUCTS[id]!.grosze * quantity, 0));
  return {
    summary: { basket_base_price: total, basket_final_price: total, currency: 'PLN' },
    delivery: [{ delivery_type: 'APM', delivery_date: new Date(Date.now() + 2 * 86_400_000).toISOString(), delivery_price: price(0) }],
    products: lines.map(([id, quantity]) => ({ product_id: id, product_name: PRODUCTS[id]!.name, base_price: price(PRODUCTS[id]!.grosze), quantity: { quantity, quantity_type: 'INTEGER' } })),
    consents: [{ consent_id: 'terms', consent_link: 'https://shop.example/terms', consent_description: 'Regulamin sklepu', consent_version: '1', requirement_type: 'REQUIRED_ALWAYS' }],
  };
}
/** What the shop's own page shows of a visitor's cart. */
export const cartOf = (basketId?: string) => (basketId ? basketOf(basketId).products.map((p) => ({ name: p.product_name, quantity: p.quantity.quantity })) : []);

export const shop: InpostPayShop = {
  getBasket: basketOf,
  addToCart: (basketId, { productId }) => void cart(basketId).set(productId, (cart(basketId).get(productId) ?? 0) + 1),
  canBeBound: (basketId, choice) => (choice ? choice.productId in PRODUCTS : cart(basketId).size > 0),
  applyBasketEvent(basketId, event) {
    if (event.event_type === 'PRODUCTS_QUANTITY') for (const line of event.quantity_event_data) cart(basketId).set(line.product_id, line.quantity.quantity);
    return basketOf(basketId);
  },
  createOrder({ order_details: details, account_info, delivery, consents }) {
    const { products, summary } = basketOf(details.basket_id); // a real shop checks details.basket_price against it
    const order: Order = orders.get(details.basket_id) ?? { // InPost may send an order twice: answer the first one
      order_details: { ...details, order_id: `ORD-${orders.size + 1}`, pos_id: 'SHOP', order_creation_date: new Date().toISOString(), order_merchant_status_description: 'Nowe', order_base_price: summary.basket_base_price, order_final_price: details.basket_price, delivery_references_list: [] },
      account_info, consents, products, delivery: { ...delivery, delivery_date: new Date().toISOString(), delivery_options: [], delivery_price: price(0) },
    };
    return orders.set(details.basket_id, order).get(details.basket_id);
  },
  getOrder: (orderId) => [...orders.values()].find((order) => order.order_details.order_id === orderId),
  applyOrderEvent: (orderId, { event_data }) => ({ order_merchant_status_description: event_data.payment_status === 'AUTHORIZED' ? 'Opłacone' : 'Nowe' }),
};
