// The QA panel's tools that need the local sandbox (loaded only when the shop knows it; the
// endpoints are in dev/shop/qa-routes.ts): the basket id the phone simulator labels this
// session's requests and basket with, the reset of the binding limits, and telling the sandbox
// whether this page still shows its QR code (a QR request lives only as long as its page shows it).
(function () {
  'use strict';

  function post(path, body, keepalive) {
    return fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      keepalive: Boolean(keepalive),
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.status === 204 ? null : response.json();
    });
  }

  // ---- The basket id ---------------------------------------------------------------------------
  // The session gets its basket with the first product added, and a new one after an order.
  var basketId = document.getElementById('qa-basket-id');
  function showBasketId() {
    if (!basketId) return;
    fetch('/api/qa/basket', { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (answer) basketId.textContent = answer.basket_id || 'jeszcze brak';
      }, function () {});
  }
  document.addEventListener('inpost-pay-state', showBasketId);

  // ---- The binding limits ----------------------------------------------------------------------
  var panel = document.getElementById('qa-panel');
  var reset = document.getElementById('qa-reset-limits');
  var resetStatus = document.getElementById('qa-reset-status');
  if (reset && resetStatus) {
    reset.addEventListener('click', function () {
      reset.disabled = true;
      post('/api/qa/binding-limits/reset', {}).then(function () {
        resetStatus.textContent = 'Limity zresetowane o ' + new Date().toLocaleTimeString('pl-PL') + '.';
      }, function (error) {
        resetStatus.textContent = 'Nie udało się zresetować limitów: ' + error.message;
      }).then(function () { reset.disabled = false; });
    });
  }
  // The refusal itself tells QA where the reset is.
  document.addEventListener('inpost-pay-error', function (event) {
    if (!event.detail || event.detail.code !== 'TOO_MANY_REQUESTS' || !resetStatus) return;
    if (panel) panel.open = true;
    resetStatus.textContent = 'Sklep odmówił: limit próśb o powiązanie. Naciśnij „Resetuj limity powiązań” i spróbuj ponownie.';
  });

  // ---- The QR code on this page ----------------------------------------------------------------
  // The sandbox forgets a QR request whose page has not said "still shown" for a while; this page
  // says it every 20 s while its QR code is visible, and says "gone" as soon as it is closed or the
  // tab goes away.
  var KEEP_ALIVE_MS = 20000;
  var shownSince = 0;

  function qrVisible() {
    var baskets = document.querySelectorAll('inpost-pay-basket');
    for (var i = 0; i < baskets.length; i++) {
      var root = baskets[i].shadowRoot;
      var image = root && root.querySelector('img[part~="qr"]');
      if (image && image.getClientRects().length > 0) return true;
    }
    return false;
  }

  var qrState = document.getElementById('qa-qr-state');
  function sayQr(text) {
    if (qrState) qrState.textContent = text;
  }

  function checkQr() {
    var visible = qrVisible();
    var now = Date.now();
    if (visible && (!shownSince || now - shownSince >= KEEP_ALIVE_MS)) {
      shownSince = now;
      post('/api/qa/qr-shown', { shown: true }).then(function () {
        if (shownSince) sayQr('pokazany; symulator trzyma prośbę, dopóki ta strona go pokazuje');
      }, function () {});
    } else if (!visible && shownSince) {
      shownSince = 0;
      post('/api/qa/qr-shown', { shown: false }).then(function () { sayQr('zamknięty; prośba usunięta z symulatora'); }, function () {});
    }
  }
  setInterval(checkQr, 500);
  window.addEventListener('pagehide', function () {
    // Also a code shown since the last check: the DOM is still there while the page hides.
    if (!shownSince && !qrVisible()) return;
    shownSince = 0;
    post('/api/qa/qr-shown', { shown: false }, true).catch(function () {});
  });
})();
