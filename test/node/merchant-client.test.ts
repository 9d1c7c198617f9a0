import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  InpostPayApiError,
  InpostPayClient,
  InpostPayNetworkError,
  InpostPayTimeoutError,
} from '../../src/merchant/index.js';
import { TOKEN_PATH, parseRetryAfter } from '../../src/merchant/testing.js';
import { startSandbox, type Sandbox } from '../../dev/sandbox/index.js';
import { reply, sampleBasket, scriptedServer, sleep } from './helpers.js';

const FAST = { retryBaseDelayMs: 5, retryMaxDelayMs: 50 };

function clientFor(url: string, extra: Partial<ConstructorParameters<typeof InpostPayClient>[0]> = {}) {
  return new InpostPayClient({ clientId: 'demo-shop', clientSecret: 'demo-secret', baseUrl: url, tokenUrl: url + TOKEN_PATH, ...FAST, ...extra });
}

/** A fake InPost: token endpoint answers a token; API answers come from `api`. */
async function fakeInpost(api: (url: string, method: string, index: number) => { status: number; body?: unknown; headers?: Record<string, string>; hang?: boolean }) {
  let tokens = 0;
  let apiCalls = 0;
  const server = await scriptedServer((request, response) => {
    if (request.url === TOKEN_PATH) {
      tokens++;
      return reply(response, 200, { access_token: `token-${tokens}`, token_type: 'Bearer', expires_in: 3600 });
    }
    const answer = api(request.url!, request.method!, apiCalls++);
    if (answer.hang) return;
    reply(response, answer.status, answer.body, answer.headers);
  });
  return Object.assign(server, { tokenCount: () => tokens, apiCount: () => apiCalls });
}

describe('InpostPayClient against the sandbox', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({});
  });
  after(() => sandbox.close());

  test('PUT, GET, POST (DEEP_LINK and PHONE), DELETE use the real paths and status codes', async () => {
    const client = clientFor(sandbox.url);
    const put = await client.putBasket('basket-1', sampleBasket());
    assert.match(put.inpost_basket_id, /^[0-9a-f-]{36}$/);
    const status = await client.getBasketBinding('basket-1', 'browser-1');
    assert.deepEqual(status, { basket_linked: false, browser_trusted: false, inpost_basket_id: put.inpost_basket_id, client_details: null });
    const link = await client.createBinding('basket-1', { binding_method: 'DEEP_LINK', binding_place: 'PRODUCT_CARD', browser: { browser_id: 'browser-1' } });
    assert.match(link.deep_link, /^inpostsandbox:\/\/izilink\?basket_id=/);
    assert.ok(link.qr_code.length > 100);
    const phone = await client.createBinding('basket-1', {
      binding_method: 'PHONE',
      binding_place: 'BASKET_SUMMARY',
      phone_number: { country_prefix: '+48', phone: '600100200' },
      browser: { browser_id: 'browser-1' },
    });
    assert.equal(phone, undefined);
    const error = await client.deleteBasketBinding('basket-1').catch((e: unknown) => e);
    assert.ok(error instanceof InpostPayApiError);
    assert.equal(error.status, 409);
    assert.equal(error.errorCode, 'BASKET_NOT_BOUND');
    // The browser was never trusted (nobody accepted a binding): InPost has no binding of it.
    const browser = await client.deleteBrowserBinding('browser-1').catch((e: unknown) => e);
    assert.ok(browser instanceof InpostPayApiError);
    assert.equal(browser.status, 404);
    assert.equal(browser.errorCode, 'BROWSER_NOT_FOUND');
  });

  test('an unknown basket cannot be bound: typed BASKET_NOT_FOUND', async () => {
    const error = await clientFor(sandbox.url)
      .createBinding('nope', { binding_method: 'DEEP_LINK', binding_place: 'PRODUCT_CARD', browser: {} })
      .catch((e: unknown) => e);
    assert.ok(error instanceof InpostPayApiError);
    assert.equal(error.status, 404);
    assert.equal(error.errorCode, 'BASKET_NOT_FOUND');
    assert.equal(error.errorMessage, 'Basket not found');
  });

  test('wrong credentials become an InpostPayApiError with status 401', async () => {
    const error = await clientFor(sandbox.url, { clientSecret: 'wrong' }).getBasketBinding('x').catch((e: unknown) => e);
    assert.ok(error instanceof InpostPayApiError);
    assert.equal(error.status, 401);
    // The token endpoint answers as an OAuth2 server does: {error, error_description}.
    assert.equal(error.errorCode, 'invalid_client');
  });

  test('invalid ids are refused before any request', async () => {
    const client = clientFor(sandbox.url);
    await assert.rejects(client.getBasketBinding('../admin'), TypeError);
    await assert.rejects(client.deleteBrowserBinding('a b'), TypeError);
    await assert.rejects(client.putBasket('x'.repeat(65), sampleBasket()), TypeError);
  });

  test('a token expiring at the sandbox is renewed once on 401 and the call repeated', async () => {
    const shortLived = await startSandbox({ tokenTtlSeconds: 1 });
    try {
      // No refresh margin: the client keeps using the token until the sandbox refuses it.
      const client = clientFor(shortLived.url, { tokenRefreshMarginMs: 0 });
      await client.putBasket('b1', sampleBasket());
      await sleep(1100);
      const status = await client.getBasketBinding('b1');
      assert.equal(status.basket_linked, false);
    } finally {
      await shortLived.close();
    }
  });
});

