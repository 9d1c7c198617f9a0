// The demo shop's own script: what a shop writes to connect the InPost Pay widget to its backend.
// Plain browser JavaScript, loaded after the widget bundle. Every izi callback calls one of the
// shop's endpoints under /api/izi/ (see dev/shop/izi-routes.ts). The QA panel wraps the callbacks
// to slow them down, make them fail and log them.
//
// Changes made in the InPost Mobile app (quantities, the basket deleted) reach every open page at
// once: the backend pushes the page state ({state: {version, basket_linked, masked_phone_number,
// count}}) through the order watch, as a long-poll answer (loop) or a WebSocket message, and this
// script hands it to the widgets with the events they understand: `inpost-update-count` for the
// count, `izi-binding-complete` with `basket_linked: false` for an unlinked basket.
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

  function sizeFor(productId) {
    var select = productId ? document.querySelector('select[data-size-for="' + CSS.escape(productId) + '"]') : null;
    return select && select.value ? select.value : undefined;
  }

  function showBadge(count) {
    var counter = document.getElementById('cart-count');
    if (counter && typeof count === 'number') counter.textContent = String(count);
  }

  function updateCount(count) {
    showBadge(count);
    document.querySelectorAll('inpost-pay-button, inpost-pay-basket').forEach(function (element) {
      element.dispatchEvent(new CustomEvent('inpost-update-count', { detail: count }));
    });
  }

  // ---- Page state pushed by the backend --------------------------------------------------------
  var versionMeta = document.querySelector('meta[name="shop-state-version"]');
  var stateVersion = versionMeta ? Number(versionMeta.content) || 0 : 0;

  function showState(state) {
    if (!state || typeof state.version !== 'number' || state.version === stateVersion) return;
    stateVersion = state.version;
    log('⇠ stan koszyka: ' + short(state), 'event');
    updateCount(state.count);
    if (state.payment_status) showPayment(state.payment_status);
    // The basket was deleted (or unlinked) in the app: every widget goes back to "Utwórz koszyk z InPost Pay".
    if (!state.basket_linked) {
      document.dispatchEvent(new CustomEvent('izi-binding-complete', { detail: { basket_linked: false, count: state.count } }));
    }
  }

  // The thank-you page: the payment's result arrives after the order, and may change (declined, then paid).
  var PAYMENT_TEXT = { AUTHORIZED: 'opłacone', COMPLETED: 'opłacone', DECLINED: 'płatność odrzucona', FAILED: 'płatność odrzucona', ERROR: 'płatność odrzucona', CANCELLED: 'anulowane', ORDER_REJECTED: 'anulowane' };
  var paymentStatus = document.getElementById('payment-status');
  function paymentSettled() {
    var status = paymentStatus && paymentStatus.dataset.status;
    return !paymentStatus || status === 'AUTHORIZED' || status === 'COMPLETED' || status === 'CANCELLED' || status === 'ORDER_REJECTED';
  }
  function showPayment(status) {
    if (!paymentStatus || paymentStatus.dataset.status === status) return;
    paymentStatus.dataset.status = status;
    paymentStatus.textContent = PAYMENT_TEXT[status] || 'czeka na płatność';
  }
  function watchPayment() {
    if (paymentSettled()) return;
    if (settings.orderWatch === 'websocket') return watchStateBySocket(true);
    request('GET', '/api/izi/order-complete?since=' + stateVersion).then(function (answer) {
      if (answer.ok && answer.data && answer.data.state) showState(answer.data.state);
      setTimeout(watchPayment, answer.ok ? 0 : 5000);
    }, function () { setTimeout(watchPayment, 5000); });
  }

  // Other tabs learn the state from the widget (one watcher per browser): the badge follows it.
  document.addEventListener('inpost-pay-state', function (event) {
    if (event.detail) showBadge(event.detail.count);
  });

  // WebSocket method: the widget's socket carries the order; the page's own socket the state.
  var stateSocket = null;
  var socketRetries = 0;
  function watchStateBySocket(linked) {
    if (settings.orderWatch !== 'websocket') return;
    if (!linked) {
      if (stateSocket) stateSocket.close();
      stateSocket = null;
      return;
    }
    if (stateSocket) return;
    var socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/izi/order-socket');
    stateSocket = socket;
    socket.onopen = function () { socketRetries = 0; };
    socket.onmessage = function (message) {
      var data;
      try { data = JSON.parse(message.data); } catch (e) { return; }
      if (data && data.state) showState(data.state);
    };
    socket.onclose = function () {
      if (stateSocket !== socket) return;
      stateSocket = null;
      socketRetries++;
      setTimeout(function () { watchStateBySocket(isLinked() || !paymentSettled()); }, Math.min(30000, 500 * Math.pow(2, socketRetries)));
    };
  }

  var linkedNow = Boolean(document.querySelector('inpost-pay-button[basket-linked], inpost-pay-basket[basket-linked]'));
  function isLinked() { return linkedNow; }
  document.addEventListener('inpost-pay-state', function (event) {
    linkedNow = Boolean(event.detail && event.detail.linked);
    watchStateBySocket(linkedNow || !paymentSettled());
  });

  var sleep = function (ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  };

  var callbacks = {
    iziCanBeBound: function (productId) {
      return call('POST', '/api/izi/can-be-bound', { productId: productId, size: sizeFor(productId) }).then(function (answer) {
        return answer.canBeBound;
      });
    },
    iziAddToCart: function (productId) {
      return call('POST', '/api/izi/add-to-cart', { productId: productId, size: sizeFor(productId) }).then(function (answer) {
        updateCount(answer.count);
        return answer;
      });
    },
    iziGetPayData: function (prefix, phoneNumber, bindingPlace) {
      return call('POST', '/api/izi/pay-data', { prefix: prefix, phoneNumber: phoneNumber, bindingPlace: bindingPlace });
    },
    // The backend long-polls; ask again while it says PENDING.
    iziGetIsBound: function () {
      function ask() {
        return request('GET', '/api/izi/is-bound').then(function (answer) {
          var data = answer.data || {};
          if (data.status === 'SUCCESS') return data;
          if (data.status === 'REJECT') throw { status: 'REJECT' };
          if (data.status === 'PENDING') return ask();
          throw data.error_code ? data : { error_code: 'HTTP_' + answer.status, error_message: 'Błąd serwera sklepu' };
        });
      }
      return ask();
    },
    // Loop method: a long poll that the backend answers at once when something changed. A state
    // change is shown and the poll goes on; only the order (or nothing, once unlinked) resolves.
    iziGetOrderComplete: function () {
      function ask() {
        return call('GET', '/api/izi/order-complete?since=' + stateVersion).then(function (answer) {
          if (!answer || answer.action || !answer.state) return answer;
          showState(answer.state);
          return answer.state.basket_linked ? ask() : {};
        });
      }
      return ask();
    },
    iziBindingDelete: function () {
      return call('POST', '/api/izi/binding-delete', {});
    },
    iziMobileLink: function () {
      return call('GET', '/api/izi/mobile-link');
    },
  };

  // QA wrapper: log every call, optionally slow it down or make it fail.
  function wrap(name, fn) {
    return function () {
      var args = Array.prototype.slice.call(arguments);
      var started = performance.now();
      // The log shows a phone number as the widget does: masked.
      var shown = name === 'iziGetPayData' || name === 'iziGetBindingData' ? args.map(maskForLog) : args;
      log('→ ' + name + '(' + shown.map(short).join(', ') + ')');
      return Promise.resolve()
        .then(function () { return settings.slow ? sleep(3000) : undefined; })
        .then(function () {
          if (settings.fail === name) throw { error_code: 'QA_FAILURE', error_message: 'Błąd wywołany w panelu QA' };
          return fn.apply(null, args);
        })
        .then(function (result) {
          log('← ' + name + ' ' + Math.round(performance.now() - started) + ' ms: ' + short(result));
          return result;
        }, function (error) {
          log('✗ ' + name + ' ' + Math.round(performance.now() - started) + ' ms: ' + short(error && error.message ? error.message : error), 'error');
          throw error;
        });
    };
  }

  function maskForLog(value) {
    if (typeof value !== 'string' || !/\d{5,}/.test(value.replace(/[\s-]/g, ''))) return value;
    return window.InpostPay && typeof window.InpostPay.maskPhone === 'function' ? window.InpostPay.maskPhone(value) : '***';
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

  var configured = {};
  Object.keys(callbacks).forEach(function (name) { configured[name] = wrap(name, callbacks[name]); });
  var nonceMeta = document.querySelector('meta[name="csp-nonce"]');
  configured.language = settings.language;
  configured.nonce = nonceMeta ? nonceMeta.content : undefined;
  configured.orderWatch = settings.orderWatch === 'websocket'
    ? { method: 'websocket', url: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/izi/order-socket' }
    : { method: 'loop' };

  watchStateBySocket(linkedNow);
  watchPayment();
  if (window.InpostPay && typeof window.InpostPay.configure === 'function') {
    window.InpostPay.configure(configured);
    log('InpostPay.configure(' + short({ language: configured.language, orderWatch: configured.orderWatch }) + ')');
  } else {
    log('Brak widżetu: /widget/inpost-pay.iife.js nie załadował się (uruchom npm run build).', 'error');
  }
})();
