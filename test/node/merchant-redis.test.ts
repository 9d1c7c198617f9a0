import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { createMerchantApi, type SigningKeys } from '../../src/merchant/index.js';
import { redisReplayStore } from '../../src/merchant/redis.js';
import { generateSigningKey, signRequest } from '../../src/merchant/testing.js';
import { startRedisServer, type RedisServer } from '../../dev/redis-server.js';
import { CONFIRMATION_SUCCESS, prestashopBasket, shopWith } from './merchant-fixtures.js';
import { replayAttacks } from './merchant-replay-attacks.js';
import { merchantApiServer } from '../../docs/snippets/security/mount.js';

// The Redis replay store against a real redis-server (Debian's package; `.ci/run` installs it),
// through both common Node clients, node-redis and ioredis. No Redis, no pass: this test fails
// rather than skips when redis-server is missing.

describe('redisReplayStore against a real redis-server', () => {
  let redis: RedisServer;
  let nodeRedis: ReturnType<typeof createClient>;
  let ioredis: Redis;

  before(async () => {
    redis = await startRedisServer();
    nodeRedis = createClient({ url: redis.url });
    await nodeRedis.connect();
    ioredis = new Redis({ port: redis.port, host: '127.0.0.1', lazyConnect: true });
    await ioredis.connect();
  });

  after(async () => {
    await nodeRedis?.quit().catch(() => undefined);
    ioredis?.disconnect();
    await redis?.stop();
  });

  test('node-redis: claim sets a new key with its TTL in Redis and answers a known one; swap only from the expected value', async () => {
    const store = redisReplayStore(nodeRedis);
    assert.equal(await store.claim('sig-a', 'pending', 600), undefined);
    assert.equal(await store.claim('sig-a', 'other', 600), 'pending');
    const ttl = Number(await nodeRedis.sendCommand(['TTL', 'inpost-pay:replay:sig-a']));
    assert.ok(ttl > 590 && ttl <= 600, `TTL ${ttl}`);
    assert.equal(await store.swap('sig-a', 'wrong', 'done', 600), false);
    assert.equal(await store.swap('sig-a', 'pending', 'done', 600), true);
    assert.equal(await store.claim('sig-a', 'other', 600), 'done');
    assert.equal(await store.swap('sig-absent', 'pending', 'done', 600), false);
    assert.equal(await nodeRedis.sendCommand(['EXISTS', 'inpost-pay:replay:sig-absent']), 0);
  });

  test('ioredis sees what node-redis claimed: two instances share one memory', async () => {
    const first = redisReplayStore(nodeRedis);
    const second = redisReplayStore(ioredis);
    assert.equal(await first.claim('sig-b', '{"s":"pending"}', 600), undefined);
    assert.equal(await second.claim('sig-b', 'x', 600), '{"s":"pending"}');
    assert.equal(await second.swap('sig-b', '{"s":"pending"}', '{"s":"done"}', 600), true);
    assert.equal(await first.claim('sig-b', 'x', 600), '{"s":"done"}');
  });

  test('a key is forgotten after its TTL', async () => {
    const store = redisReplayStore(ioredis, { prefix: 'test:' });
    assert.equal(await store.claim('sig-c', 'v', 1), undefined);
    // Redis's own clock: wait until Redis reports the key gone (no sleep of a guessed length).
    while (Number(await ioredis.call('EXISTS', 'test:sig-c')) === 1) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await store.claim('sig-c', 'v', 1), undefined);
  });

  test('the same key raced from both clients at once: exactly one claim is new, exactly one swap wins (both atomic)', async () => {
    const stores = [redisReplayStore(nodeRedis), redisReplayStore(ioredis)];
    const claims = await Promise.all(Array.from({ length: 40 }, (_, i) => stores[i % 2]!.claim('sig-race', 'pending', 600)));
    assert.equal(claims.filter((held) => held === undefined).length, 1);
    const swaps = await Promise.all(Array.from({ length: 40 }, (_, i) => stores[i % 2]!.swap('sig-race', 'pending', `done-${i}`, 600)));
    assert.equal(swaps.filter(Boolean).length, 1);
  });

  test('two kit instances sharing Redis: a request replayed to the other instance gets the first answer, the shop acts once', async () => {
    const key = generateSigningKey();
    const keys: SigningKeys = { merchant_external_id: 'M-1', public_keys: [{ public_key_base64: key.publicKeyBase64, version: '1' }] };
    let confirmations = 0;
    const shop = shopWith({ confirmBinding: () => (confirmations++, prestashopBasket()) });
    const instanceA = createMerchantApi({ shop, signingKeys: keys, replayStore: redisReplayStore(nodeRedis), basePath: '/inpost' });
    const instanceB = createMerchantApi({ shop, signingKeys: keys, replayStore: redisReplayStore(ioredis), basePath: '/inpost' });
    const body = JSON.stringify(CONFIRMATION_SUCCESS);
    const headers = { 'content-type': 'application/json', ...signRequest({ body, merchantExternalId: 'M-1', keyVersion: '1', privateKey: key.privateKey, publicKey: key.publicKeyBase64 }) };
    const request = (basket = 'b-1') => new Request(`https://shop.example/inpost/v1/izi/basket/${basket}/confirmation`, { method: 'POST', headers, body });
    const first = await instanceA(request());
    const replay = await instanceB(request());
    assert.equal(first.status, 200);
    assert.deepEqual([replay.status, await replay.text()], [200, await first.text()]);
    const elsewhere = await instanceB(request('b-2'));
    assert.equal(elsewhere.status, 401);
    assert.equal(((await elsewhere.json()) as { error_message: string }).error_message, 'Signature refused: already used');
    assert.equal(confirmations, 1);
  });

  test('a client that is neither is refused at once', () => {
    assert.throws(() => redisReplayStore({} as never), /node-redis or ioredis/);
  });

  test('docs/security.md\'s mounting snippet runs as written: Node http at /inpost, the Redis replay store, a retry answered from Redis', async () => {
    const key = generateSigningKey();
    const keys: SigningKeys = { merchant_external_id: 'M-1', public_keys: [{ public_key_base64: key.publicKeyBase64, version: '1' }] };
    let confirmations = 0;
    const server = merchantApiServer(shopWith({ confirmBinding: () => (confirmations++, prestashopBasket()) }), { getSigningKeys: async () => keys }, nodeRedis);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const body = JSON.stringify(CONFIRMATION_SUCCESS);
      const sign = (timestamp = new Date().toISOString()) => ({ 'content-type': 'application/json', ...signRequest({ body, merchantExternalId: 'M-1', keyVersion: '1', privateKey: key.privateKey, publicKey: key.publicKeyBase64, timestamp }) });
      const headers = sign();
      const post = (path: string, signed = headers) => fetch(origin + path, { method: 'POST', headers: signed, body });
      const first = await post('/inpost/v1/izi/basket/b-1/confirmation');
      assert.equal(first.status, 200);
      const again = await post('/inpost/v1/izi/basket/b-1/confirmation');
      assert.deepEqual([again.status, await again.text()], [200, await first.text()]);
      assert.equal((await post('/other/v1/izi/basket/b-1/confirmation', sign(new Date(Date.now() - 1000).toISOString()))).status, 404);
      assert.equal(confirmations, 1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  // The attack suite of the memory store, on Redis: through node-redis, and through ioredis.
  replayAttacks('Redis (node-redis)', () => redisReplayStore(nodeRedis));
  replayAttacks('Redis (ioredis)', () => redisReplayStore(ioredis, { prefix: 'io:' }));
});
