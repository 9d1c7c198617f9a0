/**
 * The published widget API (createInpostPay's widgetApi, over loopback HTTP against the local
 * sandbox) against its OpenAPI document: every operation, its success answers and its error answers
 * (400, 404, 409, 415, 429, 500, 503), the event stream, each exchange checked by the rig's
 * WidgetApiContract (server side, so the SSE events are checked as they stream). The test then
 * asserts which operation/status pairs were seen, so a route left out cannot pass unnoticed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Browser, send } from './helpers.js';
import { failingStore, startRig, testShop, type Rig } from './widget-api-fixtures.js';

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const quiet = { error: () => undefined, warn: () => undefined };

async function pendingRequest(rig: Rig, phone: string): Promise<string> {
  const { json: list } = await send(`${rig.sandbox.url}/sandbox/binding-requests`);
  const found = list.requests.filter((r: { phone_number?: { phone: string } }) => r.phone_number?.phone === phone).at(-1);
  assert.ok(found, `a binding request for ${phone}`);
  return found.request_id;
}

/** The first `count` events of the visitor's event stream (the stream is then closed). */
async function events(rig: Rig, browser: Browser, count: number): Promise<{ type: string | null; messages: any[] }> {
  const response = await fetch(`${rig.url}/inpost-pay/order-events`, { headers: { cookie: browser.cookieHeader } });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const messages: any[] = [];
  let buffer = '';
  while (messages.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const data = buffer.slice(0, end).split('\n').find((line) => line.startsWith('data: '));
      buffer = buffer.slice(end + 2);
      if (data) messages.push(JSON.parse(data.slice(6)));
    }
  }
  await reader.cancel();
  return { type: response.headers.get('content-type'), messages };
}

/** The operation/status pairs the rig's contract saw, as `operationId status` strings. */
const seen = (rig: Rig) => new Set(rig.contract.seen.keys());

