// #region handler
import { createMerchantApi, InpostPayClient } from 'inpost-pay-widget/merchant';
import { carts, catalogue, orders } from './shop-state.js';

const inpost = new InpostPayClient({ clientId: process.env.INPOST_CLIENT_ID!, clientSecret: process.env.INPOST_CLIENT_SECRET! });
export const handler = createMerchantApi({
  client: inpost, // InPost's signing keys are fetched with it
  basePath: '/inpost', // the merchant API URL's path: InPost calls /inpost/v1/izi/...
  shop: {
    getBasket: (basketId) => carts.toInpostBasket(basketId), // undefined → 404 BASKET_NOT_FOUND
    confirmBinding: (basketId, confirmation) => {
      carts.link(basketId, confirmation);
      return carts.toInpostBasket(basketId);
    },
    applyBasketEvent: (basketId, event) => carts.apply(basketId, event),
    deleteBinding: (basketId) => carts.unlink(basketId),
    addProduct: (productId, { basket_id, phone_number }) => carts.addFromApp(productId, basket_id, phone_number),
    createOrder: (order) => orders.create(order), // answered 201
    getOrder: (orderId) => orders.toInpostOrder(orderId),
    applyOrderEvent: (orderId, event) => orders.paymentResult(orderId, event),
    getProducts: ({ page_index, page_size, product_ids }) => catalogue.page(page_index, page_size, product_ids),
  },
});
// #endregion handler
