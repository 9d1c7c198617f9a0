/**
 * The widget API on two instances sharing one Redis (redisWidgetStore, node-redis and ioredis):
 * a change InPost Pay sends to instance A reaches the page whose long poll or stream sits on
 * instance B; rate limits hold across instances; Redis gone means 503 at once, not a hang.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startRedisServer, type RedisServer } from '../../dev/redis-server.js';
import { redisWidgetStore } from '../../src/merchant/redis.js';
import { Browser, send, sleep } from './helpers.js';
import { startRig, testShop, type Rig } from './widget-api-fixtures.js';

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('widget API on two instances over Redis', () => {
  let redis: RedisServer;
  let nodeRedis: ReturnType<typeof createClient>;
  let nodeSubscriber: ReturnType<typeof createClient>;
  let io: Redis;
  let ioSubscriber: Redis;
  let a: Rig;
  let b: Rig;

  before(async () => {
    redis = await startRedisServer();
    nodeRedis = createClient({ url: redis.url });
    await nodeRedis.connect();
    nodeSubscriber = nodeRedis.duplicate();
    await nodeSubscriber.connect();
    io = new Redis({ port: redis.port, host: '127.0.0.1' });
    ioSubscriber = io.duplicate();
    // The last test stops Redis: the clients' reconnect errors are expected then.
    for (const client of [io, ioSubscriber]) client.on('error', () => undefined);
    for (const client of [nodeRedis, nodeSubscriber]) client.on('error', () => undefined);
    const shop = testShop();
    // Instance A on node-redis, B on ioredis: the same keys and channel.
    a = await startRig({ store: redisWidgetStore({ client: nodeRedis, subscriber: nodeSubscriber }), longPollMs: 10_000 }, undefined, shop);
    b = await startRig({ store: redisWidgetStore({ client: io, subscriber: ioSubscriber }), longPollMs: 10_000 }, a.sandbox, shop);
  });
  after(async () => {
    await b?.close();
    await a?.close();
    // Redis is stopped by the last test: close the connections without waiting for a reply.
    for (const client of [nodeSubscriber, nodeRedis]) client?.destroy();
    ioSubscriber?.disconnect();
    io?.disconnect();
    await redis?.stop();
  });

  test("InPost's confirmation arrives at A; the long poll held by B answers SUCCESS, and the order reaches B's stream", async () => {
    const browser = new Browser(b.url);
    assert.equal((await browser.post('/inpost-pay/add-to-cart', { productId: 'kubek' })).status, 200);
    assert.deepEqual((await browser.post('/inpost-pay/pay-data', { prefix: '+48', phoneNumber: '600777001', bindingPlace: 'PRODUCT_CARD' })).json, []);
    const waiting = browser.get('/inpost-pay/is-bound');
    await sleep(50);
    const { json: list } = await send(`${a.sandbox.url}/sandbox/binding-requests`);
    const request = list.requests.find((r: { phone_number?: { phone: string } }) => r.phone_number?.phone === '600777001');
    await send(`${a.sandbox.url}/sandbox/binding-requests/${request.request_id}/accept`, json({}));
    assert.equal((await waiting).json.status, 'SUCCESS');
    // The session is readable on A too (it moved with the rotation).
    const onA = new Browser(a.url);
    for (const [name, value] of browser.cookies) onA.cookies.set(name, value);
    assert.equal((await onA.get('/inpost-pay/order-complete')).json.state.basket_linked, true);

    const stream = await fetch(`${b.url}/inpost-pay/order-events`, { headers: { cookie: browser.cookieHeader } });
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('"state"')) text += (await reader.read()).value ?? '';
    const basketId = (await b.widgetApi.stateOf(new Request(`${b.url}/`, { headers: { cookie: browser.cookieHeader } })))!.basketId;
    assert.equal((await send(`${a.sandbox.url}/sandbox/baskets/${basketId}/order`, json({}))).status, 200);
    while (!text.includes('"redirect"')) text += (await reader.read()).value ?? '';
    await reader.cancel();
    assert.match(text, /data: \{"action":"redirect","redirect":"\/thank-you"\}/);
  });

  test('the per-session binding limit holds across instances', async () => {
    const onA = new Browser(a.url);
    await onA.post('/inpost-pay/add-to-cart', { productId: 'kubek' });
    const onB = new Browser(b.url);
    for (const [name, value] of onA.cookies) onB.cookies.set(name, value);
    for (let i = 0; i < 5; i++) {
      const browser = i % 2 === 0 ? onA : onB;
      assert.equal((await browser.post('/inpost-pay/pay-data', { bindingPlace: 'PRODUCT_CARD' })).status, 200);
    }
    const refused = await onB.post('/inpost-pay/pay-data', { bindingPlace: 'PRODUCT_CARD' });
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
  });

  test('Redis stopped: 503 SERVICE_UNAVAILABLE, not a hang', async () => {
    const browser = new Browser(b.url);
    await browser.post('/inpost-pay/add-to-cart', { productId: 'kubek' });
    await redis.stop();
    const answer = await browser.get('/inpost-pay/order-complete');
    assert.equal(answer.status, 503);
    assert.equal(answer.json.error_code, 'SERVICE_UNAVAILABLE');
  });
});
