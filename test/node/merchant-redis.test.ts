import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { createMerchantApi, type MerchantShop, type SigningKeys } from '../../src/merchant/index.js';
import { redisReplayStore } from '../../src/merchant/redis.js';
import { generateSigningKey, signRequest } from '../../src/merchant/testing.js';
import { startRedisServer, type RedisServer } from '../../dev/redis-server.js';
import { CONFIRMATION_SUCCESS, prestashopBasket } from './merchant-fixtures.js';

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

  test('node-redis: a new key is new, a known key is a replay, with the TTL set in Redis', async () => {
    const store = redisReplayStore(nodeRedis);
    assert.equal(await store.remember('sig-a', 600), false);
    assert.equal(await store.remember('sig-a', 600), true);
    const ttl = Number(await nodeRedis.sendCommand(['TTL', 'inpost-pay:replay:sig-a']));
    assert.ok(ttl > 590 && ttl <= 600, `TTL ${ttl}`);
  });

  test('ioredis sees what node-redis remembered: two instances share one memory', async () => {
    const first = redisReplayStore(nodeRedis);
    const second = redisReplayStore(ioredis);
    assert.equal(await first.remember('sig-b', 600), false);
    assert.equal(await second.remember('sig-b', 600), true);
  });

  test('a key is forgotten after its TTL', async () => {
    const store = redisReplayStore(ioredis, { prefix: 'test:' });
    assert.equal(await store.remember('sig-c', 1), false);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal(await store.remember('sig-c', 1), false);
  });

  test('the same key raced from both clients at once: exactly one is new (SET NX is atomic)', async () => {
    const stores = [redisReplayStore(nodeRedis), redisReplayStore(ioredis)];
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => stores[i % 2]!.remember('sig-race', 600)));
    assert.equal(results.filter((seen) => !seen).length, 1);
  });

  test('two kit instances sharing Redis: a request replayed to the other instance is refused, the shop acts once', async () => {
    const key = generateSigningKey();
    const keys: SigningKeys = { merchant_external_id: 'M-1', public_keys: [{ public_key_base64: key.publicKeyBase64, version: '1' }] };
    let confirmations = 0;
    const shop = {
      confirmBinding: () => (confirmations++, prestashopBasket()),
    } as unknown as MerchantShop;
    const instanceA = createMerchantApi({ shop, signingKeys: keys, replayStore: redisReplayStore(nodeRedis) });
    const instanceB = createMerchantApi({ shop, signingKeys: keys, replayStore: redisReplayStore(ioredis) });
    const body = JSON.stringify(CONFIRMATION_SUCCESS);
    const headers = { 'content-type': 'application/json', ...signRequest({ body, merchantExternalId: 'M-1', keyVersion: '1', privateKey: key.privateKey, publicKey: key.publicKeyBase64 }) };
    const request = () => new Request('https://shop.example/inpost/v1/izi/basket/b-1/confirmation', { method: 'POST', headers, body });
    const first = await instanceA(request());
    const replay = await instanceB(request());
    assert.equal(first.status, 200);
    assert.equal(replay.status, 401);
    assert.equal(((await replay.json()) as { error_message: string }).error_message, 'Signature refused: already used');
    assert.equal(confirmations, 1);
  });

  test('a client that is neither is refused at once', () => {
    assert.throws(() => redisReplayStore({} as never), /node-redis or ioredis/);
  });
});
