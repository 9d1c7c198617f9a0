/** The client's `environment` option: the one switch between InPost Pay's sandbox and production. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InpostPayClient, type InpostPayClientOptions } from '../../src/merchant/index.js';

/** A client whose fetch answers a token and an empty binding status, recording every URL asked. */
function recordingClient(options: Partial<InpostPayClientOptions>) {
  const urls: string[] = [];
  const fetch = (async (input: string | URL | Request) => {
    const url = String(input instanceof Request ? input.url : input);
    urls.push(url);
    const body = /token$/.test(url)
      ? { access_token: 't', token_type: 'Bearer', expires_in: 3600 }
      : { basket_linked: false, browser_trusted: false };
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  const client = new InpostPayClient({ clientId: 'shop', clientSecret: 'secret', retries: 0, fetch, ...options });
  return { client, urls };
}

describe('InpostPayClient environment', () => {
  test("'sandbox' talks to InPost's sandbox API and login hosts", async () => {
    const { client, urls } = recordingClient({ environment: 'sandbox' });
    await client.getBasketBinding('basket-1');
    assert.deepEqual(urls, [
      'https://sandbox-login.inpost.pl/auth/realms/external/protocol/openid-connect/token',
      'https://sandbox-api.inpost.pl/v1/izi/basket/basket-1/binding',
    ]);
  });

  test("'production' (and no option at all) talks to production", async () => {
    for (const options of [{ environment: 'production' as const }, {}]) {
      const { client, urls } = recordingClient(options);
      await client.getBasketBinding('basket-1');
      assert.deepEqual(urls, [
        'https://login.inpost.pl/auth/realms/external/protocol/openid-connect/token',
        'https://api.inpost.pl/v1/izi/basket/basket-1/binding',
      ]);
    }
  });

  test('baseUrl and tokenUrl still override it (a local sandbox)', async () => {
    const { client, urls } = recordingClient({ environment: 'sandbox', baseUrl: 'http://127.0.0.1:9', tokenUrl: 'http://127.0.0.1:9/token' });
    await client.getBasketBinding('basket-1');
    assert.deepEqual(urls, ['http://127.0.0.1:9/token', 'http://127.0.0.1:9/v1/izi/basket/basket-1/binding']);
  });

  test('an unknown environment is refused at construction, not on the first call', () => {
    assert.throws(() => recordingClient({ environment: 'uat' as never }), /environment must be 'production' or 'sandbox', got "uat"/);
    assert.throws(() => recordingClient({ environment: 'toString' as never }), /environment must be/);
  });
});
