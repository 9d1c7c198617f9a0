/**
 * The reference shop and the InPost Mobile app (the sandbox's phone simulator API plays it): a
 * change made in the app reaches the shop's cart and every open page at once, by both order-watch
 * methods; the shop's own changes reach InPost; orders are checked and show their payment status.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { startDemo, type Demo } from '../../dev/demo.js';
import { startShop, type Shop } from '../../dev/shop/server.js';
import { generateSigningKey, signRequest } from '../../src/merchant/testing.js';
import { Browser, jsonInit, send, demoOrder } from './helpers.js';

const PUSH_BUDGET_MS = 2000;

describe('reference shop: changes made in the app', () => {
  let demo: Demo;
  before(async () => {
    demo = await startDemo({ longPollMs: 10_000 });
  });
  after(() => demo.close());

  const app = (path: string, body: unknown = {}) => send(demo.sandboxUrl + path, jsonInit('POST', body));
  /** The basket as the app shows it (the sandbox's view of what the shop sent). */
  const sandboxBasket = async (basketId: string) =>
    (await send(`${demo.sandboxUrl}/sandbox/state`)).json.baskets.find((b: { basket_id: string }) => b.basket_id === basketId);
  /** The shop's last answer with a basket, as InPost received it (wire shape). */
  const lastBasketAnswer = async (basketId: string) =>
    (await send(`${demo.sandboxUrl}/sandbox/state`)).json.calls
      .filter((call: { basket_id: string; answer: { summary?: unknown } }) => call.basket_id === basketId && call.answer?.summary)
      .at(-1).answer;

  /** A shopper whose basket (one mug) is bound by phone; returns the browser and the basket id. */
  async function boundShopper(phone: string) {
    const browser = new Browser(demo.shopUrl);
    await browser.post('/api/izi/add-to-cart', { productId: 'kubek' });
    assert.equal((await browser.post('/api/izi/pay-data', { prefix: '+48', phoneNumber: phone, bindingPlace: 'PRODUCT_CARD' })).status, 200);
    const { requests } = (await send(demo.sandboxUrl + '/sandbox/binding-requests')).json;
    const request = requests.find((r: { phone_number?: { phone: string } }) => r.phone_number?.phone === phone);
    const accepted = await app(`/sandbox/binding-requests/${request.request_id}/accept`, {});
    assert.equal(accepted.json.callback_status, 200, JSON.stringify(accepted.json));
    assert.equal((await browser.get('/api/izi/is-bound')).json.status, 'SUCCESS');
    return { browser, basketId: request.basket_id as string };
  }

  test('the basket InPost sees: prices, delivery options, consents, promo codes as INPOST-API.md §4 says', async () => {
    const { basketId } = await boundShopper('600300301');
    const basket = await lastBasketAnswer(basketId);
    assert.deepEqual(basket.summary.basket_base_price, { net: 48.77, gross: 59.99, vat: 11.22 });
    assert.equal(basket.summary.currency, 'PLN');
    assert.deepEqual(basket.delivery.map((d: { delivery_type: string }) => d.delivery_type), ['APM', 'COURIER']);
    assert.deepEqual(basket.delivery[0].delivery_price, { net: 10.56, gross: 12.99, vat: 2.43 });
    assert.deepEqual(basket.consents.map((c: { consent_id: string; requirement_type: string }) => [c.consent_id, c.requirement_type]), [
      ['regulamin', 'REQUIRED_ALWAYS'],
      ['newsletter', 'OPTIONAL'],
    ]);
    assert.equal(basket.products[0].quantity.quantity, 1);
    assert.equal(basket.related_products[0].product_id, 'ebook');
    const { calls } = (await send(`${demo.sandboxUrl}/sandbox/state`)).json;
    const problems = calls.filter((call: { basket_id: string; problems: string[] }) => call.basket_id === basketId && call.problems.length > 0);
    assert.deepEqual(problems, [], 'InPost accepts every answer of the shop');
  });

  for (const method of ['long poll', 'WebSocket'] as const) {
    test(`a change in the app reaches every open page within ${PUSH_BUDGET_MS} ms (${method}): count, then the unlink`, async () => {
      const { browser, basketId } = await boundShopper(method === 'long poll' ? '600300302' : '600300303');
      const { state } = (await browser.get('/api/izi/order-complete')).json;
      assert.deepEqual(state, { version: state.version, basket_linked: true, masked_phone_number: '60*****02'.replace('02', method === 'long poll' ? '02' : '03'), count: 1, changed: ['binding'] });

      // What an open page hears next, with its arrival time.
      let nextState: (since: number) => Promise<{ state: Record<string, unknown>; at: number }>;
      let socket: WebSocket | undefined;
      if (method === 'long poll') {
        nextState = async (since) => {
          const answer = await browser.get(`/api/izi/order-complete?since=${since}`);
          return { state: answer.json.state, at: Date.now() };
        };
      } else {
        socket = new WebSocket(demo.shopUrl.replace('http', 'ws') + '/api/izi/order-socket', { headers: { cookie: browser.cookieHeader, origin: demo.shopUrl } });
        const queue: Array<{ state: Record<string, unknown>; at: number }> = [];
        let wake: (() => void) | undefined;
        socket.on('message', (data) => {
          queue.push({ state: JSON.parse(String(data)).state, at: Date.now() });
          wake?.();
        });
        await new Promise((resolve) => socket!.once('open', resolve));
        nextState = async (since) => {
          for (;;) {
            const found = queue.find((item) => item.state.version !== since);
            if (found) {
              queue.splice(0, queue.indexOf(found) + 1);
              return found;
            }
            await new Promise<void>((resolve) => (wake = resolve));
          }
        };
      }
      try {
        const heard = nextState(state.version);
        const sent = Date.now();
        const changed = await app(`/sandbox/baskets/${basketId}/quantity`, { product_id: 'kubek', quantity: 3 });
        assert.equal(changed.status, 200, changed.text);
        const quantity = await heard;
        assert.equal(quantity.state.count, 3);
        assert.ok(quantity.at - sent < PUSH_BUDGET_MS, `count heard after ${quantity.at - sent} ms`);
        assert.match((await browser.get('/basket')).text, /<span id="cart-count">3<\/span>/, 'the shop\'s cart follows the app');

        const unlinkHeard = nextState(quantity.state.version as number);
        const unlinked = Date.now();
        assert.equal((await send(`${demo.sandboxUrl}/sandbox/baskets/${basketId}/binding`, { method: 'DELETE' })).status, 204);
        const unlink = await unlinkHeard;
        assert.equal(unlink.state.basket_linked, false);
        assert.equal(unlink.state.masked_phone_number, undefined);
        assert.deepEqual(unlink.state.changed, ['binding']);
        assert.ok(unlink.at - unlinked < PUSH_BUDGET_MS, `unlink heard after ${unlink.at - unlinked} ms`);
        assert.doesNotMatch((await browser.get('/basket')).text, /basket-linked/);
      } finally {
        socket?.close();
      }
    });
  }

  test('promo codes: INPOST10 is honoured, others refused with the basket notice; removed in the shop, InPost gets the basket', async () => {
    const { browser, basketId } = await boundShopper('600300304');
    const refused = await app(`/sandbox/baskets/${basketId}/promo-codes`, { promo_codes: ['TANIEJ50'] });
    assert.equal(refused.status, 200, refused.text);
    let basket = await lastBasketAnswer(basketId);
    assert.equal(basket.summary.basket_notice.type, 'ERROR');
    assert.match(basket.summary.basket_notice.description, /TANIEJ50/);
    assert.deepEqual(basket.promo_codes, []);
    assert.match(refused.json.notice.description, /TANIEJ50/, 'the app shows the notice');

    assert.equal((await app(`/sandbox/baskets/${basketId}/promo-codes`, { promo_codes: ['INPOST10'] })).status, 200);
    basket = await lastBasketAnswer(basketId);
    assert.deepEqual(basket.promo_codes.map((code: { promo_code_value: string }) => code.promo_code_value), ['INPOST10']);
    assert.equal(basket.summary.basket_final_price.gross, 53.99);
    assert.equal(basket.products[0].promo_price.gross, 53.99);
    assert.match((await browser.get('/basket')).text, /Usuń kod INPOST10/);

    // Removed in the shop: the basket is PUT to InPost at once.
    await browser.post('/cart/promo/remove', { code: 'INPOST10' });
    let seen = await sandboxBasket(basketId);
    assert.deepEqual(seen.promo_codes, []);
    assert.equal(seen.final_gross, 59.99);
    // A quantity changed in the shop too.
    await browser.post('/cart/quantity', { productId: 'kubek', quantity: '2' });
    seen = await sandboxBasket(basketId);
    assert.equal(seen.products[0].quantity, 2);
  });

  test('order: a declined payment, then a paid one; the thank-you page shows the order and its payment status', async () => {
    const { browser, basketId } = await boundShopper('600300305');
    const declined = await app(`/sandbox/baskets/${basketId}/order`, { delivery_type: 'COURIER', delivery_codes: ['COD'], payment_status: 'DECLINED' });
    assert.equal(declined.status, 200, declined.text);
    assert.equal(declined.json.callback_status, 200);
    const { order_id: orderId } = declined.json;
    const watch = (await browser.get('/api/izi/order-complete')).json;
    assert.deepEqual(watch, { action: 'redirect', redirect: '/thank-you' });
    let page = (await browser.get('/thank-you')).text;
    assert.match(page, new RegExp(`<strong id="order-id">${orderId}</strong>`));
    assert.match(page, /data-status="DECLINED">płatność odrzucona</);
    assert.match(page, /Razem z dostawą<\/th><td class="num">81,98 zł/, '59,99 + courier 16,99 + cash on delivery 5,00');

    const paid = await app(`/sandbox/baskets/${basketId}/order`, { payment_status: 'AUTHORIZED' });
    assert.equal(paid.json.payment_status, 'AUTHORIZED');
    assert.equal(paid.json.merchant_status, 'Opłacone, w realizacji');
    page = (await browser.get('/thank-you')).text;
    assert.match(page, /data-status="AUTHORIZED">opłacone</);
    // The shopper starts a new, empty basket.
    assert.match(page, /<span id="cart-count">0<\/span>/);
  });

  test('InPost accepted every answer the shop gave in these scenarios (status and the kit\'s schemas)', async () => {
    const { calls } = (await send(`${demo.sandboxUrl}/sandbox/state`)).json;
    assert.ok(calls.length >= 12, `${calls.length} calls`);
    const refused = calls.filter((call: { problems: string[] }) => call.problems.length > 0);
    assert.deepEqual(refused.map((call: { method: string; path: string; problems: string[] }) => `${call.method} ${call.path}: ${call.problems.join('; ')}`), []);
  });
});

