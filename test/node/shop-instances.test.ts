/**
 * The reference shop as two instances behind a load balancer, sharing a real redis-server
 * (`REDIS_URL` in the demo; `redisUrl` here): InPost Pay's calls (the sandbox) go to the instances
 * in turn, the shopper's page holds its order-watch connection on one of them. A signed call is
 * acted on once across instances; whatever lands on one instance reaches the page on the other
 * within the same 2 s; with one instance stopped, the other completes the flow and no order is lost
 * or created twice. The load balancer (`dev/load-balancer.ts`) is a few lines of Node that forward
 * each call to the next instance that accepts connections, as a round-robin balancer with health checks does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient } from 'redis';
import WebSocket from 'ws';
import { startLoadBalancer, type LoadBalancer } from '../../dev/load-balancer.js';
import { startRedisServer, type RedisServer } from '../../dev/redis-server.js';
import { startSandbox, type Sandbox } from '../../dev/sandbox/index.js';
import { startShop, type Shop } from '../../dev/shop/server.js';
import { generateSigningKey, signRequest, TOKEN_PATH } from '../../src/merchant/testing.js';
import { Browser, jsonInit, send, sleep, demoOrder } from './helpers.js';

const PUSH_BUDGET_MS = 2000;
const COOKIE_SECRET = 'the same secret on every instance';
const A = 0;
const B = 1;

/** What an open page hears next: long polls (`order-complete?since=`) or the order-watch WebSocket. */
async function openWatch(browser: Browser, method: 'long poll' | 'WebSocket') {
  type Heard = { message: { state?: { version: number; count: number; basket_linked: boolean; masked_phone_number: string | null }; action?: string; redirect?: string }; at: number };
  if (method === 'long poll') {
    return {
      next: async (since: number): Promise<Heard> => {
        const answer = await browser.get(`/api/izi/order-complete?since=${since}`);
        assert.equal(answer.status, 200, answer.text);
        return { message: answer.json, at: Date.now() };
      },
      close: () => undefined,
    };
  }
  const socket = new WebSocket(browser.baseUrl.replace('http', 'ws') + '/api/izi/order-socket', { headers: { cookie: browser.cookieHeader, origin: browser.baseUrl } });
  const queue: Heard[] = [];
  let wake: (() => void) | undefined;
  socket.on('message', (data) => {
    queue.push({ message: JSON.parse(String(data)), at: Date.now() });
    wake?.();
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return {
    next: async (since: number): Promise<Heard> => {
      for (;;) {
        const found = queue.find((item) => item.message.action || item.message.state?.version !== since);
        if (found) {
          queue.splice(0, queue.indexOf(found) + 1);
          return found;
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    close: () => socket.close(),
  };
}

describe('reference shop: two instances behind a load balancer, sharing Redis', () => {
  let redis: RedisServer;
  let sandbox: Sandbox;
  const shops: Shop[] = [];
  let balancer: LoadBalancer;
  let inspect: ReturnType<typeof createClient>;

  before(async () => {
    redis = await startRedisServer();
    const clientId = 'demo-shop';
    const clientSecret = 'demo-secret';
    sandbox = await startSandbox({ port: 0, host: '127.0.0.1', clientId, clientSecret });
    for (let i = 0; i < 2; i++) {
      shops.push(
        await startShop({
          inpost: { clientId, clientSecret, baseUrl: sandbox.url, tokenUrl: sandbox.url + TOKEN_PATH },
          cookieSecret: COOKIE_SECRET,
          redisUrl: redis.url,
          longPollMs: 10_000,
        }),
      );
    }
    balancer = await startLoadBalancer(shops.map((shop) => shop.url));
    sandbox.setMerchantApiUrl(`${balancer.url}/inpost`);
    inspect = createClient({ url: redis.url });
    await inspect.connect();
  });

  after(async () => {
    await inspect?.quit().catch(() => undefined);
    for (const shop of shops) await shop.close().catch(() => undefined);
    await balancer?.close();
    await sandbox?.close();
    await redis?.stop();
  });

  const app = (path: string, body: unknown = {}) => send(sandbox.url + path, jsonInit('POST', body));
  const lastCall = () => balancer.calls.at(-1)!;

  /** One shopper's browser, on either instance: one cookie jar for both, as behind one host name. */
  function shopper() {
    const cookies = new Map<string, string>();
    return { on: (instance: number) => Object.assign(new Browser(shops[instance]!.url), { cookies }) };
  }

  /** The app reads the basket (a harmless call) until InPost's next call goes to `instance`. */
  async function nextCallTo(instance: number, basketId: string) {
    if (balancer.next() !== instance) assert.equal((await app(`/sandbox/baskets/${basketId}/refresh`)).status, 200);
    assert.equal(balancer.next(), instance);
  }

  /**
   * A shopper whose basket (one mug) was filled on A, asked to bind on B, and confirmed in the app;
   * the `is-bound` long poll waits on the instance the confirmation does not land on.
   */
  async function boundShopper(phone: string) {
    const browser = shopper();
    assert.equal((await browser.on(A).post('/api/izi/add-to-cart', { productId: 'kubek' })).json.count, 1);
    const payData = await browser.on(B).post('/api/izi/pay-data', { prefix: '+48', phoneNumber: phone, bindingPlace: 'PRODUCT_CARD' });
    assert.equal(payData.status, 200, payData.text);
    const { requests } = (await send(sandbox.url + '/sandbox/binding-requests')).json;
    const request = requests.find((r: { phone_number?: { phone: string } }) => r.phone_number?.phone === phone);
    const confirmedOn = balancer.next();
    const waiting = browser.on(1 - confirmedOn).get('/api/izi/is-bound');
    await sleep(100);
    const accepted = await app(`/sandbox/binding-requests/${request.request_id}/accept`, {});
    assert.equal(accepted.json.callback_status, 200, JSON.stringify(accepted.json));
    const confirmation = lastCall();
    assert.equal(confirmation.instance, confirmedOn);
    assert.match(confirmation.path, /\/confirmation$/);
    const bound = await waiting;
    assert.deepEqual(bound.json, { status: 'SUCCESS', masked_phone_number: `${phone.slice(0, 2)}*****${phone.slice(-2)}`, count: 1 });
    return { browser, basketId: request.basket_id as string, confirmation };
  }

  test('the visitor lives in Redis: the widget API record found by basket, the cart in the shop data', async () => {
    const { basketId } = await boundShopper('600400401');
    const key = await inspect.get(`inpost-pay:widget:basket:${basketId}`);
    assert.ok(key, 'the basket index points to the visitor');
    const record = JSON.parse((await inspect.get(`inpost-pay:widget:v:${key}`))!);
    assert.equal(record.linked, true);
    assert.equal(record.masked, '60*****01');
    assert.equal(record.waiters, undefined, 'open pages stay with their instance');
    assert.deepEqual(JSON.parse((await inspect.get(`shop:cart:${basketId}`))!).lines, [{ productId: 'kubek', quantity: 1 }]);
  });

  test('a signed confirmation replayed to the other instance is not acted on again', async () => {
    const { browser, basketId, confirmation } = await boundShopper('600400402');
    // The app deletes the basket: unbound on both instances.
    assert.equal((await send(`${sandbox.url}/sandbox/baskets/${basketId}/binding`, { method: 'DELETE' })).status, 204);
    for (const instance of [A, B]) assert.equal((await browser.on(instance).get('/api/izi/order-complete')).json.state.basket_linked, false);

    // Someone who captured InPost's signed confirmation sends it again, to the instance that did not see it.
    const other = 1 - confirmation.instance;
    const replayed = await send(shops[other]!.url + confirmation.path, { method: 'POST', headers: confirmation.headers, body: confirmation.body });
    assert.equal(replayed.status, 401, replayed.text);
    assert.deepEqual(replayed.json, { error_code: 'INVALID_SIGNATURE', error_message: 'Signature refused: already used' });
    for (const instance of [A, B]) {
      const { state } = (await browser.on(instance).get('/api/izi/order-complete')).json;
      assert.equal(state.basket_linked, false, `instance ${instance} did not act on the replay`);
      assert.equal(state.masked_phone_number, undefined);
    }
  });

  for (const method of ['long poll', 'WebSocket'] as const) {
    test(`the page's ${method} on B hears a quantity changed in the app and an unlink, both received by A, within ${PUSH_BUDGET_MS} ms`, async () => {
      const { browser, basketId } = await boundShopper(method === 'long poll' ? '600400403' : '600400404');
      const { state } = (await browser.on(B).get('/api/izi/order-complete')).json;
      const watch = await openWatch(browser.on(B), method);
      try {
        await nextCallTo(A, basketId);
        const heard = watch.next(state.version);
        const sent = Date.now();
        assert.equal((await app(`/sandbox/baskets/${basketId}/quantity`, { product_id: 'kubek', quantity: 3 })).status, 200);
        assert.deepEqual([lastCall().instance, lastCall().path.endsWith('/event')], [A, true]);
        const quantity = await heard;
        assert.equal(quantity.message.state?.count, 3);
        assert.ok(quantity.at - sent < PUSH_BUDGET_MS, `count heard after ${quantity.at - sent} ms`);
        for (const instance of [A, B]) assert.match((await browser.on(instance).get('/basket')).text, /<span id="cart-count">3<\/span>/);

        await nextCallTo(A, basketId);
        const unlinkHeard = watch.next(quantity.message.state!.version);
        const unlinked = Date.now();
        assert.equal((await send(`${sandbox.url}/sandbox/baskets/${basketId}/binding`, { method: 'DELETE' })).status, 204);
        assert.deepEqual([lastCall().instance, lastCall().method], [A, 'DELETE']);
        const unlink = await unlinkHeard;
        assert.equal(unlink.message.state?.basket_linked, false);
        assert.equal(unlink.message.state?.masked_phone_number, undefined);
        assert.ok(unlink.at - unlinked < PUSH_BUDGET_MS, `unlink heard after ${unlink.at - unlinked} ms`);
      } finally {
        watch.close();
      }
    });

    test(`the page's ${method} on B reaches the thank-you page when InPost's order call lands on A, within ${PUSH_BUDGET_MS} ms`, async () => {
      const { browser, basketId } = await boundShopper(method === 'long poll' ? '600400405' : '600400406');
      const { state } = (await browser.on(B).get('/api/izi/order-complete')).json;
      const watch = await openWatch(browser.on(B), method);
      try {
        await nextCallTo(A, basketId);
        const heard = watch.next(state.version);
        const sent = Date.now();
        const paid = await app(`/sandbox/baskets/${basketId}/order`, { payment_status: 'AUTHORIZED' });
        assert.equal(paid.json.callback_status, 200, paid.text);
        const orderCall = balancer.calls.find((call) => call.method === 'POST' && call.path.endsWith('/v1/izi/order') && call.body.includes(basketId))!;
        assert.equal(orderCall.instance, A);
        assert.equal(orderCall.status, 201);
        const order = await heard;
        assert.deepEqual(order.message, { action: 'redirect', redirect: '/thank-you' });
        assert.ok(order.at - sent < PUSH_BUDGET_MS, `order heard after ${order.at - sent} ms`);
        // The payment event came to B, after the order on A: the shopper's pages on either show the payment.
        const paymentCall = balancer.calls.find((call) => call.path.endsWith(`/order/${paid.json.order_id}/event`))!;
        assert.equal(paymentCall.instance, B);
        for (const instance of [A, B]) {
          const page = (await browser.on(instance).get('/thank-you')).text;
          assert.match(page, new RegExp(`<strong id="order-id">${paid.json.order_id}</strong>`));
          assert.match(page, /data-status="AUTHORIZED">opłacone</);
          assert.equal((await browser.on(instance).get('/api/izi/order-complete')).json.state.payment_status, 'AUTHORIZED');
        }
      } finally {
        watch.close();
      }
    });
  }

  test('instance A stopped after the binding: the app change, the order and the thank-you page go through B; one order, kept', async () => {
    const { browser, basketId } = await boundShopper('600400407');
    const { state } = (await browser.on(B).get('/api/izi/order-complete')).json;
    await shops[A]!.close();
    const callsBefore = balancer.calls.length;

    const heard = browser.on(B).get(`/api/izi/order-complete?since=${state.version}`);
    assert.equal((await app(`/sandbox/baskets/${basketId}/quantity`, { product_id: 'kubek', quantity: 2 })).status, 200);
    assert.equal((await heard).json.state.count, 2);

    const redirect = browser.on(B).get(`/api/izi/order-complete?since=${(await browser.on(B).get('/api/izi/order-complete')).json.state.version}`);
    const paid = await app(`/sandbox/baskets/${basketId}/order`, { payment_status: 'AUTHORIZED' });
    assert.equal(paid.json.callback_status, 200, paid.text);
    assert.deepEqual((await redirect).json, { action: 'redirect', redirect: '/thank-you' });
    const page = (await browser.on(B).get('/thank-you')).text;
    assert.match(page, new RegExp(`<strong id="order-id">${paid.json.order_id}</strong>`));
    assert.match(page, /data-status="AUTHORIZED">opłacone</);

    const since = balancer.calls.slice(callsBefore);
    assert.ok(since.length >= 3 && since.every((call) => call.instance === B), 'every call after the stop went to B');
    // Exactly one order for the basket, the one InPost knows; every answer accepted by InPost.
    const orders: Array<{ orderId: string; basketId: string; paymentStatus: string }> = [];
    for (const key of await inspect.keys('shop:order:*')) orders.push(JSON.parse((await inspect.get(key))!));
    const forBasket = orders.filter((order) => order.basketId === basketId);
    assert.deepEqual(forBasket.map((order) => [order.orderId, order.paymentStatus]), [[paid.json.order_id, 'AUTHORIZED']]);
    const { calls } = (await send(`${sandbox.url}/sandbox/state`)).json;
    assert.deepEqual(calls.filter((call: { basket_id: string; problems: string[] }) => call.basket_id === basketId && call.problems.length > 0), []);
  });
});

describe('reference shop on two instances: the same order sent to both at once', () => {
  const key = generateSigningKey();
  const merchantExternalId = 'MERCHANT-1';
  let redis: RedisServer;
  const shops: Shop[] = [];

  before(async () => {
    redis = await startRedisServer();
    for (let i = 0; i < 2; i++) {
      shops.push(
        await startShop({
          inpost: { clientId: 'x', clientSecret: 'y', baseUrl: 'http://127.0.0.1:9', tokenUrl: 'http://127.0.0.1:9/token' },
          signingKeys: { merchant_external_id: merchantExternalId, public_keys: [{ public_key_base64: key.publicKeyBase64, version: '1' }] },
          cookieSecret: COOKIE_SECRET,
          redisUrl: redis.url,
        }),
      );
    }
  });
  after(async () => {
    for (const shop of shops) await shop.close().catch(() => undefined);
    await redis?.stop();
  });

  test('is created once (the basket is locked in Redis) and both answers carry the same order', async () => {
    const order = demoOrder('b-twice-1');
    const body = JSON.stringify(order);
    // Two sendings (a retry): each with its own signature, so the replay check lets both through.
    const post = (shop: Shop, timestamp: string) =>
      send(`${shop.url}/inpost/v1/izi/order`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signRequest({ body, merchantExternalId, keyVersion: '1', privateKey: key.privateKey, publicKey: key.publicKeyBase64, timestamp }) },
        body,
      });
    const now = Date.now();
    const answers = await Promise.all([post(shops[A]!, new Date(now).toISOString()), post(shops[B]!, new Date(now + 1).toISOString())]);
    assert.deepEqual(answers.map((answer) => answer.status), [201, 201], answers.map((answer) => answer.text).join('\n'));
    assert.equal(answers[0]!.json.order_details.order_id, answers[1]!.json.order_details.order_id);
  });
});
