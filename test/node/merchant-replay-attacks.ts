/**
 * The replay attacks of issue 18 against `createMerchantApi`, as one suite run on each replay
 * store (memory in merchant-api.test.ts; Redis through node-redis and ioredis in
 * merchant-redis.test.ts). Each attack is the arrange step of its test: a captured signed request
 * sent again, respelled, to another path or method, retried after a 5xx, or raced.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createMerchantApi, MerchantApiError, type LegacyReplayStore, type MerchantApiHandler, type ReplayStore, type SigningKeys } from '../../src/merchant/index.js';
import { generateSigningKey, signRequest } from '../../src/merchant/testing.js';
import { ORDER_EVENT_IN, prestashopBasket, respellings, shopWith, signatureWithEveryLetter } from './merchant-fixtures.js';

const KEY = generateSigningKey();
const KEYS: SigningKeys = { merchant_external_id: 'MERCHANT-1', public_keys: [{ public_key_base64: KEY.publicKeyBase64, version: '1' }] };
const ORIGIN = 'https://shop.example/inpost';

/** Signed headers for `body`, at `timestamp` (default now), with a `+` and a `/` in the signature. */
export function signedHeaders(body: string, timestamp?: string): Record<string, string> {
  const at = timestamp ? Date.parse(timestamp) : Date.now();
  return signatureWithEveryLetter((attempt) =>
    signRequest({ body, merchantExternalId: 'MERCHANT-1', keyVersion: '1', privateKey: KEY.privateKey, publicKey: KEY.publicKeyBase64, timestamp: timestamp ?? new Date(at - attempt).toISOString() }),
  ) as unknown as Record<string, string>;
}

