// The demo shop's own script: what a shop writes to connect the InPost Pay widget to its backend.
// Plain browser JavaScript, loaded after the widget bundle. The widget calls the shop's widget
// endpoints under /api/izi/ itself (`configure({ endpoint: '/api/izi' })`, see dev/shop/izi-routes.ts):
// no izi callback is written here. The shop adds the product's size (`productDetails`), refreshes
// the basket page's table when the basket was changed in the app (`inpost-pay-basket-change`), and
// follows the payment on the thank-you page. The QA panel logs, slows down and fails the widget's
// requests through the `fetch` hook.
//
// Changes made in the InPost Mobile app (quantities, the basket deleted) reach every open page at
// once: the backend pushes the page state ({state: {version, basket_linked, masked_phone_number,
// count}}) through the widget's order watch (Server-Sent Events, long poll or WebSocket); the
// widgets follow it and tell the page.
(function () {
  'use strict';

  var SETTINGS_KEY = 'inpost-pay-demo-qa';
  var DEFAULTS = { language: 'pl', theme: 'light', orderWatch: 'loop', browser: 'untrusted', slow: false, fail: '' };
  var settings = loadSettings();
  var logList = document.getElementById('qa-log');

  function loadSettings() {
    try {
      return Object.assign({}, DEFAULTS, JSON.parse(localStorage.getItem(SETTINGS_KEY) || '{}'));
    } catch (e) {
      return Object.assign({}, DEFAULTS);
    }
  }

  function saveSettings() {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
  }

  // ---- Log ----------------------------------------------------------------------------------
  function short(value) {
    var text;
    try {
      text = value === undefined ? 'undefined' : JSON.stringify(value);
    } catch (e) {
      text = String(value);
    }
    return text && text.length > 300 ? text.slice(0, 300) + '…' : text;
  }

  function log(text, kind) {
    if (!logList) return;
    var item = document.createElement('li');
    if (kind) item.className = 'is-' + kind;
    item.textContent = new Date().toLocaleTimeString() + ' ' + text;
    logList.prepend(item);
    while (logList.children.length > 200) logList.lastChild.remove();
  }

  // ---- Talking to the shop's backend -----------------------------------------------------------
  // The widget calls the shop's widget endpoints itself: configure({ endpoint: ENDPOINT }) below.
  // What is left here is the shop's own: the size for the product's details, the QA panel's fetch
  // hook, the basket page's cart table, and the thank-you page's payment status.
  var ENDPOINT = '/api/izi';

  function request(method, path, body) {
    return fetch(path, {
      method: method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (response) {
      return response.text().then(function (text) {
        var data = text ? JSON.parse(text) : undefined;
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  }

  // Rejects with the backend's {error_code, error_message} on an error answer.
  function call(method, path, body) {
    return request(method, path, body).then(function (answer) {
      if (!answer.ok) throw answer.data || { error_code: 'HTTP_' + answer.status, error_message: 'Błąd serwera sklepu' };
      return answer.data;
    });
  }

  // The product's details for can-be-bound and add-to-cart: the size chosen on its card.
  function productDetails(productId) {
    var select = productId ? document.querySelector('select[data-size-for="' + CSS.escape(productId) + '"]') : null;
    return select && select.value ? { size: select.value } : undefined;
  }

  function showBadge(count) {
    var counter = document.getElementById('cart-count');
    if (counter && typeof count === 'number') counter.textContent = String(count);
  }

  // Every widget follows the count; the header's badge follows the widget.
  document.addEventListener('inpost-pay-state', function (event) {
    if (event.detail) showBadge(event.detail.count);
  });

  // A change made in the app (quantities, promo codes, products): the basket page's table is
  // fetched again and swapped in, without a reload.
  var refreshing = null;
  function refreshCart() {
    var lines = document.querySelector('.basket-page__lines');
    if (!lines) return;
    if (refreshing) refreshing.abort();
    var controller = (refreshing = new AbortController());
    fetch('/basket', { credentials: 'same-origin', signal: controller.signal })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        var next = fresh.querySelector('.basket-page__lines');
        var current = document.querySelector('.basket-page__lines');
        if (!next || !current) return;
        current.replaceWith(document.importNode(next, true));
        var count = fresh.getElementById('cart-count');
        if (count) showBadge(Number(count.textContent));
        log('⟳ koszyk odświeżony', 'event');
      })
      .catch(function (error) {
        if (error && error.name !== 'AbortError') log('✗ odświeżenie koszyka: ' + short(error && error.message), 'error');
      });
  }
  document.addEventListener('inpost-pay-basket-change', refreshCart);

  // The thank-you page has no widget: it follows the payment's result (declined, then paid) itself.
  var PAYMENT_TEXT = { AUTHORIZED: 'opłacone', COMPLETED: 'opłacone', DECLINED: 'płatność odrzucona', FAILED: 'płatność odrzucona', ERROR: 'płatność odrzucona', CANCELLED: 'anulowane', ORDER_REJECTED: 'anulowane' };
  var paymentStatus = document.getElementById('payment-status');
  var versionMeta = document.querySelector('meta[name="shop-state-version"]');
  var stateVersion = versionMeta ? Number(versionMeta.content) || 0 : 0;
  function paymentSettled() {
    var status = paymentStatus && paymentStatus.dataset.status;
    return !paymentStatus || status === 'AUTHORIZED' || status === 'COMPLETED' || status === 'CANCELLED' || status === 'ORDER_REJECTED';
  }
  function showPayment(state) {
    if (!state || typeof state.version !== 'number' || state.version === stateVersion) return;
    stateVersion = state.version;
    var status = state.payment_status;
    if (!status || !paymentStatus || paymentStatus.dataset.status === status) return;
    paymentStatus.dataset.status = status;
    paymentStatus.textContent = PAYMENT_TEXT[status] || 'czeka na płatność';
  }
  var socketRetries = 0;
  function watchPayment() {
    if (paymentSettled()) return;
    if (settings.orderWatch === 'websocket') {
      var socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + ENDPOINT + '/order-socket');
      socket.onopen = function () { socketRetries = 0; };
      socket.onmessage = function (message) {
        try { showPayment(JSON.parse(message.data).state); } catch (e) {}
        if (paymentSettled()) socket.close();
      };
      socket.onclose = function () {
        socketRetries++;
        setTimeout(watchPayment, Math.min(30000, 500 * Math.pow(2, socketRetries)));
      };
      return;
    }
    request('GET', ENDPOINT + '/order-complete?since=' + stateVersion).then(function (answer) {
      if (answer.ok && answer.data) showPayment(answer.data.state);
      setTimeout(watchPayment, answer.ok ? 0 : 5000);
    }, function () { setTimeout(watchPayment, 5000); });
  }

  var sleep = function (ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  };

  // QA: every request of the widget to the endpoint goes through this fetch hook
  // (configure({ fetch })): logged under the callback it serves, optionally slowed down or failed
  // with the endpoint's own error shape, so the widget takes the same path as a real failure.
  var ROUTES = {
    '/can-be-bound': 'iziCanBeBound',
    '/add-to-cart': 'iziAddToCart',
    '/pay-data': 'iziGetPayData',
    '/is-bound': 'iziGetIsBound',
    '/order-complete': 'iziGetOrderComplete',
    '/binding-delete': 'iziBindingDelete',
    '/mobile-link': 'iziMobileLink',
  };
  function qaFetch(url, init) {
    var path = String(url).slice(ENDPOINT.length).split('?')[0];
    var name = ROUTES[path] || path;
    var started = performance.now();
    var took = function () { return Math.round(performance.now() - started) + ' ms'; };
    log('→ ' + name + ' ' + init.method + ' ' + url + (init.body ? ' ' + maskForLog(init.body) : ''));
    return Promise.resolve()
      .then(function () { return settings.slow ? sleep(3000) : undefined; })
      .then(function () {
        if (settings.fail !== name) return fetch(url, init);
        var failure = { error_code: 'QA_FAILURE', error_message: 'Błąd wywołany w panelu QA' };
        return new Response(JSON.stringify(failure), { status: 500, headers: { 'content-type': 'application/json' } });
      })
      .then(function (response) {
        return response.clone().text().then(function (text) {
          log((response.ok ? '← ' : '✗ ') + name + ' ' + took() + ': ' + response.status + ' ' + short(text), response.ok ? undefined : 'error');
          return response;
        }, function () { return response; });
      }, function (error) {
        log('✗ ' + name + ' ' + took() + ': ' + short(error && error.message ? error.message : error), 'error');
        throw error;
      });
  }

  // The log shows a phone number as the widget does: masked.
  function maskForLog(body) {
    try {
      var data = JSON.parse(body);
      if (data && data.phoneNumber) {
        data.phoneNumber = window.InpostPay && typeof window.InpostPay.maskPhone === 'function' ? window.InpostPay.maskPhone(data.phoneNumber) : '***';
      }
      return short(data);
    } catch (e) {
      return short(body);
    }
  }

  // ---- Widget events -------------------------------------------------------------------------
  function isWidgetEvent(type) {
    return type.indexOf('inpost-pay-') === 0 || type === 'iziModalEventOpen' || type === 'iziModalEventClose';
  }
  // Events may be dispatched on elements inside shadow roots without bubbling; catch them where they start.
  var dispatch = EventTarget.prototype.dispatchEvent;
  EventTarget.prototype.dispatchEvent = function (event) {
    if (event && typeof event.type === 'string' && isWidgetEvent(event.type)) {
      log('⚑ ' + event.type + ' ' + short(event.detail), 'event');
    }
    return dispatch.call(this, event);
  };

  // ---- QA panel ------------------------------------------------------------------------------
  function setUpPanel() {
    var form = document.getElementById('qa-settings');
    if (!form) return;
    Object.keys(DEFAULTS).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (!field) return;
      if (field.type === 'checkbox') field.checked = Boolean(settings[name]);
      else field.value = settings[name];
    });
    form.addEventListener('change', function (event) {
      var field = event.target;
      var name = field.name;
      settings[name] = field.type === 'checkbox' ? field.checked : field.value;
      saveSettings();
      log('QA: ' + name + ' = ' + short(settings[name]));
      if (name === 'browser') {
        call('POST', '/api/qa/browser-trust', { trusted: field.value === 'trusted' }).then(
          function () { location.reload(); },
          function (error) { log('QA: ' + short(error), 'error'); },
        );
      } else if (name === 'language' || name === 'theme' || name === 'orderWatch') {
        location.reload();
      }
    });
    var clear = document.getElementById('qa-clear');
    if (clear) clear.addEventListener('click', function () { logList.replaceChildren(); });
    var phone = document.getElementById('qa-phone-link');
    var phoneMeta = document.querySelector('meta[name="phone-simulator"]');
    if (phone && phoneMeta && phoneMeta.content) phone.href = phoneMeta.content;
  }

  function applyTheme() {
    var dark = settings.theme === 'dark';
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    document.querySelectorAll('inpost-pay-button, inpost-pay-basket').forEach(function (element) {
      element.toggleAttribute('dark', dark);
    });
  }

  // ---- Start ---------------------------------------------------------------------------------
  document.documentElement.lang = settings.language;
  applyTheme();
  setUpPanel();

  var nonceMeta = document.querySelector('meta[name="csp-nonce"]');
  var configured = {
    endpoint: ENDPOINT,
    productDetails: productDetails,
    fetch: qaFetch,
    language: settings.language,
    nonce: nonceMeta ? nonceMeta.content : undefined,
  };
  // The endpoint's default is Server-Sent Events (<endpoint>/order-events); QA may pick another method.
  if (settings.orderWatch === 'loop') configured.orderWatch = { method: 'loop' };
  else if (settings.orderWatch === 'websocket') configured.orderWatch = { method: 'websocket' };

  watchPayment();
  if (window.InpostPay && typeof window.InpostPay.configure === 'function') {
    window.InpostPay.configure(configured);
    log('InpostPay.configure(' + short({ endpoint: configured.endpoint, language: configured.language, orderWatch: configured.orderWatch || { method: 'sse' } }) + ')');
  } else {
    log('Brak widżetu: /widget/inpost-pay.iife.js nie załadował się (uruchom npm run build).', 'error');
  }
})();