describe('widget API against its OpenAPI document (openapi/widget-api.json)', () => {
  test('every operation, success and refusal, the event stream included', async () => {
    const rig = await startRig({ bindingLimits: { perSession: 2 } });
    try {
      const browser = new Browser(rig.url);
      // Refusals before anything else: not JSON (415), off the schema (400), unknown product (404).
      assert.equal((await browser.request('POST', '/inpost-pay/can-be-bound', undefined, { 'content-type': 'text/plain' })).status, 415);
      assert.equal((await browser.post('/inpost-pay/can-be-bound', { productId: 42 })).status, 400);
      assert.equal((await browser.post('/inpost-pay/add-to-cart', {})).status, 400);
      assert.equal((await browser.post('/inpost-pay/add-to-cart', { productId: 'nic' })).status, 404);
      assert.equal((await browser.post('/inpost-pay/can-be-bound', {})).json.canBeBound, false);
      assert.equal((await browser.post('/inpost-pay/can-be-bound', { productId: 'koszulka', details: { size: 'M' } })).status, 200);
      assert.equal((await browser.post('/inpost-pay/add-to-cart', { productId: 'kubek' })).json.count, 1);
      assert.equal((await browser.post('/inpost-pay/pay-data', { bindingPlace: 'NOWHERE' })).status, 400);

      // Binding: by QR, then by phone; the app rejects it once (409), then accepts.
      const qr = await browser.post('/inpost-pay/pay-data', { bindingPlace: 'PRODUCT_CARD', analytics: { gclid: 'Cj0KCQ-abc_123' } });
      assert.match(qr.json.qr_code, /^data:image\/png;base64,/);
      const phone = '600300400';
      assert.deepEqual((await browser.post('/inpost-pay/pay-data', { bindingPlace: 'PRODUCT_CARD', phoneNumber: phone })).json, []);
      const limited = await browser.post('/inpost-pay/pay-data', { bindingPlace: 'PRODUCT_CARD', phoneNumber: phone });
      assert.equal(limited.status, 429);
      assert.equal(limited.json.error_code, 'TOO_MANY_REQUESTS');
      assert.equal((await browser.get('/inpost-pay/is-bound')).json.status, 'PENDING');
      await send(`${rig.sandbox.url}/sandbox/binding-requests/${await pendingRequest(rig, phone)}/reject`, json({}));
      assert.equal((await browser.get('/inpost-pay/is-bound')).status, 409);

      // A second shopper binds and buys, watched by long poll and by the event stream.
      const buyer = new Browser(rig.url);
      await buyer.post('/inpost-pay/add-to-cart', { productId: 'kubek' });
      await buyer.post('/inpost-pay/pay-data', { bindingPlace: 'BASKET_SUMMARY', phoneNumber: '600300401' });
      await send(`${rig.sandbox.url}/sandbox/binding-requests/${await pendingRequest(rig, '600300401')}/accept`, json({}));
      const bound = await buyer.get('/inpost-pay/is-bound');
      assert.equal(bound.json.status, 'SUCCESS', bound.text);
      assert.match((await buyer.get('/inpost-pay/mobile-link')).json.link, /^inpostsandbox:\/\//);
      const first = await events(rig, buyer, 1);
      assert.match(first.type ?? '', /^text\/event-stream/);
      assert.equal(first.messages[0].state.basket_linked, true);
      const { state } = (await buyer.get('/inpost-pay/order-complete')).json;
      const basketId = (await rig.widgetApi.stateOf(new Request(`${rig.url}/`, { headers: { cookie: buyer.cookieHeader } })))!.basketId;
      const poll = buyer.get(`/inpost-pay/order-complete?since=${state.version}`);
      await send(`${rig.sandbox.url}/sandbox/baskets/${basketId}/quantity`, json({ product_id: 'kubek', quantity: 2 }));
      assert.deepEqual((await poll).json.state.changed, ['basket']);
      assert.equal((await send(`${rig.sandbox.url}/sandbox/baskets/${basketId}/order`, json({}))).status, 200);
      assert.equal((await buyer.get('/inpost-pay/order-complete')).json.action, 'redirect');
      assert.equal((await events(rig, buyer, 1)).messages[0].action, 'redirect');

      // Unbinding (the first shopper's basket was never bound: still 204).
      assert.equal((await browser.post('/inpost-pay/binding-delete', {})).status, 204);

      for (const pair of [
        'canBeBound 200', 'canBeBound 400', 'canBeBound 415',
        'addToCart 200', 'addToCart 400', 'addToCart 404',
        'payData 200', 'payData 400', 'payData 429',
        'isBound 200', 'isBound 409',
        'bindingDelete 204',
        'orderComplete 200', 'orderEvents 200', 'mobileLink 200',
      ]) {
        assert.ok(seen(rig).has(pair), `${pair} was exercised (seen: ${[...seen(rig)].join(', ')})`);
      }
    } finally {
      await rig.close(); // throws when any exchange broke the document
    }
  });

  test('500 and 503 answers are the document\'s errors too', async () => {
    const outage = failingStore();
    const { store } = outage;
    const shop = testShop().shop;
    const rig = await startRig({
      store,
      storeTimeoutMs: 300,
      logger: quiet,
      shop: {
        ...shop,
        addToCart(basketId, choice) {
          if (choice.productId === 'awaria') throw new Error('the shop database is gone');
          return shop.addToCart(basketId, choice);
        },
      },
    });
    try {
      const browser = new Browser(rig.url);
      await browser.post('/inpost-pay/add-to-cart', { productId: 'kubek' });
      const failed = await browser.post('/inpost-pay/add-to-cart', { productId: 'awaria' });
      assert.equal(failed.status, 500, failed.text);
      assert.doesNotMatch(failed.text, /database/, 'the cause stays in the log');
      outage.down = true;
      for (const path of ['/inpost-pay/order-complete', '/inpost-pay/is-bound', '/inpost-pay/order-events', '/inpost-pay/mobile-link']) {
        assert.equal((await browser.get(path)).status, 503, path);
      }
      assert.equal((await browser.post('/inpost-pay/pay-data', { bindingPlace: 'PRODUCT_CARD' })).status, 503);
      for (const pair of ['addToCart 500', 'orderComplete 503', 'isBound 503', 'orderEvents 503', 'mobileLink 503', 'payData 503']) {
        assert.ok(seen(rig).has(pair), `${pair} was exercised (seen: ${[...seen(rig)].join(', ')})`);
      }
    } finally {
      outage.down = false;
      await rig.close();
    }
  });
});
