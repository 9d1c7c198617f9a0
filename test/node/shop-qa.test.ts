/**
 * The demo's QA features on the server side: product pages, the thank-you page's payment states,
 * the QA-only routes (basket id, binding-limit reset, QR shown/abandoned) and the sandbox's QR
 * request expiry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDemo, type Demo } from '../../dev/demo.js';
import { SandboxStore } from '../../dev/sandbox/store.js';
import type { ShopOrder } from '../../dev/shop/orders.js';
import { thankYouPage } from '../../dev/shop/pages.js';
import { withResettableLimits } from '../../dev/shop/qa-routes.js';
import { memoryWidgetStore } from '../../src/merchant/index.js';
import { Browser, send } from './helpers.js';

const payData = (browser: Browser, phoneNumber?: string) =>
  browser.post('/api/izi/pay-data', { ...(phoneNumber ? { prefix: '+48', phoneNumber } : {}), bindingPlace: 'PRODUCT_CARD' });

async function withProduct(demo: Demo): Promise<Browser> {
  const browser = new Browser(demo.shopUrl);
  assert.equal((await browser.post('/api/izi/add-to-cart', { productId: 'kubek' })).status, 200);
  return browser;
}

describe('binding limits: the reset QA calls', () => {
  test('resetLimits() forgets every counted request of the widget API\'s limits', async () => {
    const store = withResettableLimits(memoryWidgetStore());
    const rules = (session: string) => [
      { key: `bind:session:${session}`, limit: 100, windowMs: 600_000 },
      { key: 'bind:phone:+48600100200', limit: 5, windowMs: 600_000 },
    ];
    for (let i = 0; i < 5; i++) assert.equal(await store.admit(rules(`s${i}`)), 0);
    assert.ok((await store.admit(rules('s5'))) > 0, 'the 5th binding of one number in the window is the last');
    await store.resetLimits();
    assert.equal(await store.admit(rules('s6')), 0);
    assert.ok((await store.admit(rules('s7'))) === 0, 'a new window after the reset');
  });
});

describe('demo shop QA features', () => {
  let demo: Demo;
  before(async () => {
    demo = await startDemo({ shopPort: 0, sandboxPort: 0, longPollMs: 1000 });
  });
  after(() => demo.close());

  test('a page per listed product, linked from the list; none for an unknown or related-only product', async () => {
    const browser = new Browser(demo.shopUrl);
    const list = await browser.get('/');
    for (const id of ['kubek', 'koszulka', 'plecak', 'ladowarka']) assert.match(list.text, new RegExp(`<a href="/product/${id}">`));
    const page = await browser.get('/product/koszulka');
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1 class="product__name">Koszulka bawełniana<\/h1>/);
    assert.match(page.text, /<inpost-pay-button product-id="koszulka" variant="create" binding-place="PRODUCT_CARD"/);
    assert.match(page.text, /form="buy-koszulka">Dodaj do koszyka<\/button>/);
    assert.match(page.text, /data-size-hint="size-hint-page-koszulka"/);
    assert.equal((await browser.get('/product/nie-ma')).status, 404);
    assert.equal((await browser.get('/product/ebook')).status, 404);
    assert.equal((await browser.get('/product/%3Cscript%3E')).status, 404);
  });

  test('the QA panel shows the session\'s basket id, the one the sandbox labels its request with', async () => {
    const browser = new Browser(demo.shopUrl);
    assert.deepEqual((await browser.get('/api/qa/basket')).json, { basket_id: null });
    assert.match((await browser.get('/')).text, /<code id="qa-basket-id">jeszcze brak<\/code>/);
    await browser.post('/api/izi/add-to-cart', { productId: 'kubek' });
    const { basket_id: basketId } = (await browser.get('/api/qa/basket')).json;
    assert.match(basketId, /^[A-Za-z0-9_-]+$/);
    assert.match((await browser.get('/basket')).text, new RegExp(`<code id="qa-basket-id">${basketId}</code>`));
    assert.equal((await payData(browser, '600 300 401')).status, 200);
    const { json } = await send(demo.sandboxUrl + '/sandbox/binding-requests');
    assert.ok(json.requests.some((r: { basket_id: string; phone_number: { phone: string } | null }) => r.basket_id === basketId && r.phone_number?.phone === '600300401'));
  });

  test('the 6th binding of one number is refused until QA resets the limits', async () => {
    const browser = await withProduct(demo);
    for (let i = 0; i < 5; i++) assert.equal((await payData(browser, '600 300 402')).status, 200);
    const refused = await payData(browser, '600 300 402');
    assert.equal(refused.status, 429);
    assert.equal(refused.json.error_code, 'TOO_MANY_REQUESTS');
    const reset = await browser.post('/api/qa/binding-limits/reset', {});
    assert.equal(reset.status, 200);
    assert.deepEqual(reset.json, { reset: true });
    assert.equal((await payData(browser, '600 300 402')).status, 200);
  });

  test('the reset refuses another site (a cross-origin form or fetch)', async () => {
    const browser = await withProduct(demo);
    for (let i = 0; i < 5; i++) await payData(browser, '600 300 403');
    // Attack: another site's page posts to the reset, as a form and as JSON from its origin.
    const form = await fetch(demo.shopUrl + '/api/qa/binding-limits/reset', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.cookieHeader }, body: 'x=1',
    });
    assert.equal(form.status, 415);
    const json = await browser.request('POST', '/api/qa/binding-limits/reset', {}, { origin: 'https://evil.example' });
    assert.equal(json.status, 403);
    assert.equal((await payData(browser, '600 300 403')).status, 429, 'still limited');
  });

  test('a QR request goes as soon as its page says the code is gone', async () => {
    const browser = await withProduct(demo);
    const { basket_id: basketId } = (await browser.get('/api/qa/basket')).json;
    assert.match((await payData(browser)).json.qr_code, /^data:image\/png;base64,/);
    const qrOf = async () => ((await send(demo.sandboxUrl + '/sandbox/binding-requests')).json.requests as Array<{ basket_id: string; binding_method: string; expires_at: string | null }>)
      .find((r) => r.basket_id === basketId && r.binding_method === 'DEEP_LINK');
    const first = await qrOf();
    assert.ok(first?.expires_at, 'a QR request has an expiry');
    assert.ok(Date.parse(first.expires_at) > Date.now());
    assert.equal((await browser.post('/api/qa/qr-shown', { shown: true })).status, 204);
    assert.ok(Date.parse((await qrOf())!.expires_at!) >= Date.parse(first.expires_at), 'still shown: the expiry moves on');
    assert.equal((await browser.post('/api/qa/qr-shown', { shown: false })).status, 204);
    assert.equal(await qrOf(), undefined);
    // Said again for a request that is gone: nothing to do, no error.
    assert.equal((await browser.post('/api/qa/qr-shown', { shown: false })).status, 204);
    assert.equal((await browser.post('/api/qa/qr-shown', { shown: 'yes' })).status, 400);
  });
});

describe('the QA routes exist only when the shop knows the sandbox', () => {
  let demo: Demo;
  before(async () => {
    demo = await startDemo({ shopPort: 0, sandboxPort: 0, longPollMs: 1000, shop: { qaSandboxUrl: undefined } });
  });
  after(() => demo.close());

  test('no reset, no basket id, no QR route; the page has no QA tools', async () => {
    const browser = await withProduct(demo);
    assert.equal((await browser.post('/api/qa/binding-limits/reset', {})).status, 404);
    assert.equal((await browser.get('/api/qa/basket')).status, 404);
    assert.equal((await browser.post('/api/qa/qr-shown', { shown: true })).status, 404);
    const page = (await browser.get('/')).text;
    assert.doesNotMatch(page, /qa-reset-limits|qa-basket-id|\/assets\/qa\.js/);
  });
});

describe('sandbox: QR requests expire', () => {
  test('a QR request past its expires_at is no longer pending; a phone request waits', () => {
    const store = new SandboxStore({ basket_ttl_seconds: 60, phone_binding_unavailable: false, qr_ttl_seconds: 30 });
    const now = Date.parse('2026-12-06T15:00:00Z');
    const browser = { user_agent: 'x', platform: '', architecture: '', data_time: '', customer_ip: '', port: '' } as never;
    store.requests.set('qr', { request_id: 'qr', basket_id: 'b1', binding_method: 'DEEP_LINK', binding_place: null, phone_number: null, browser, created_at: '', expires_at: store.qrExpiry(now) });
    store.requests.set('phone', { request_id: 'phone', basket_id: 'b2', binding_method: 'PHONE', binding_place: null, phone_number: { country_prefix: '+48', phone: '600100200' }, browser, created_at: '', expires_at: null });
    assert.deepEqual(store.pendingRequests(now + 29_000).map((r) => r.request_id), ['qr', 'phone']);
    assert.deepEqual(store.pendingRequests(now + 30_000).map((r) => r.request_id), ['phone']);
    assert.equal(store.requests.has('qr'), false);
  });
});

describe('thank-you page', () => {
  const order = (paymentStatus: string) => ({ orderId: 'ZAM-1', basketId: 'b', lines: [], totalGrosze: null, deliveryGrosze: 0, createdAt: '', paymentStatus, merchantStatus: '', unknownBasket: false }) as unknown as ShopOrder;

  test('a declined payment is a warning with the way forward, not a thank-you', () => {
    const { main, title } = thankYouPage(order('DECLINED'));
    assert.equal(title, 'Płatność nie powiodła się');
    assert.match(main, /<h1 id="order-title"[^>]*>Płatność nie powiodła się<\/h1>/);
    assert.match(main, /data-state="declined"/);
    assert.match(main, /zapłać ponownie/);
    assert.match(main, /<a class="button" href="\/basket">Wróć do koszyka<\/a>/);
    assert.match(main, /data-status="DECLINED">płatność odrzucona</);
  });

  test('a paid order is thanked', () => {
    const { main } = thankYouPage(order('AUTHORIZED'));
    assert.match(main, /<h1 id="order-title"[^>]*>Dziękujemy za zamówienie!<\/h1>/);
    assert.match(main, /data-state="paid"/);
  });
});