describe('reference shop: an order for a basket the shop no longer knows', () => {
  const key = generateSigningKey();
  const merchantExternalId = 'MERCHANT-1';
  let shop: Shop;
  before(async () => {
    shop = await startShop({
      inpost: { clientId: 'x', clientSecret: 'y', baseUrl: 'http://127.0.0.1:9', tokenUrl: 'http://127.0.0.1:9/token' },
      signingKeys: { merchant_external_id: merchantExternalId, public_keys: [{ public_key_base64: key.publicKeyBase64, version: '1' }] },
    });
  });
  after(() => shop.close());

  const signed = (method: string, path: string, payload?: unknown) => {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const headers = signRequest({ body, merchantExternalId, keyVersion: '1', privateKey: key.privateKey, publicKey: key.publicKeyBase64 });
    return send(shop.url + path, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body || undefined });
  };

  test('is kept and answered 201, never lost (a restart forgot the basket)', async () => {
    const order = demoOrder('b-forgotten-1');
    const created = await signed('POST', '/inpost/v1/izi/order', order);
    assert.equal(created.status, 201, created.text);
    const orderId = created.json.order_details.order_id;
    assert.equal(created.json.order_details.basket_id, 'b-forgotten-1');
    assert.match(created.json.order_details.order_merchant_status_description, /Do sprawdzenia/);
    const read = await signed('GET', `/inpost/v1/izi/order/${orderId}`);
    assert.equal(read.status, 200);
    assert.equal(read.json.order_details.order_id, orderId);
    // The payment that follows finds the order.
    const event = await signed('POST', `/inpost/v1/izi/order/${orderId}/event`, {
      event_id: 'e-1',
      event_data_time: new Date().toISOString(),
      event_data: { payment_status: 'AUTHORIZED', payment_id: 'P-1' },
    });
    assert.equal(event.status, 200, event.text);
    // The same order sent again answers the first one.
    const again = await signed('POST', '/inpost/v1/izi/order', order);
    assert.equal(again.status, 201);
    assert.equal(again.json.order_details.order_id, orderId);
  });
});