/** A shop that counts what it is asked, and whose adapter calls can be made to fail or wait. */
function countingShop() {
  const calls: string[] = [];
  const paid = new Set<string>();
  let failNext = 0;
  let gate: Promise<void> | undefined;
  const shop = shopWith({
    getBasket: (id) => (calls.push(`getBasket ${id}`), prestashopBasket()),
    deleteBinding: (id) => void calls.push(`deleteBinding ${id}`),
    confirmBinding: async (id) => {
      calls.push(`confirmBinding ${id}`);
      if (gate) await gate;
      if (failNext > 0) {
        failNext--;
        throw new Error('database hiccup');
      }
      return prestashopBasket();
    },
    applyOrderEvent: async (id, event) => {
      calls.push(`applyOrderEvent ${id}`);
      if (failNext > 0) {
        failNext--;
        throw new Error('database hiccup');
      }
      if (id === 'GONE') throw new MerchantApiError(404, 'ORDER_NOT_FOUND', 'No such order');
      if (event.event_data.payment_status === 'AUTHORIZED') paid.add(id);
      return { order_merchant_status_description: `Opłacone ${id}`, order_status: 'ORDER_COMPLETED' };
    },
  });
  return {
    shop,
    calls,
    paid,
    failTimes: (times: number) => void (failNext = times),
    hold: () => {
      let release!: () => void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

interface Sent {
  status: number;
  text: string;
  json: { error_code?: string; error_message?: string } & Record<string, unknown>;
  headers: Headers;
}

async function send(handler: MerchantApiHandler, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Sent> {
  const response = await handler(
    new Request(`${ORIGIN}${path}`, { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, body }),
  );
  const text = await response.text();
  return { status: response.status, text, json: text ? JSON.parse(text) : {}, headers: response.headers };
}

/**
 * The suite, on replay stores made by `makeStore` (a fresh store per test, or one shared store
 * whose keys the fresh signatures keep apart).
 */
export function replayAttacks(storeName: string, makeStore: () => ReplayStore | LegacyReplayStore) {
  describe(`replay attacks, ${storeName} replay store`, () => {
    const kit = () => {
      const state = countingShop();
      const errors: unknown[] = [];
      const handler = createMerchantApi({ shop: state.shop, signingKeys: KEYS, replayStore: makeStore(), basePath: '/inpost', onError: (error) => errors.push(error) });
      return { ...state, handler, errors };
    };

    test('a captured payment event resent respelled, or to another order: refused 401 every time, the shop marks one order paid once', async () => {
      const { handler, calls, paid } = kit();
      const body = JSON.stringify(ORDER_EVENT_IN);
      const headers = signedHeaders(body);
      const first = await send(handler, 'POST', '/v1/izi/order/CHEAP/event', headers, body);
      assert.equal(first.status, 200, first.text);
      for (const [name, signature] of respellings(headers['x-signature']!)) {
        for (const order of ['CHEAP', 'EXPENSIVE']) {
          const replay = await send(handler, 'POST', `/v1/izi/order/${order}/event`, { ...headers, 'x-signature': signature }, body);
          assert.deepEqual([replay.status, replay.json.error_code], [401, 'INVALID_SIGNATURE'], `${name} to ${order}`);
        }
      }
      // The exact signature to another order: the signature covers no path, the replay entry does.
      const otherOrder = await send(handler, 'POST', '/v1/izi/order/EXPENSIVE/event', headers, body);
      assert.deepEqual([otherOrder.status, otherOrder.json.error_message], [401, 'Signature refused: already used']);
      assert.deepEqual(calls, ['applyOrderEvent CHEAP']);
      assert.deepEqual([...paid], ['CHEAP']);
    });

    test('a GET\'s empty-body signature replayed as DELETE …/basket/{other}/binding (as is, and respelled): refused, nothing unbound', async () => {
      const { handler, calls } = kit();
      const headers = signedHeaders('');
      assert.equal((await send(handler, 'GET', '/v1/izi/basket/mine', headers)).status, 200);
      const signatures = [headers['x-signature']!, ...respellings(headers['x-signature']!).map(([, text]) => text)];
      for (const signature of signatures) {
        const unbind = await send(handler, 'DELETE', '/v1/izi/basket/someone-else/binding', { ...headers, 'x-signature': signature });
        assert.deepEqual([unbind.status, unbind.json.error_code], [401, 'INVALID_SIGNATURE'], signature);
      }
      assert.deepEqual(calls, ['getBasket mine']);
    });

    test('the same request again after it was answered: the stored answer (same status and body), the adapter not called again', async () => {
      const { handler, calls } = kit();
      const body = JSON.stringify(ORDER_EVENT_IN);
      const headers = signedHeaders(body);
      const first = await send(handler, 'POST', '/v1/izi/order/CHEAP/event', headers, body);
      const again = await send(handler, 'POST', '/v1/izi/order/CHEAP/event', headers, body);
      assert.deepEqual([again.status, again.text], [first.status, first.text]);
      assert.equal(first.status, 200);
      // A 4xx answer of the adapter is an answer too.
      const gone = signedHeaders(body, new Date(Date.now() - 1000).toISOString());
      const missing = await send(handler, 'POST', '/v1/izi/order/GONE/event', gone, body);
      const missingAgain = await send(handler, 'POST', '/v1/izi/order/GONE/event', gone, body);
      assert.deepEqual([missing.status, missingAgain.status, missingAgain.text], [404, 404, missing.text]);
      assert.deepEqual(calls, ['applyOrderEvent CHEAP', 'applyOrderEvent GONE']);
    });

    test('the adapter failed (5xx): InPost\'s retry with the same signature is handled afresh; once it succeeded, it is acted on once', async () => {
      const { handler, calls, paid, failTimes, errors } = kit();
      const body = JSON.stringify(ORDER_EVENT_IN);
      const headers = signedHeaders(body);
      failTimes(2);
      assert.equal((await send(handler, 'POST', '/v1/izi/order/CHEAP/event', headers, body)).status, 500);
      assert.equal((await send(handler, 'POST', '/v1/izi/order/CHEAP/event', headers, body)).status, 500);
      // A failed request's signature still belongs to its request: not to another order.
      const elsewhere = await send(handler, 'POST', '/v1/izi/order/EXPENSIVE/event', headers, body);
      assert.deepEqual([elsewhere.status, elsewhere.json.error_message], [401, 'Signature refused: already used']);
      const retried = await send(handler, 'POST', '/v1/izi/order/CHEAP/event', headers, body);
      assert.equal(retried.status, 200, retried.text);
      const afterSuccess = await send(handler, 'POST', '/v1/izi/order/CHEAP/event', headers, body);
      assert.deepEqual([afterSuccess.status, afterSuccess.text], [200, retried.text]);
      assert.deepEqual(calls, ['applyOrderEvent CHEAP', 'applyOrderEvent CHEAP', 'applyOrderEvent CHEAP']);
      assert.deepEqual([...paid], ['CHEAP']);
      assert.equal(errors.length, 2);
    });

    test('the same request again while the first is still being handled: 503 with Retry-After, the adapter runs once', async () => {
      const { handler, calls, hold } = kit();
      const body = JSON.stringify({ status: 'SUCCESS' });
      const headers = signedHeaders(body);
      const release = hold();
      const first = send(handler, 'POST', '/v1/izi/basket/b-1/confirmation', headers, body);
      // Wait until the adapter has been called (the first request holds its reservation).
      while (!calls.includes('confirmBinding b-1')) await new Promise((resolve) => setImmediate(resolve));
      const duplicate = await send(handler, 'POST', '/v1/izi/basket/b-1/confirmation', headers, body);
      assert.deepEqual([duplicate.status, duplicate.json.error_code, duplicate.headers.get('retry-after')], [503, 'SERVICE_UNAVAILABLE', '1']);
      release();
      assert.equal((await first).status, 200);
      assert.equal((await send(handler, 'POST', '/v1/izi/basket/b-1/confirmation', headers, body)).status, 200);
      assert.deepEqual(calls, ['confirmBinding b-1']);
    });

    test('two body-less calls signed in the same millisecond share one signature: the second is refused (what closes cross-path replay)', async () => {
      const { handler, calls } = kit();
      const timestamp = new Date().toISOString();
      const first = signRequest({ body: '', merchantExternalId: 'MERCHANT-1', keyVersion: '1', privateKey: KEY.privateKey, publicKey: KEY.publicKeyBase64, timestamp });
      const second = signRequest({ body: '', merchantExternalId: 'MERCHANT-1', keyVersion: '1', privateKey: KEY.privateKey, publicKey: KEY.publicKeyBase64, timestamp });
      assert.equal(first['x-signature'], second['x-signature']);
      assert.equal((await send(handler, 'GET', '/v1/izi/basket/b-1', { ...first })).status, 200);
      const other = await send(handler, 'GET', '/v1/izi/basket/b-2', { ...second });
      assert.deepEqual([other.status, other.json.error_message], [401, 'Signature refused: already used']);
      assert.deepEqual(calls, ['getBasket b-1']);
    });
  });
}
