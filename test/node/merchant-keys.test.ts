import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createMerchantApi, type MerchantApiHandler, type SigningKeys } from '../../src/merchant/index.js';
import { generateSigningKey, signRequest } from '../../src/merchant/testing.js';
import { prestashopBasket, shopWith } from './merchant-fixtures.js';

// Key fetches against a deliberately slow signing-keys endpoint: a local HTTP server that holds
// every answer after the first until the test releases it. What is asserted is ordering and
// counting (which request completed while a fetch was still held, how many fetches InPost got),
// never durations. The kit's clock is the test's, so "the fetch took 11 s" is a step of the test.

const KEY = generateSigningKey();
const FORGER = generateSigningKey();
const KEYS: SigningKeys = { merchant_external_id: 'MERCHANT-1', public_keys: [{ public_key_base64: KEY.publicKeyBase64, version: '1' }] };

type SlowKeysEndpoint = Awaited<ReturnType<typeof slowKeysEndpoint>>;

/** The slow endpoint, listening: counts fetches; the first is answered at once, later ones are held until `release()`. */
async function slowKeysEndpoint() {
  const held: ServerResponse[] = [];
  let fetches = 0;
  let open = false;
  let arrived: () => void = () => undefined;
  const server = createServer((_request, response) => {
    fetches++;
    if (fetches === 1 || open) response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(KEYS));
    else held.push(response);
    arrived();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/izi/signing-keys/public`,
    get fetches() {
      return fetches;
    },
    get held() {
      return held.length;
    },
    /** Resolves once the endpoint has received `count` fetches. */
    async until(count: number) {
      while (fetches < count) await new Promise<void>((resolve) => (arrived = resolve));
    },
    /** Answers the held fetches, and every later one at once. */
    release() {
      open = true;
      for (const response of held.splice(0)) response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(KEYS));
    },
    /** Answers what it holds and stops. */
    async close() {
      this.release();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('key fetches never stall InPost\'s calls (a slow signing-keys endpoint)', () => {
  let endpoint: SlowKeysEndpoint;
  before(async () => (endpoint = await slowKeysEndpoint()));
  after(() => endpoint.close());

  let clock = Date.parse('2026-01-15T10:00:00.000Z');
  const kit = (extra: { keyCacheSeconds?: number } = {}) =>
    createMerchantApi({
      shop: shopWith({ getBasket: () => prestashopBasket() }),
      client: { getSigningKeys: async () => (await fetch(endpoint.url())).json() as Promise<SigningKeys> },
      keyRefetchSeconds: 10,
      now: () => new Date(clock),
      onError: () => undefined,
      ...extra,
    });
  /** A GET signed now by the key (InPost's) or by an attacker naming `version`. */
  const call = (handler: MerchantApiHandler, version = '1', key = version === '1' ? KEY : FORGER) => {
    clock += 1; // each request its own timestamp: an identical one would be a replay
    const headers = signRequest({ body: '', merchantExternalId: 'MERCHANT-1', keyVersion: version, privateKey: key.privateKey, publicKey: key.publicKeyBase64, timestamp: new Date(clock).toISOString() });
    return handler(new Request('https://shop.example/v1/izi/basket/b-1', { headers: { ...headers } })).then((response) => response.status);
  };

  test('forged versions while the endpoint is slow: genuine calls complete meanwhile, one fetch at a time, the pause counts from the end of the fetch, the attacker gets 401s', { timeout: 60_000 }, async () => {
    const handler = kit();
    assert.equal(await call(handler), 200);
    assert.equal(endpoint.fetches, 1);

    // An unsigned-by-InPost request naming version 99 starts a fetch, which the endpoint holds.
    let forgedDone = false;
    const forged = call(handler, '99').then((status) => ((forgedDone = true), status));
    await endpoint.until(2);
    assert.equal(endpoint.held, 1);

    // InPost's genuine calls, with the cached key, complete while that fetch is still held.
    for (let i = 0; i < 3; i++) assert.equal(await call(handler), 200);
    assert.deepEqual([forgedDone, endpoint.held, endpoint.fetches], [false, 1, 2]);

    // More forged versions meanwhile wait for the fetch under way; they start no fetch of their own.
    const moreForged = [call(handler, '98'), call(handler, '97')];
    assert.equal(await call(handler), 200);
    assert.equal(endpoint.fetches, 2);

    // The fetch takes 11 s (longer than the 10 s pause), then ends without version 99.
    clock += 11_000;
    endpoint.release();
    assert.deepEqual(await Promise.all([forged, ...moreForged]), [401, 401, 401]);
    assert.equal(endpoint.fetches, 2);

    // The pause counts from the end of that fetch: a forged version right after it costs no fetch.
    assert.equal(await call(handler, '96'), 401);
    clock += 9_000;
    assert.equal(await call(handler, '95'), 401);
    assert.equal(endpoint.fetches, 2);
    // After the pause, one fetch, then a pause again.
    clock += 1_100;
    assert.equal(await call(handler, '94'), 401);
    assert.equal(await call(handler, '93'), 401);
    assert.equal(endpoint.fetches, 3);
    assert.equal(await call(handler), 200);
  });
});

describe('the cache time ends while the endpoint is slow', () => {
  let endpoint: SlowKeysEndpoint;
  before(async () => (endpoint = await slowKeysEndpoint()));
  after(() => endpoint.close());

  test('the refresh runs in the background: calls with the cached key complete while it is held, and only one refresh is made', { timeout: 60_000 }, async () => {
    let clock = Date.parse('2026-01-15T10:00:00.000Z');
    const handler = createMerchantApi({
      shop: shopWith({ getBasket: () => prestashopBasket() }),
      client: { getSigningKeys: async () => (await fetch(endpoint.url())).json() as Promise<SigningKeys> },
      keyCacheSeconds: 60,
      now: () => new Date(clock),
    });
    const call = () => {
      clock += 1;
      const headers = signRequest({ body: '', merchantExternalId: 'MERCHANT-1', keyVersion: '1', privateKey: KEY.privateKey, publicKey: KEY.publicKeyBase64, timestamp: new Date(clock).toISOString() });
      return handler(new Request('https://shop.example/v1/izi/basket/b-1', { headers: { ...headers } })).then((response) => response.status);
    };
    assert.equal(await call(), 200);
    clock += 61_000;
    assert.equal(await call(), 200);
    await endpoint.until(2);
    for (let i = 0; i < 3; i++) assert.equal(await call(), 200);
    assert.deepEqual([endpoint.fetches, endpoint.held], [2, 1]);
    endpoint.release();
  });
});
