// A shop's frontend written for InPost's first widget (inpostizi.js), behaving as the first-generation
// frontend of InPost's public PrestaShop module is known to behave (what the widget sees of it:
// callback shapes, timing, streams, events). Written for these tests from those facts; none of the
// module's code is here.
//
// - The callbacks are globals. iziCanBeBound is synchronous; iziAddToCart ignores its argument and
//   posts the page's own add-to-cart form; iziGetPayData sends `browser` from a synchronous
//   window.iziGetBrowserData({base64: true}) and resolves [] with a phone, {qr_code, deep_link,
//   deep_link_hms} without (qr_code raw Base64 PNG).
// - iziGetIsBound and iziGetOrderComplete are promises on EventSources (the backend answers one
//   message or "retry: 2000" and ends; the browser reconnects). One stream per endpoint: a new one,
//   once open, closes the previous, whose promise then never settles. iziGetIsBound resolves the
//   stored confirmation once it has phone_number (a REJECT without one is never seen);
//   iziGetOrderComplete resolves {action: "redirect", redirect} or, when the binding is gone,
//   {action: "refresh"}; a basket change only refreshes the shop's cart.
// - On iziModalEventClose (after 50 ms) and on beforeunload it closes both streams unless an
//   izi-binding-complete on one of its inpost-izi-button elements told it the basket is bound.
// - inpost-update-count (not bubbling) and the count attribute go to inpost-izi-button elements only.
(() => {
  const MERCHANT = 'inpost/v1/izi/merchant/';
  const CONFIRMATION = `${MERCHANT}basket/confirmation`;
  const ORDER = `${MERCHANT}order/confirmation/get`;
  const BUTTONS = 'inpost-izi-button';
  const genericError = () => new Error('Something went wrong. Please try again later.');
  let cartBound = false;

  const backendUrl = (path, params = {}) => {
    const url = new URL(window.inpostizi_backend_ajax_url);
    url.searchParams.set('path', path);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url.href;
  };

  async function request(url, method) {
    try {
      const response = await fetch(url, { method, headers: { 'Content-Type': 'application/json' } });
      if (response.status === 204) return null;
      let answer = await response.json();
      if (typeof answer === 'string') answer = JSON.parse(answer);
      if (!response.ok) throw new Error(answer?.message);
      return answer;
    } catch {
      throw genericError();
    }
  }

  // The current EventSource of each endpoint.
  const streams = new Map();
  const closeStream = (path) => {
    streams.get(path)?.close();
    streams.delete(path);
  };
  const closeStreams = () => [CONFIRMATION, ORDER].forEach(closeStream);

  /** A promise on an EventSource: `read` turns a message into [settled, value]. */
  function streamPromise(path, read) {
    return new Promise((resolve, reject) => {
      const source = new EventSource(backendUrl(path));
      source.addEventListener('open', () => {
        closeStream(path);
        streams.set(path, source);
      }, { once: true });
      source.addEventListener('message', (event) => {
        let data;
        try {
          data = JSON.parse(event.data);
        } catch {
          return;
        }
        read(data, resolve);
      });
      source.addEventListener('error', () => {
        // A stream that ended is reconnecting, which is how it waits; only a failed one rejects.
        if (source.readyState === EventSource.CONNECTING) return;
        reject(genericError());
        closeStream(path);
      });
    });
  }

  window.iziCanBeBound = (productId) => {
    if (!productId) return true;
    return window.inpostizi_product_page_id_product === parseInt(productId, 10);
  };

  window.iziAddToCart = async () => {
    const form = document.querySelector('#add-to-cart-or-refresh');
    if (!form) return console.warn('Error while adding product to cart: product not found.');
    const url = new URL(window.prestashop.urls.pages.cart);
    for (const [key, value] of Object.entries({ add: 1, action: 'update', ajax: 1 })) url.searchParams.set(key, value);
    for (const [key, value] of new FormData(form)) url.searchParams.set(key, value);
    const response = await fetch(url, { method: 'POST', headers: { 'X-Requested-With': 'XMLHttpRequest' } });
    const resp = await response.json();
    if (resp?.hasError) {
      setTimeout(() => window.handleInpostIziButtons?.());
      throw new Error(resp.errors.join('\n'));
    }
    window.prestashop.emit('updateCart', { reason: { idProduct: resp.id_product }, resp });
  };

  const bindBasket = (prefix, phone, bindingPlace) => {
    const path = prefix && phone ? `${MERCHANT}basket/post/binding/${prefix}/${phone}` : `${MERCHANT}basket/post/binding`;
    return request(backendUrl(path, { browser: window.iziGetBrowserData({ base64: true }), binding_place: bindingPlace }), 'POST');
  };
  window.iziGetPayData = async (prefix = '', phone = '', bindingPlace = 'PRODUCT_CARD') => bindBasket(prefix, phone, bindingPlace);
  window.iziGetBindingData = async (_id, prefix = '', phone = '', bindingPlace = 'PRODUCT_CARD') => bindBasket(prefix, phone, bindingPlace);

  window.iziGetIsBound = () =>
    streamPromise(CONFIRMATION, (data, resolve) => {
      if (!data?.phone_number) return;
      resolve(data);
      closeStream(CONFIRMATION);
    });

  window.iziGetOrderComplete = () =>
    streamPromise(ORDER, (data, resolve) => {
      if (data?.action === 'redirect' && data.url) resolve({ action: 'redirect', redirect: data.url });
      else if (data?.action === 'delete') resolve({ action: 'refresh' });
      else if (data?.action === 'refresh') window.prestashop.emit('updateCart', { reason: { linkAction: 'refresh' }, resp: {} });
    });

  window.iziBindingDelete = async () => request(backendUrl(`${MERCHANT}basket/delete/binding`), 'DELETE');
  window.iziMobileLink = async () => request(backendUrl(`${MERCHANT}basket/get/link`), 'GET');

  const sendCount = (count) => {
    const event = new CustomEvent('inpost-update-count', { detail: count });
    for (const button of document.querySelectorAll(BUTTONS)) button.dispatchEvent(event);
  };

  const onBindingComplete = ({ detail }) => {
    if (detail?.masked_phone_number || detail?.basket_linked) cartBound = true;
    else if (detail?.basketLinked === false) cartBound = false;
    if (!cartBound) closeStreams();
  };
  const listenToButtons = () => {
    for (const button of document.querySelectorAll(BUTTONS)) {
      button.removeEventListener('izi-binding-complete', onBindingComplete);
      button.addEventListener('izi-binding-complete', onBindingComplete);
    }
  };

  // At load: is the basket bound (a confirmation within 1 s)? Then the shop watches for the order
  // itself too, since the widget did not without a button on the page.
  async function watchIfBound() {
    let confirmation;
    try {
      confirmation = await Promise.race([
        window.iziGetIsBound(),
        new Promise((_, reject) => setTimeout(reject, 1000)),
      ]);
    } catch {
      closeStreams();
      return;
    }
    if (confirmation?.inpost_basket_id && confirmation.status === 'SUCCESS') {
      const result = await window.iziGetOrderComplete();
      if (result?.action === 'redirect' && result.redirect) location.href = result.redirect;
      else if (result?.action === 'refresh') location.reload();
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    const count = window.prestashop?.cart?.products_count;
    if (count) for (const button of document.querySelectorAll(BUTTONS)) button.setAttribute('count', count);
    void watchIfBound();
    window.prestashop.on('updateCart', async (event) => {
      const known = event?.resp?.cart?.products_count || window.prestashop?.cart?.products_count || null;
      if (typeof known === 'number') return sendCount(known);
      try {
        const { fetchedCount = null } = await request(window.inpostizi_cart_ajax_url, 'GET');
        if (typeof fetchedCount === 'number') sendCount(fetchedCount);
      } catch (error) {
        console.error(error);
      }
    });
    window.prestashop.on('updatedCart', () => {
      if (!document.querySelector('.js-cart')) return;
      setTimeout(() => {
        window.handleInpostIziButtons?.();
        listenToButtons();
      }, 10);
    });
    document.addEventListener('iziModalEventClose', () => setTimeout(() => cartBound || closeStreams(), 50));
    addEventListener('beforeunload', closeStreams);
    listenToButtons();
  });
})();
