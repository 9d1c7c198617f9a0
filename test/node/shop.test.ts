import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { startDemo, type Demo } from '../../dev/demo.js';
import { startShop } from '../../dev/shop/server.js';
import { Browser, jsonInit, send, sleep } from './helpers.js';

async function sandboxState(demo: Demo) {
  return (await send(demo.sandboxUrl + '/sandbox/state')).json;
}

async function pendingRequestFor(demo: Demo, basketCount: number) {
  const { json } = await send(demo.sandboxUrl + '/sandbox/binding-requests');
  assert.equal(json.requests.length, basketCount);
  return json.requests.at(-1);
}

/** A visitor with one item in the cart and a PHONE binding request waiting at the sandbox. */
async function visitorWaitingForPhone(demo: Demo, phone = '600 700 800') {
  const browser = new Browser(demo.shopUrl);
  assert.deepEqual((await browser.post('/api/izi/can-be-bound', { productId: 'kubek' })).json, { canBeBound: true });
  const added = await browser.post('/api/izi/add-to-cart', { productId: 'kubek' });
  assert.deepEqual(added.json, { basket_linked: false, browser_trusted: false, count: 1 });
  const payData = await browser.post('/api/izi/pay-data', { prefix: '+48', phoneNumber: phone, bindingPlace: 'PRODUCT_CARD' });
  assert.equal(payData.status, 200);
  assert.deepEqual(payData.json, []);
  return browser;
}

