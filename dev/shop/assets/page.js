// The demo shop's page behaviour besides the widget's callbacks (those are in shop.js): the size
// field a product without a chosen size points the shopper to, and the thank-you page following
// its payment's status. Plain browser JavaScript; the CSP allows no inline script.
(function () {
  'use strict';

  // ---- The size field --------------------------------------------------------------------------
  // The widget's button refuses a product without a size (`inpost-pay-not-bindable`). The shop says
  // so at the field itself (aria-invalid, aria-describedby), in a line whose space is always kept
  // (the card grid does not move); on a card the widget's own hint floats (shop.css) and goes once
  // a size is chosen.
  var SIZE_HINT = 'Najpierw wybierz rozmiar.';

  function scopeOf(element) {
    return element.closest('.card, .product');
  }

  function markSize(select) {
    var hint = document.getElementById(select.dataset.sizeHint);
    select.setAttribute('aria-invalid', 'true');
    if (hint) {
      hint.textContent = SIZE_HINT;
      select.setAttribute('aria-describedby', hint.id);
    }
  }

  function clearSize(select) {
    var hint = document.getElementById(select.dataset.sizeHint);
    select.removeAttribute('aria-invalid');
    select.removeAttribute('aria-describedby');
    if (hint) hint.textContent = '';
    var scope = scopeOf(select);
    var button = scope && scope.querySelector('inpost-pay-button');
    if (button) button.setAttribute('data-hint-resolved', '');
  }

  document.addEventListener('inpost-pay-not-bindable', function (event) {
    var button = event.target instanceof Element ? event.target.closest('inpost-pay-button') : null;
    var productId = button && button.getAttribute('product-id');
    var scope = button && scopeOf(button);
    var select = productId && scope ? scope.querySelector('select[data-size-for="' + CSS.escape(productId) + '"]') : null;
    if (!select || select.value) return;
    markSize(select);
  });

  // A new press may bring a new message: show it.
  document.addEventListener('click', function (event) {
    var button = event.target instanceof Element ? event.target.closest('inpost-pay-button') : null;
    if (button) button.removeAttribute('data-hint-resolved');
  }, true);

  document.addEventListener('change', function (event) {
    var select = event.target;
    if (select instanceof HTMLSelectElement && select.dataset.sizeFor && select.value) clearSize(select);
  });

  // The shop's own "Dodaj do koszyka" without a size: the same marking instead of the browser's bubble.
  document.addEventListener('invalid', function (event) {
    var select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.dataset.sizeFor) return;
    event.preventDefault();
    markSize(select);
    select.focus();
  }, true);

  // ---- The thank-you page ----------------------------------------------------------------------
  // shop.js writes the live payment status into #payment-status (declined, then paid after a
  // retry in the app); the warning, the heading and the way forward follow it.
  var status = document.getElementById('payment-status');
  var payment = document.getElementById('payment');
  var title = document.getElementById('order-title');

  function paymentState(value) {
    if (value === 'AUTHORIZED' || value === 'COMPLETED') return 'paid';
    if (value === 'DECLINED' || value === 'FAILED' || value === 'ERROR') return 'declined';
    if (value === 'CANCELLED' || value === 'ORDER_REJECTED') return 'cancelled';
    return 'pending';
  }

  function showPaymentState() {
    var state = paymentState(status.dataset.status);
    if (payment.dataset.state === state) return;
    payment.dataset.state = state;
    if (title) title.textContent = state === 'declined' ? title.dataset.titleDeclined : title.dataset.title;
  }

  if (status && payment) {
    new MutationObserver(showPaymentState).observe(status, { attributes: true, attributeFilter: ['data-status'] });
    showPaymentState();
  }
})();
