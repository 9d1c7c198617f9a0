// The part of PrestaShop's own theme JavaScript that the InPost module's frontend uses: the
// `prestashop` object (cart, URLs, an event emitter with `updateCart` / `updatedCart`), the module's
// configuration variables, and the theme's Ajax add-to-cart. A stand-in written for the tests.
(() => {
  const config = JSON.parse(document.getElementById('shop-config').textContent);
  const listeners = new Map();
  const prestashop = {
    cart: { products_count: config.cart.products_count },
    urls: { pages: { cart: new URL('/cart', location.href).href } },
    on(name, listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
    },
    emit(name, payload) {
      for (const listener of listeners.get(name) ?? []) listener(payload);
    },
  };
  window.prestashop = prestashop;
  window.inpostizi_backend_ajax_url = new URL(config.backend, location.href).href;
  window.inpostizi_cart_ajax_url = new URL(config.cartCount, location.href).href;
  if (config.productPageIdProduct) window.inpostizi_product_page_id_product = config.productPageIdProduct;

  // The theme refreshes its cart preview on updateCart, then says so with updatedCart.
  prestashop.on('updateCart', (event) => {
    const count = event?.resp?.cart?.products_count;
    if (typeof count === 'number') {
      prestashop.cart.products_count = count;
      for (const el of document.querySelectorAll('.cart-products-count')) el.textContent = String(count);
    }
    setTimeout(() => prestashop.emit('updatedCart', { resp: event?.resp }));
  });

  // The theme's own "Dodaj do koszyka": the same Ajax call the module's iziAddToCart makes.
  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.id !== 'add-to-cart-or-refresh') return;
    event.preventDefault();
    const url = new URL(prestashop.urls.pages.cart);
    for (const [key, value] of new FormData(form)) url.searchParams.set(key, String(value));
    for (const [key, value] of Object.entries({ add: 1, action: 'update', ajax: 1 })) url.searchParams.set(key, String(value));
    const resp = await (await fetch(url, { method: 'POST', headers: { 'X-Requested-With': 'XMLHttpRequest' } })).json();
    prestashop.emit('updateCart', { reason: { idProduct: resp.id_product, linkAction: 'add-to-cart' }, resp });
  });
})();
