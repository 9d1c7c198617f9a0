// The shopper changed the basket in the InPost Mobile app: the page refreshes its own cart view.
// The event fires on `document`, in every open tab of the shop.
document.addEventListener('inpost-pay-basket-change', async (event) => {
  const { count, basketLinked, changed } = event.detail;
  console.info(`basket changed in the app (${changed.join(', ')}): ${count ?? '?'} items, linked: ${basketLinked}`);
  const page = new DOMParser().parseFromString(await (await fetch('/cart')).text(), 'text/html');
  const fresh = page.querySelector('#cart');
  if (fresh) document.querySelector('#cart')?.replaceWith(fresh);
});
