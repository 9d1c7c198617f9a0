import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, test } from 'node:test';
import {
  InpostPayApiError,
  InpostPayClient,
  InpostPayResponseError,
  schemas,
  validate,
  type JsonSchema,
  type OrderEventOut,
} from '../../src/merchant/index.js';
import { TOKEN_PATH } from '../../src/merchant/testing.js';
import { magentoBasket, prestashopBasket } from './merchant-fixtures.js';
import { reply, scriptedServer } from './helpers.js';

// The client's calls of InPost Pay's API (paths, methods, status codes, answers as the API gives
// them) and its hardening, against a scripted InPost on loopback. What the client sends is
// checked against the same JSON Schemas the kit uses.

const FAST = { retryBaseDelayMs: 5, retryMaxDelayMs: 50 };

async function fakeInpost(api: (method: string, url: string, body: string) => { status: number; body?: unknown; raw?: string; headers?: Record<string, string> }) {
  const server = await scriptedServer((request, response) => {
    if (request.url === TOKEN_PATH) return reply(response, 200, { access_token: 'token-1', token_type: 'Bearer', expires_in: 3600 });
    const answer = api(request.method!, request.url!, request.body);
    if (answer.raw !== undefined) {
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.raw);
      return;
    }
    reply(response, answer.status, answer.body, answer.headers);
  });
  const client = new InpostPayClient({ clientId: 'shop', clientSecret: 'very-secret', baseUrl: server.url, tokenUrl: server.url + TOKEN_PATH, ...FAST });
  return { server, client, apiRequests: () => server.requests.filter((r) => r.url !== TOKEN_PATH) };
}

const assertValid = (schema: JsonSchema, value: unknown) => assert.equal(validate(schema, value), null, `${schema.title}: ${JSON.stringify(validate(schema, value))}`);

