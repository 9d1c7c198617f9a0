// @ts-check
/// <reference types="inpost-pay-widget/inpost-pay.iife.js" />
// A page that follows the shopper's changes in the InPost Mobile app (the backend answers the order
// watch with {state: {version, basket_linked, masked_phone_number, count}} or {action: 'redirect'}).
const meta = /** @type {HTMLMetaElement} */ (document.querySelector('meta[name="shop-state-version"]'));
const badge = /** @type {HTMLElement} */ (document.getElementById('cart-count'));
let version = Number(meta.content);

/** @param {{version: number, basket_linked: boolean, count: number}} state */
function showState(state) {
  if (state.version === version) return;
  version = state.version;
  badge.textContent = String(state.count); // the shop's own badge
  document.querySelectorAll('inpost-pay-button, inpost-pay-basket').forEach((widget) =>
    widget.dispatchEvent(new CustomEvent('inpost-update-count', { detail: state.count })));
  // Deleted in the app: every widget goes back to "Utwórz koszyk z InPost Pay".
  if (!state.basket_linked) document.dispatchEvent(new CustomEvent('izi-binding-complete', { detail: { basket_linked: false } }));
}

window.InpostPay?.configure({
  /** @returns {Promise<unknown>} */
  iziGetOrderComplete: async function ask() {
    const answer = await fetch(`/api/izi/order-complete?since=${version}`).then((r) => r.json());
    if (answer.action || !answer.state) return answer; // the order: the widget redirects
    showState(answer.state);
    return answer.state.basket_linked ? ask() : {}; // keep watching while linked
  },
  // WebSocket instead: orderWatch: { method: 'websocket', url: 'wss://shop.example/api/izi/order-socket' },
  // and a socket of the page's own to the same URL whose {state} messages go to showState.
});
document.addEventListener('inpost-pay-state', (e) => (badge.textContent = String(e.detail.count)));