describe('InpostPayClient token handling', () => {
  test('one token for concurrent and later calls, sent as a bearer token', async () => {
    const server = await fakeInpost(() => ({ status: 200, body: { basket_linked: false, browser_trusted: false } }));
    try {
      const client = clientFor(server.url);
      await Promise.all([client.getBasketBinding('a'), client.getBasketBinding('b'), client.getBasketBinding('c')]);
      await client.getBasketBinding('d');
      assert.equal(server.tokenCount(), 1);
      const tokenRequest = server.requests.find((r) => r.url === TOKEN_PATH)!;
      assert.equal(tokenRequest.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.deepEqual(Object.fromEntries(new URLSearchParams(tokenRequest.body)), {
        grant_type: 'client_credentials',
        client_id: 'demo-shop',
        client_secret: 'demo-secret',
      });
      const apiRequests = server.requests.filter((r) => r.url !== TOKEN_PATH);
      assert.equal(apiRequests.length, 4);
      for (const r of apiRequests) assert.equal(r.headers.authorization, 'Bearer token-1');
      assert.equal(apiRequests[3].url, '/v1/izi/basket/d/binding');
    } finally {
      await server.close();
    }
  });

  test('a 401 renews the token once and repeats the call once; a second 401 is thrown', async () => {
    const server = await fakeInpost((_url, _method, index) =>
      index === 0 ? { status: 401, body: { error_code: 'UNAUTHORIZED', error_message: 'expired' } } : { status: 200, body: { inpost_basket_id: 'x' } },
    );
    try {
      const client = clientFor(server.url);
      assert.deepEqual(await client.putBasket('b', sampleBasket()), { inpost_basket_id: 'x' });
      assert.equal(server.tokenCount(), 2);
      const apiRequests = server.requests.filter((r) => r.url !== TOKEN_PATH);
      assert.deepEqual(apiRequests.map((r) => r.headers.authorization), ['Bearer token-1', 'Bearer token-2']);
    } finally {
      await server.close();
    }
    const always401 = await fakeInpost(() => ({ status: 401, body: { error_code: 'UNAUTHORIZED', error_message: 'no' } }));
    try {
      const error = await clientFor(always401.url).getBasketBinding('b').catch((e: unknown) => e);
      assert.ok(error instanceof InpostPayApiError);
      assert.equal(error.status, 401);
      assert.equal(always401.apiCount(), 2);
      assert.equal(always401.tokenCount(), 2);
    } finally {
      await always401.close();
    }
  });

  test('a token close to expiry is renewed before use', async () => {
    let tokens = 0;
    let expiresIn = 20;
    let refused = 0;
    /** When each token stops working, by the server's clock: an expired one gets a 401. */
    const expiry = new Map<string, number>();
    const server = await scriptedServer((request, response) => {
      if (request.url === TOKEN_PATH) {
        const token = `t${++tokens}`;
        expiry.set(token, Date.now() + expiresIn * 1000);
        return reply(response, 200, { access_token: token, token_type: 'Bearer', expires_in: expiresIn });
      }
      const until = expiry.get(String(request.headers.authorization).replace(/^Bearer /, ''));
      if (until === undefined || Date.now() >= until) {
        refused++;
        return reply(response, 401, { error_code: 'UNAUTHORIZED', error_message: 'expired' });
      }
      reply(response, 200, { basket_linked: false, browser_trusted: false });
    });
    try {
      // expires_in 20 s with a 30 s margin: the margin is capped at half the lifetime (10 s), so it is reused...
      const client = clientFor(server.url);
      await client.getBasketBinding('a');
      await client.getBasketBinding('a');
      assert.equal(tokens, 1);
      // ...but after clearToken() a new one is fetched.
      client.clearToken();
      await client.getBasketBinding('a');
      assert.equal(tokens, 2);
      // A one-second token: the margin is capped at 500 ms, so once that has passed the client
      // fetches a new token before the call, while the old one would still work, and no 401 is seen.
      expiresIn = 1;
      client.clearToken();
      await client.getBasketBinding('a');
      assert.equal(tokens, 3);
      await sleep(600);
      await client.getBasketBinding('a');
      assert.equal(tokens, 4, 'a second token request before the call');
      assert.equal(refused, 0, 'no call was refused with 401');
      const apiRequests = server.requests.filter((r) => r.url !== TOKEN_PATH);
      assert.deepEqual(apiRequests.slice(-2).map((r) => r.headers.authorization), ['Bearer t3', 'Bearer t4']);
    } finally {
      await server.close();
    }
  });
});

describe('InpostPayClient timeouts and retries', () => {
  test('a hanging answer becomes InpostPayTimeoutError (POST is not retried)', async () => {
    // The first call answers, so the token is in hand before the POST hangs: on a loaded machine
    // the token request itself could otherwise be what times out.
    const server = await fakeInpost((_url, _method, index) => (index === 0 ? { status: 200, body: { payment_type: [] } } : { status: 200, hang: true }));
    try {
      const client = clientFor(server.url, { timeoutMs: 300 });
      await client.getPaymentMethods();
      const started = Date.now();
      const error = await client
        .createBinding('b', { binding_method: 'DEEP_LINK', binding_place: 'PRODUCT_CARD', browser: {} })
        .catch((e: unknown) => e);
      assert.ok(error instanceof InpostPayTimeoutError);
      assert.ok(error instanceof InpostPayNetworkError);
      assert.equal(error.timeoutMs, 300);
      assert.ok(Date.now() - started < 2000);
      assert.equal(server.apiCount(), 2);
    } finally {
      await server.close();
    }
  });

  test('GET is retried on 503 and 429 and honours Retry-After', async () => {
    const server = await fakeInpost((_url, _method, index) => {
      if (index === 0) return { status: 503, body: { error_code: 'UNAVAILABLE', error_message: 'busy' } };
      if (index === 1) return { status: 429, body: {}, headers: { 'retry-after': '1' } };
      return { status: 200, body: { basket_linked: true, browser_trusted: false } };
    });
    try {
      const started = Date.now();
      const client = clientFor(server.url, { retryMaxDelayMs: 2000 });
      const status = await client.getBasketBinding('b');
      assert.equal(status.basket_linked, true);
      assert.equal(server.apiCount(), 3);
      assert.ok(Date.now() - started >= 950, 'waited for Retry-After: 1');
    } finally {
      await server.close();
    }
  });

  test('Retry-After is capped by retryMaxDelayMs', async () => {
    const server = await fakeInpost((_url, _method, index) =>
      index === 0 ? { status: 429, body: {}, headers: { 'retry-after': '3600' } } : { status: 204 },
    );
    try {
      const started = Date.now();
      await clientFor(server.url, { retryMaxDelayMs: 100 }).deleteBrowserBinding('br');
      assert.ok(Date.now() - started < 1500);
      assert.equal(server.apiCount(), 2);
    } finally {
      await server.close();
    }
  });

  test('PUT and DELETE give up after the configured retries with the last error', async () => {
    const server = await fakeInpost(() => ({ status: 500, body: { error_code: 'INTERNAL', error_message: 'boom' } }));
    try {
      const client = clientFor(server.url, { retries: 2 });
      const error = await client.putBasket('b', sampleBasket()).catch((e: unknown) => e);
      assert.ok(error instanceof InpostPayApiError);
      assert.equal(error.status, 500);
      assert.equal(error.errorCode, 'INTERNAL');
      assert.equal(server.apiCount(), 3);
      await assert.rejects(client.deleteBasketBinding('b'), InpostPayApiError);
      assert.equal(server.apiCount(), 6);
    } finally {
      await server.close();
    }
  });

  test('POST is never retried on 5xx', async () => {
    const server = await fakeInpost(() => ({ status: 503, body: { error_code: 'UNAVAILABLE', error_message: 'busy' } }));
    try {
      const error = await clientFor(server.url)
        .createBinding('b', { binding_method: 'PHONE', binding_place: 'PRODUCT_CARD', phone_number: { country_prefix: '+48', phone: '600100200' }, browser: {} })
        .catch((e: unknown) => e);
      assert.ok(error instanceof InpostPayApiError);
      assert.equal(error.status, 503);
      assert.equal(server.apiCount(), 1);
    } finally {
      await server.close();
    }
  });

  test('network errors: GET retried until it succeeds; POST fails at once with InpostPayNetworkError', async () => {
    let apiCalls = 0;
    const server = await scriptedServer((request, response) => {
      if (request.url === TOKEN_PATH) return reply(response, 200, { access_token: 't', token_type: 'Bearer', expires_in: 3600 });
      apiCalls++;
      if (request.method === 'POST' || apiCalls <= 2) return void response.socket?.destroy();
      reply(response, 200, { basket_linked: false, browser_trusted: false });
    });
    try {
      const client = clientFor(server.url);
      const status = await client.getBasketBinding('b');
      assert.equal(status.basket_linked, false);
      assert.equal(apiCalls, 3);
      const error = await client
        .createBinding('b', { binding_method: 'DEEP_LINK', binding_place: 'PRODUCT_CARD', browser: {} })
        .catch((e: unknown) => e);
      assert.ok(error instanceof InpostPayNetworkError);
      assert.ok(!(error instanceof InpostPayTimeoutError));
      assert.equal(apiCalls, 4);
    } finally {
      await server.close();
    }
  });

  test('a refused connection is an InpostPayNetworkError', async () => {
    const server = await scriptedServer(() => undefined);
    const url = server.url;
    await server.close();
    const error = await clientFor(url, { retries: 1 }).getBasketBinding('b').catch((e: unknown) => e);
    assert.ok(error instanceof InpostPayNetworkError);
  });

  test('parseRetryAfter reads seconds and HTTP dates', () => {
    assert.equal(parseRetryAfter('2'), 2000);
    assert.equal(parseRetryAfter(null), null);
    assert.equal(parseRetryAfter('soon'), null);
    const inFiveSeconds = new Date(Date.now() + 5000).toUTCString();
    const ms = parseRetryAfter(inFiveSeconds)!;
    assert.ok(ms > 3000 && ms <= 5000, String(ms));
    assert.equal(parseRetryAfter(new Date(Date.now() - 60_000).toUTCString()), 0);
  });
});