describe('InpostPayClient: the calls of the wire reference', () => {
  test('putBasket v2 and v1 (with browser_id), createBindingKey: paths, bodies valid against the schemas', async () => {
    const { server, client, apiRequests } = await fakeInpost((_method, url) =>
      url.endsWith('/binding') ? { status: 200, body: { basket_binding_api_key: 'key-1' } } : { status: 200, body: { inpost_basket_id: 'ib-1' } });
    try {
      assert.deepEqual(await client.putBasket('b-1', prestashopBasket(), { apiVersion: 'v2' }), { inpost_basket_id: 'ib-1' });
      await client.putBasket('b-1', { ...magentoBasket(), browser_id: 'browser-1' });
      assert.deepEqual(await client.createBindingKey('b-1'), { basket_binding_api_key: 'key-1' });
      const [v2, v1, key] = apiRequests();
      assert.deepEqual([v2!.method, v2!.url, v1!.method, v1!.url, key!.method, key!.url], ['PUT', '/v2/izi/basket/b-1', 'PUT', '/v1/izi/basket/b-1', 'PUT', '/v2/izi/basket/b-1/binding']);
      assertValid(schemas.basketSchema, JSON.parse(v2!.body));
      assertValid(schemas.basketUpdateV1Schema, JSON.parse(v1!.body));
      assert.equal(key!.body, '');
      assert.equal(v2!.headers['inpay-plugin-version'], 'inpost-pay-widget');
      await assert.rejects(client.putBasket('b-1', { ...prestashopBasket(), browser_id: 'x' }, { apiVersion: 'v2' }), /only in the v1 call/);
    } finally {
      await server.close();
    }
  });

  test('sendOrderEvent: 200 and 201 are both success; the body is valid OrderEventOut; STATUS_ORDER_ERROR is typed', async () => {
    let status = 201;
    const { server, client, apiRequests } = await fakeInpost(() => (status === 409 ? { status, body: { error_code: 'STATUS_ORDER_ERROR', error_message: 'no' } } : { status, body: {} }));
    const event: OrderEventOut = {
      event_id: 'OS_ORD-1_1736935200',
      event_data_time: '2025-01-15T10:00:00.000Z',
      event_data: { order_status: 'ORDER_COMPLETED', order_merchant_status_description: 'Wysłane', delivery_references_list: ['620000000000000000000000'] },
    };
    try {
      await client.sendOrderEvent('ORD-1', event);
      status = 200;
      await client.sendOrderEvent('ORD-1', { ...event, event_id: 1736935201 });
      status = 409;
      const error = await client.sendOrderEvent('ORD-1', event).catch((e: unknown) => e);
      assert.ok(error instanceof InpostPayApiError && error.errorCode === 'STATUS_ORDER_ERROR');
      const sent = apiRequests();
      assert.deepEqual(sent.map((r) => `${r.method} ${r.url}`), Array(3).fill('POST /v1/izi/order/ORD-1/event'));
      for (const request of sent) assertValid(schemas.orderEventOutSchema, JSON.parse(request.body));
    } finally {
      await server.close();
    }
  });

  test('signing keys (all and by version) and payment methods, answered as the API gives them', async () => {
    const { server, client } = await fakeInpost((_method, url) => {
      if (url === '/v1/izi/signing-keys/public') return { status: 200, body: { merchant_external_id: 'M-1', public_keys: [{ public_key_base64: 'QUJD', version: 1 }] } };
      if (url === '/v1/izi/signing-keys/public/1') return { status: 200, body: { merchant_external_id: 'M-1', public_key: { public_key_base64: 'QUJD', version: '1' } } };
      if (url === '/v1/izi/signing-keys/public/9') return { status: 404, body: { error_code: 'PUBLIC_KEY_NOT_FOUND', error_message: 'none' } };
      return { status: 200, body: { payment_type: ['CARD', 'BLIK_CODE'] } };
    });
    try {
      // A numeric version is read as the string x-public-key-ver carries.
      assert.deepEqual(await client.getSigningKeys(), { merchant_external_id: 'M-1', public_keys: [{ public_key_base64: 'QUJD', version: '1' }] });
      assert.deepEqual(await client.getSigningKey('1'), { merchant_external_id: 'M-1', public_key: { public_key_base64: 'QUJD', version: '1' } });
      assert.equal(((await client.getSigningKey('9').catch((e: unknown) => e)) as InpostPayApiError).errorCode, 'PUBLIC_KEY_NOT_FOUND');
      assert.deepEqual(await client.getPaymentMethods(), { payment_type: ['CARD', 'BLIK_CODE'] });
    } finally {
      await server.close();
    }
  });
});

