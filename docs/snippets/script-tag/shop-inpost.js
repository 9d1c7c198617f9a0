// @ts-check
/// <reference types="inpost-pay-widget/inpost-pay.iife.js" />
// The shop's own script for the widget (no inline script, so a strict Content-Security-Policy holds).
// Each callback asks the shop's backend; `api` is the shop's small fetch helper.
/** @param {string} path @param {object} [body] */
const api = (path, body) =>
  fetch(`/api/izi/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) }).then((r) => r.json());

// #region configure
window.InpostPay?.configure({
  iziCanBeBound: (productId) => api('can-be-bound', { productId }).then((r) => r.canBeBound),
  iziAddToCart: (productId) => api('add-to-cart', { productId }), // may resolve {basket_linked, masked_phone_number, count}
  iziGetPayData: (prefix, phoneNumber, bindingPlace, browser) => api('pay-data', { prefix, phoneNumber, bindingPlace, browser }),
  iziGetIsBound: () => api('is-bound'), // resolves once confirmed in the app; rejects {status: 'REJECT'} if declined
  iziGetOrderComplete: () => api('order-complete'), // {} until an order exists, then {action: 'redirect', redirect: '/thank-you'}
  iziBindingDelete: () => api('binding-delete'),
  orderWatch: { method: 'loop' }, // or { method: 'websocket', url: 'wss://shop.example/izi/orders' }
});
// #endregion configure