describe('demo shop backend through the sandbox', () => {
  let demo: Demo;
  before(async () => {
    demo = await startDemo({ shopPort: 0, sandboxPort: 0, longPollMs: 1500 });
  });
  after(() => demo.close());

  test('pages: product list with widgets under a strict CSP with a nonce', async () => {
    const browser = new Browser(demo.shopUrl);
    const page = await browser.get('/');
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy')!;
    const nonce = /<meta name="csp-nonce" content="([^"]+)">/.exec(page.text)![1];
    assert.ok(csp.includes(`style-src 'self' 'nonce-${nonce}'`));
    assert.ok(csp.includes("script-src 'self'"));
    assert.equal((page.text.match(/<inpost-pay-button product-id="[a-z]+" variant="create"/g) ?? []).length, 4);
    assert.match(page.text, /<script src="\/widget\/inpost-pay.iife.js"/);
    assert.doesNotMatch(page.text, /<script>|<style>|style="/);
    assert.match(page.text, /<details class="qa"/);
    assert.equal((await browser.get('/assets/shop.js')).status, 200);
    assert.equal((await browser.get('/assets/shop.css')).status, 200);
    const again = await browser.get('/');
    assert.notEqual(/nonce-([^']+)/.exec(again.headers.get('content-security-policy')!)![1], nonce);
  });

  test('can-be-bound: a product with sizes needs a size; the first call asks InPost Pay', async () => {
    const browser = new Browser(demo.shopUrl);
    assert.deepEqual((await browser.post('/api/izi/can-be-bound', { productId: 'koszulka' })).json, { canBeBound: false });
    assert.deepEqual((await browser.post('/api/izi/can-be-bound', { productId: 'koszulka', size: 'M' })).json, { canBeBound: true });
    // No product (basket page) and an empty cart: nothing to bind.
    assert.deepEqual((await browser.post('/api/izi/can-be-bound', {})).json, { canBeBound: false });
    const refused = await browser.post('/api/izi/add-to-cart', { productId: 'koszulka' });
    assert.equal(refused.status, 400);
    assert.equal(refused.json.error_code, 'SIZE_REQUIRED');
    const added = await browser.post('/api/izi/add-to-cart', { productId: 'koszulka', size: 'M' });
    assert.equal(added.json.count, 1);
    const state = await sandboxState(demo);
    const basket = state.baskets.find((b: { products: Array<{ product_id: string }> }) => b.products.some((p) => p.product_id === 'koszulka-M'));
    assert.ok(basket, 'the basket was PUT to InPost Pay with the size');
  });

  test('phone binding accepted in the simulator: is-bound long poll answers SUCCESS; pages keep the state', async () => {
    const browser = await visitorWaitingForPhone(demo);
    const request = await pendingRequestFor(demo, 1);
    assert.deepEqual(request.phone_number, { country_prefix: '+48', phone: '600700800' });
    // Nothing happened yet: the long poll ends with PENDING.
    assert.deepEqual((await browser.get('/api/izi/is-bound')).json, { status: 'PENDING' });
    const waiting = browser.get('/api/izi/is-bound');
    await sleep(100);
    const accepted = await send(`${demo.sandboxUrl}/sandbox/binding-requests/${request.request_id}/accept`, jsonInit('POST', {}));
    assert.equal(accepted.json.callback_status, 200);
    const bound = await waiting;
    assert.equal(bound.status, 200);
    // Only what the widget shows: never the phone number, the name or the browser id.
    assert.deepEqual(bound.json, { status: 'SUCCESS', masked_phone_number: '60*****00', count: 1 });
    const page = await browser.get('/basket');
    assert.match(page.text, /<inpost-pay-button variant="buy" binding-place="BASKET_SUMMARY" basket-linked masked-phone-number="60\*\*\*\*\*00" count="1">/);
    assert.match(page.text, /<inpost-pay-basket [^>]*basket-linked masked-phone-number="60\*\*\*\*\*00" count="1">/);
    const before = await sandboxState(demo);
    const atInpost = before.baskets.find((b: { masked_phone_number: string; linked: boolean }) => b.linked && b.masked_phone_number === '60*****00');
    const link = await browser.get('/api/izi/mobile-link');
    assert.equal(link.json.link, `inpostsandbox://izilink?basket_id=${atInpost.inpost_basket_id}`);

    // The trusted browser's next item keeps the binding; a second visitor sees none of this.
    const more = await browser.post('/api/izi/add-to-cart', { productId: 'plecak' });
    assert.deepEqual(more.json, { basket_linked: true, browser_trusted: true, masked_phone_number: '60*****00', count: 2 });
    const stranger = new Browser(demo.shopUrl);
    assert.equal((await stranger.get('/api/izi/is-bound')).json.error_code, 'NO_SESSION');
    assert.match((await stranger.get('/basket')).text, /<span id="cart-count">0<\/span>/);
    assert.doesNotMatch((await stranger.get('/basket')).text, /basket-linked/);

    // Binding delete: basket binding, then browser binding, at InPost Pay.
    const basketId = atInpost.basket_id;
    const browserId = browser.cookies.get('inpost_pay_browser')!.split('.')[0];
    assert.ok(before.trusted_browsers.some((t: { browser_id: string }) => t.browser_id === browserId));
    // A stranger's binding-delete touches only the stranger's (empty) basket.
    assert.equal((await stranger.post('/api/izi/binding-delete')).status, 204);
    assert.equal((await sandboxState(demo)).baskets.find((b: { basket_id: string }) => b.basket_id === basketId).linked, true);
    const deleted = await browser.post('/api/izi/binding-delete');
    assert.equal(deleted.status, 204);
    const afterDelete = await sandboxState(demo);
    assert.equal(afterDelete.baskets.find((b: { basket_id: string }) => b.basket_id === basketId).linked, false);
    assert.ok(!afterDelete.trusted_browsers.some((t: { browser_id: string }) => t.browser_id === browserId));
    assert.deepEqual((await browser.get('/api/izi/is-bound')).json, { status: 'PENDING' });
    assert.doesNotMatch((await browser.get('/basket')).text, /basket-linked/);
  });

  test('phone binding rejected: is-bound answers 409 REJECT', async () => {
    const browser = await visitorWaitingForPhone(demo, '511222333');
    const request = await pendingRequestFor(demo, 1);
    const waiting = browser.get('/api/izi/is-bound');
    await send(`${demo.sandboxUrl}/sandbox/binding-requests/${request.request_id}/reject`, jsonInit('POST', {}));
    const answer = await waiting;
    assert.equal(answer.status, 409);
    assert.deepEqual(answer.json, { status: 'REJECT' });
    // A new binding request clears the old refusal.
    await browser.post('/api/izi/pay-data', { prefix: '+48', phoneNumber: '511222333', bindingPlace: 'BASKET_SUMMARY' });
    assert.deepEqual((await browser.get('/api/izi/is-bound')).json, { status: 'PENDING' });
    const again = await pendingRequestFor(demo, 1);
    await send(`${demo.sandboxUrl}/sandbox/binding-requests/${again.request_id}/reject`, jsonInit('POST', {}));
  });

  test('QR binding: pay-data without a phone answers a PNG data URL and the deep links', async () => {
    const browser = new Browser(demo.shopUrl);
    const empty = await browser.post('/api/izi/pay-data', { bindingPlace: 'BASKET_SUMMARY' });
    assert.equal(empty.status, 409);
    assert.equal(empty.json.error_code, 'BASKET_EMPTY');
    await browser.post('/api/izi/add-to-cart', { productId: 'ladowarka' });
    const answer = await browser.post('/api/izi/pay-data', { bindingPlace: 'BASKET_SUMMARY' });
    assert.equal(answer.status, 200);
    assert.match(answer.json.qr_code, /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    assert.match(answer.json.deep_link, /^inpostsandbox:\/\/izilink\?/);
    assert.match(answer.json.deep_link_hms, /izilink/);
    const request = await pendingRequestFor(demo, 1);
    assert.equal(request.binding_method, 'DEEP_LINK');
    await send(`${demo.sandboxUrl}/sandbox/binding-requests/${request.request_id}/reject`, jsonInit('POST', {}));
  });

  test('trusted browser: add-to-cart binds the basket at once; order → loop redirect and WebSocket push', async () => {
    const browser = new Browser(demo.shopUrl);
    await browser.get('/');
    const trust = await browser.post('/api/qa/browser-trust', { trusted: true });
    assert.deepEqual(trust.json, { browser_trusted: true });
    assert.deepEqual((await browser.post('/api/izi/can-be-bound', { productId: 'kubek' })).json, { canBeBound: true });
    const added = await browser.post('/api/izi/add-to-cart', { productId: 'kubek' });
    assert.deepEqual(added.json, { basket_linked: true, browser_trusted: true, masked_phone_number: '60*****00', count: 1 });
    const bound = await browser.get('/api/izi/is-bound');
    assert.equal(bound.json.status, 'SUCCESS');
    const watched = (await browser.get('/api/izi/order-complete')).json;
    assert.deepEqual(watched, { state: { version: watched.state.version, basket_linked: true, masked_phone_number: '60*****00', count: 1, changed: watched.state.changed } });

    const socket = new WebSocket(demo.shopUrl.replace('http', 'ws') + '/api/izi/order-socket', { headers: { cookie: browser.cookieHeader } });
    const messages: unknown[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const pushed = new Promise<void>((resolve) => socket.on('message', (data) => String(data).includes('redirect') && resolve()));

    const link = (await browser.get('/api/izi/mobile-link')).json.link as string;
    const state = await sandboxState(demo);
    const basket = state.baskets.find((b: { inpost_basket_id: string }) => link.endsWith(b.inpost_basket_id));
    const order = await send(`${demo.sandboxUrl}/sandbox/baskets/${basket.basket_id}/order`, jsonInit('POST', {}));
    assert.equal(order.json.callback_status, 200);

    await pushed;
    socket.close();
    assert.deepEqual(messages[0], { state: watched.state }, 'the socket tells the state first');
    assert.ok(messages.some((m) => JSON.stringify(m) === JSON.stringify({ action: 'redirect', redirect: '/thank-you' })));
    assert.deepEqual((await browser.get('/api/izi/order-complete')).json, { action: 'redirect', redirect: '/thank-you' });
    const thanks = await browser.get('/thank-you');
    assert.match(thanks.text, new RegExp(`<strong id="order-id">${order.json.order_id}</strong>`));
    assert.equal((await browser.get('/api/izi/order-complete')).json.state.basket_linked, false);
    // A new, empty basket; the browser is still trusted, so the next item binds at once again.
    assert.match((await browser.get('/basket')).text, /<span id="cart-count">0<\/span>/);
    const next = await browser.post('/api/izi/add-to-cart', { productId: 'plecak' });
    assert.equal(next.json.basket_linked, true);
    assert.equal(next.json.count, 1);
  });

  test('basket removed in the app: the order watch tells the page it is unlinked', async () => {
    const browser = new Browser(demo.shopUrl);
    await browser.get('/');
    await browser.post('/api/qa/browser-trust', { trusted: true });
    await browser.post('/api/izi/can-be-bound', { productId: 'kubek' });
    const added = await browser.post('/api/izi/add-to-cart', { productId: 'kubek' });
    assert.equal(added.json.basket_linked, true);
    const link = (await browser.get('/api/izi/mobile-link')).json.link as string;
    const basket = (await sandboxState(demo)).baskets.find((b: { inpost_basket_id: string }) => link.endsWith(b.inpost_basket_id));
    assert.equal((await send(`${demo.sandboxUrl}/sandbox/baskets/${basket.basket_id}/binding`, { method: 'DELETE' })).status, 204);
    const answer = (await browser.get('/api/izi/order-complete')).json;
    assert.deepEqual(answer.state, { version: answer.state.version, basket_linked: false, count: 1, changed: ['binding'] });
  });

  test('InPost callbacks without a valid signature are refused', async () => {
    const unsigned = await send(demo.shopUrl + '/inpost/v1/izi/order', jsonInit('POST', { order_details: { basket_id: 'b1' } }));
    assert.equal(unsigned.status, 401);
    assert.equal(unsigned.json.error_code, 'INVALID_SIGNATURE');
    const forged = await send(demo.shopUrl + '/inpost/v1/izi/basket/b1/confirmation', {
      ...jsonInit('POST', { status: 'SUCCESS' }),
      headers: {
        'content-type': 'application/json',
        'x-signature': 'AAAA',
        'x-signature-timestamp': new Date().toISOString(),
        'x-public-key-ver': '1',
        'x-public-key-hash': 'AAAA',
      },
    });
    assert.equal(forged.status, 401);
  });

  test('the widget route answers 503 with advice when the bundle was not built', async () => {
    const shop = await startShop({
      inpost: { clientId: 'x', clientSecret: 'y', baseUrl: demo.sandboxUrl, tokenUrl: demo.sandboxUrl },
      widgetBundlePath: 'missing-dir/inpost-pay.iife.js',
    });
    try {
      const answer = await send(shop.url + '/widget/inpost-pay.iife.js');
      assert.equal(answer.status, 503);
      assert.match(answer.text, /npm run build/);
    } finally {
      await shop.close();
    }
  });
});