describe('InpostPayClient: hardening', () => {
  test('an answer of the wrong shape is an InpostPayResponseError naming the field, with a bounded excerpt', async () => {
    const { server, client } = await fakeInpost(() => ({ status: 200, body: { merchant_external_id: 'M-1', public_keys: [{ public_key_base64: 'QUJD' }], padding: 'x'.repeat(5000) } }));
    try {
      const error = await client.getSigningKeys().catch((e: unknown) => e);
      assert.ok(error instanceof InpostPayResponseError);
      assert.equal(error.field, 'public_keys[0].version');
      assert.ok(error.bodyExcerpt.length <= 513);
    } finally {
      await server.close();
    }
  });

  test('a token that is not a bearer token (token_type other than bearer, in any case, or none) is refused before use', async () => {
    for (const [tokenType, accepted] of [['bearer', true], ['BEARER', true], ['mac', false], [undefined, false]] as const) {
      const server = await scriptedServer((request, response) => {
        if (request.url === TOKEN_PATH) return reply(response, 200, { access_token: 'token-1', token_type: tokenType, expires_in: 3600 });
        reply(response, 200, { payment_type: ['CARD'] });
      });
      try {
        const client = new InpostPayClient({ clientId: 'shop', clientSecret: 'very-secret', baseUrl: server.url, tokenUrl: server.url + TOKEN_PATH, ...FAST });
        const result = await client.getPaymentMethods().catch((e: unknown) => e);
        if (accepted) assert.deepEqual(result, { payment_type: ['CARD'] }, String(tokenType));
        else assert.ok(result instanceof InpostPayResponseError && result.field === 'token_type', `${tokenType}: ${String(result)}`);
        assert.equal(server.requests.filter((r) => r.url !== TOKEN_PATH).length, accepted ? 1 : 0);
      } finally {
        await server.close();
      }
    }
  });

  test('an answer over 1 MiB is refused while reading; an error body is kept only as an excerpt', async () => {
    const huge = JSON.stringify({ payment_type: ['CARD'], filler: 'x'.repeat(1100 * 1024) });
    let status = 200;
    const { server, client } = await fakeInpost(() => ({ status, raw: huge }));
    try {
      const tooBig = await client.getPaymentMethods().catch((e: unknown) => e);
      assert.ok(tooBig instanceof InpostPayResponseError && /larger than 1048576 bytes/.test(tooBig.message));
      status = 400;
      const big = JSON.stringify({ error_code: 'BAD_REQUEST', error_message: 'm'.repeat(2000) });
      server.requests.length = 0;
      const { server: second, client: secondClient } = await fakeInpost(() => ({ status: 400, raw: big }));
      try {
        const error = await secondClient.getPaymentMethods().catch((e: unknown) => e);
        assert.ok(error instanceof InpostPayApiError);
        assert.equal(error.errorCode, 'BAD_REQUEST');
        assert.ok(error.errorMessage.length <= 513 && typeof error.body === 'string' && error.body.length <= 513);
      } finally {
        await second.close();
      }
    } finally {
      await server.close();
    }
  });

  test('a token endpoint that redirects does not get the secret a second time; API redirects are not followed', async () => {
    const elsewhere = await scriptedServer((_request, response) => reply(response, 200, { access_token: 'stolen', expires_in: 3600 }));
    const redirecting = await scriptedServer((request, response) => {
      response.writeHead(307, { location: elsewhere.url + (request.url ?? '/') });
      response.end();
    });
    try {
      const client = new InpostPayClient({ clientId: 'shop', clientSecret: 'very-secret', baseUrl: redirecting.url, tokenUrl: redirecting.url + TOKEN_PATH, ...FAST });
      const error = await client.getPaymentMethods().catch((e: unknown) => e);
      assert.ok(error instanceof InpostPayApiError && error.errorCode === 'REDIRECT_REFUSED' && error.status === 307);
      assert.equal(redirecting.requests.length, 1);
      assert.equal(elsewhere.requests.length, 0);
    } finally {
      await elsewhere.close();
      await redirecting.close();
    }
  });

  test('https only, plain http only on loopback hosts', () => {
    const make = (baseUrl: string, tokenUrl = 'https://login.inpost.pl/token') => new InpostPayClient({ clientId: 'a', clientSecret: 'b', baseUrl, tokenUrl });
    assert.throws(() => make('http://api.inpost.pl'), /must be an https: URL/);
    assert.throws(() => make('https://api.inpost.pl', 'http://login.inpost.pl/token'), /tokenUrl must be an https: URL/);
    assert.throws(() => make('ftp://api.inpost.pl'), /must be an https: URL/);
    for (const url of ['https://api.inpost.pl', 'http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010']) make(url);
  });

  test('the secret and the token are not visible through util.inspect or JSON.stringify', async () => {
    const { server, client } = await fakeInpost(() => ({ status: 200, body: { payment_type: [] } }));
    try {
      await client.getPaymentMethods();
      for (const shown of [inspect(client, { showHidden: true, depth: 5 }), JSON.stringify(client), String(Object.values(client))]) {
        assert.doesNotMatch(shown, /very-secret|token-1/);
      }
      assert.match(inspect(client), /clientId: "shop"/);
    } finally {
      await server.close();
    }
  });
});
