import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  createMerchantApi,
  MerchantApiError,
  memoryReplayStore,
  toNodeListener,
  type Basket,
  type MerchantApiHandler,
  type MerchantApiOptions,
  type MerchantShop,
  type SigningKeys,
} from '../../src/merchant/index.js';
import { generateSigningKey, signRequest } from '../../src/merchant/testing.js';
import { replayAttacks } from './merchant-replay-attacks.js';
import {
  CONFIRMATION_SUCCESS,
  CREATE_ORDER,
  ORDER_EVENT_IN,
  orderOf,
  prestashopBasket,
  PROMO_EVENT,
  QUANTITY_EVENT,
  RELATED_EVENT,
} from './merchant-fixtures.js';

// The kit over real HTTP (Node's http server through toNodeListener), called the way InPost Pay
// calls a shop: signed with InPost's scheme, at the merchant API's paths under a shop's prefix.

const KEY = generateSigningKey();
const KEYS: SigningKeys = { merchant_external_id: 'MERCHANT-1', public_keys: [{ public_key_base64: KEY.publicKeyBase64, version: '1' }] };
const BASKET_ID = 'b8a6e3a2-1d0e-4c53-9c1a-0f0e6c2d7a11';

/** A shop that records what it was asked and answers from a small in-memory state. */
function recordingShop() {
  const calls: Array<[string, ...unknown[]]> = [];
  const baskets = new Map<string, Basket>([[BASKET_ID, prestashopBasket()]]);
  const orders = new Map<string, ReturnType<typeof orderOf>>();
  const shop: MerchantShop = {
    getBasket: (id) => (calls.push(['getBasket', id]), baskets.get(id)),
    confirmBinding: async (id, confirmation) => (calls.push(['confirmBinding', id, confirmation]), baskets.get(id)),
    applyBasketEvent: (id, event) => {
      calls.push(['applyBasketEvent', id, event]);
      const basket = baskets.get(id);
      if (basket && event.event_type === 'PROMO_CODES' && event.promo_codes_event_data.some((code) => code.promo_code_value === 'BAD')) {
        return { ...basket, summary: { ...basket.summary, basket_notice: { type: 'ERROR', description: 'Kod nie istnieje' } } };
      }
      return basket;
    },
    deleteBinding: (id) => void calls.push(['deleteBinding', id]),
    addProduct: (productId, request) => {
      calls.push(['addProduct', productId, request]);
      if (productId === 'sold-out') throw new MerchantApiError(409, 'OUT_OF_STOCK', 'Wyprzedane');
      if (productId === 'missing') return undefined;
      return { ...prestashopBasket(), basket_id: request.basket_id ?? 'new-basket' };
    },
    createOrder: (order) => {
      calls.push(['createOrder', order]);
      if (!baskets.has(order.order_details.basket_id)) return undefined;
      const created = orderOf(order);
      orders.set(created.order_details.order_id, created);
      return created;
    },
    getOrder: (id) => (calls.push(['getOrder', id]), orders.get(id)),
    applyOrderEvent: (id, event) => {
      calls.push(['applyOrderEvent', id, event]);
      return orders.has(id) ? { order_merchant_status_description: 'Opłacone', order_status: 'ORDER_COMPLETED' } : undefined;
    },
    getProducts: (query) => (calls.push(['getProducts', query]), { content: [], total_items: 0, page_index: query.page_index, page_size: query.page_size }),
  };
  return { shop, calls, baskets };
}

async function serve(handler: MerchantApiHandler): Promise<{ url: string; server: Server }> {
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/shop/inpost`, server };
}

interface CallOptions {
  body?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
  sign?: Partial<Parameters<typeof signRequest>[0]> | false;
}

async function call(base: string, method: string, path: string, options: CallOptions = {}) {
  const raw = options.raw ?? (options.body === undefined ? '' : JSON.stringify(options.body));
  const signature = options.sign === false
    ? {}
    : signRequest({ body: raw, merchantExternalId: 'MERCHANT-1', keyVersion: '1', privateKey: KEY.privateKey, publicKey: KEY.publicKeyBase64, ...options.sign });
  const response = await fetch(base + path, {
    method,
    headers: { ...(raw === '' ? {} : { 'content-type': options.contentType ?? 'application/json' }), ...signature, ...options.headers },
    body: raw === '' ? undefined : raw,
  });
  const text = await response.text();
  return { status: response.status, text, json: text === '' ? undefined : JSON.parse(text), headers: response.headers };
}

/** The kit over real HTTP for the tests of one describe block: a recording shop, its calls and onError reports cleared before each test. */
function mountKit(options: Partial<MerchantApiOptions> = {}) {
  const kit = { base: '', state: recordingShop(), errors: [] as unknown[] };
  let server: Server;
  before(async () => {
    ({ url: kit.base, server } = await serve(createMerchantApi({ shop: kit.state.shop, signingKeys: KEYS, basePath: '/shop/inpost', onError: (error) => kit.errors.push(error), ...options })));
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    kit.state.calls.length = 0;
    kit.errors.length = 0;
  });
  return kit;
}

describe('createMerchantApi: every endpoint InPost Pay calls', () => {
  const kit = mountKit();

  test('GET basket → 200 the basket; unknown → 404 BASKET_NOT_FOUND', async () => {
    const found = await call(kit.base, 'GET', `/v1/izi/basket/${BASKET_ID}`);
    assert.equal(found.status, 200);
    assert.deepEqual(found.json, prestashopBasket());
    assert.match(found.headers.get('content-type')!, /^application\/json/);
    const missing = await call(kit.base, 'GET', '/v1/izi/basket/nope');
    assert.deepEqual([missing.status, missing.json.error_code], [404, 'BASKET_NOT_FOUND']);
    assert.deepEqual(kit.state.calls, [['getBasket', BASKET_ID], ['getBasket', 'nope']]);
  });

  test('POST confirmation → the adapter gets the parsed confirmation, InPost gets the basket', async () => {
    const answer = await call(kit.base, 'POST', `/v1/izi/basket/${BASKET_ID}/confirmation`, { body: CONFIRMATION_SUCCESS });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, prestashopBasket());
    assert.deepEqual(kit.state.calls, [['confirmBinding', BASKET_ID, CONFIRMATION_SUCCESS]]);
    const reject = await call(kit.base, 'POST', `/v1/izi/basket/${BASKET_ID}/confirmation`, { body: { status: 'REJECT' } });
    assert.equal(reject.status, 200);
  });

  test('POST event: each event type with its own data array; a failed change is a notice in a 200', async () => {
    for (const event of [QUANTITY_EVENT, PROMO_EVENT, RELATED_EVENT]) {
      const answer = await call(kit.base, 'POST', `/v1/izi/basket/${BASKET_ID}/event`, { body: event });
      assert.equal(answer.status, 200, event.event_type);
    }
    assert.deepEqual(kit.state.calls.map(([, , event]) => (event as { event_type: string }).event_type), ['PRODUCTS_QUANTITY', 'PROMO_CODES', 'RELATED_PRODUCTS']);
    const bad = await call(kit.base, 'POST', `/v1/izi/basket/${BASKET_ID}/event`, { body: { ...PROMO_EVENT, event_id: 'ev-bad', promo_codes_event_data: [{ name: 'X', promo_code_value: 'BAD' }] } });
    assert.equal(bad.status, 200);
    assert.deepEqual(bad.json.summary.basket_notice, { type: 'ERROR', description: 'Kod nie istnieje' });
    // The data array must match the event type; a generic event_data is not InPost's shape.
    const generic = await call(kit.base, 'POST', `/v1/izi/basket/${BASKET_ID}/event`, { body: { event_id: 'g', event_data_time: '2025-01-15T10:00:00.000Z', event_type: 'PRODUCTS_QUANTITY', event_data: [] } });
    assert.deepEqual([generic.status, generic.json.error_code, generic.json.error_message], [400, 'MALFORMED_REQUEST', 'quantity_event_data is required']);
  });

  test('POST event: PROMO_CODES without its array, or with null, is the empty wanted set (remove every code), as the plugins read it', async () => {
    const { promo_codes_event_data: _codes, ...withoutCodes } = PROMO_EVENT;
    for (const [eventId, extra] of [['ev-none', {}], ['ev-null', { promo_codes_event_data: null }]] as const) {
      const answer = await call(kit.base, 'POST', `/v1/izi/basket/${BASKET_ID}/event`, { body: { ...withoutCodes, event_id: eventId, ...extra } });
      assert.equal(answer.status, 200, eventId);
    }
    assert.deepEqual(kit.state.calls.map(([, , event]) => (event as { promo_codes_event_data: unknown }).promo_codes_event_data), [[], []]);
  });

  test('null in InPost\'s bodies arrives at the adapter as an absent property, as the types say (`invoice_details?: InvoiceDetails`)', async () => {
    const withNulls = {
      ...CREATE_ORDER,
      order_details: { ...CREATE_ORDER.order_details, order_comments: null },
      invoice_details: null,
      delivery: { ...CREATE_ORDER.delivery, delivery_address: null, courier_note: null },
    };
    const created = await call(kit.base, 'POST', '/v1/izi/order', { body: withNulls });
    assert.equal(created.status, 201);
    const [, order] = kit.state.calls[0] as [string, typeof CREATE_ORDER];
    assert.deepEqual(
      ['order_comments' in order.order_details, 'invoice_details' in order, 'delivery_address' in order.delivery, 'courier_note' in order.delivery],
      [false, false, false, false],
    );
    const { invoice_details: _invoice, ...rest } = CREATE_ORDER;
    const { order_comments: _comments, ...details } = CREATE_ORDER.order_details;
    assert.deepEqual(order, { ...rest, order_details: details });
  });

  test('bodies with __proto__, constructor, toString keys reach the adapter without them, as plain objects', async () => {
    const raw = '{"status":"SUCCESS","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"toString":"boom","prototype":1,'
      + '"phone_number":{"country_prefix":"+48","phone":"600100200","__proto__":{"polluted":true},"hasOwnProperty":1}}';
    const answer = await call(kit.base, 'POST', `/v1/izi/basket/${BASKET_ID}/confirmation`, { raw });
    assert.equal(answer.status, 200, answer.text);
    const [, , received] = kit.state.calls[0] as [string, string, Record<string, unknown>];
    assert.deepEqual(received, { status: 'SUCCESS', phone_number: { country_prefix: '+48', phone: '600100200' } });
    for (const value of [received, received.phone_number as object]) {
      assert.equal(Object.getPrototypeOf(value), Object.prototype);
      for (const key of ['__proto__', 'constructor', 'toString', 'prototype', 'hasOwnProperty']) assert.equal(Object.hasOwn(value, key), false, key);
      // What an adapter might do with it: copy it, print it.
      assert.equal((Object.assign({}, value) as { polluted?: boolean }).polluted, undefined);
      assert.equal(typeof String(value), 'string');
    }
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
  });

  test('DELETE binding and its POST alias → 200, even for an unknown basket', async () => {
    const deleted = await call(kit.base, 'DELETE', `/v1/izi/basket/${BASKET_ID}/binding`);
    assert.deepEqual([deleted.status, deleted.text], [200, '']);
    const alias = await call(kit.base, 'POST', '/v1/izi/basket/unknown/binding/delete');
    assert.equal(alias.status, 200);
    assert.deepEqual(kit.state.calls, [['deleteBinding', BASKET_ID], ['deleteBinding', 'unknown']]);
  });

  test('POST product: new basket or existing; a basket without basket_id is the shop\'s bug; MerchantApiError passes through', async () => {
    const fresh = await call(kit.base, 'POST', '/v1/izi/basket/product/12-0', { body: { phone_number: { country_prefix: '+48', phone: '600100200' } } });
    assert.deepEqual([fresh.status, fresh.json.basket_id], [200, 'new-basket']);
    const existing = await call(kit.base, 'POST', '/v1/izi/basket/product/12-0', { body: { basket_id: BASKET_ID, phone_number: { country_prefix: '+48', phone: '600100200' } } });
    assert.equal(existing.json.basket_id, BASKET_ID);
    const soldOut = await call(kit.base, 'POST', '/v1/izi/basket/product/sold-out', { body: { basket_id: null } });
    assert.deepEqual([soldOut.status, soldOut.json], [409, { error_code: 'OUT_OF_STOCK', error_message: 'Wyprzedane' }]);
    const missing = await call(kit.base, 'POST', '/v1/izi/basket/product/missing', { body: {} });
    assert.deepEqual([missing.status, missing.json.error_code], [404, 'PRODUCT_NOT_FOUND']);
    // A product whose id is also a basket sub-path is still a product added.
    kit.state.calls.length = 0;
    assert.equal((await call(kit.base, 'POST', '/v1/izi/basket/product/event', { body: {} })).status, 200);
    assert.deepEqual(kit.state.calls, [['addProduct', 'event', {}]]);
  });

  test('POST order → 201 the order; unknown basket → 404; GET order; order event → 200 the shop\'s status', async () => {
    const created = await call(kit.base, 'POST', '/v1/izi/order', { body: CREATE_ORDER });
    assert.equal(created.status, 201);
    assert.equal(created.json.order_details.order_id, 'ORD-1');
    assert.deepEqual(kit.state.calls[0], ['createOrder', CREATE_ORDER]);
    const unknown = await call(kit.base, 'POST', '/v1/izi/order', { body: { ...CREATE_ORDER, order_details: { ...CREATE_ORDER.order_details, basket_id: 'gone' } } });
    assert.deepEqual([unknown.status, unknown.json.error_code], [404, 'BASKET_NOT_FOUND']);
    const read = await call(kit.base, 'GET', '/v1/izi/order/ORD-1');
    assert.deepEqual([read.status, read.json.order_details.order_id], [200, 'ORD-1']);
    assert.equal((await call(kit.base, 'GET', '/v1/izi/order/ORD-2')).json.error_code, 'ORDER_NOT_FOUND');
    const paid = await call(kit.base, 'POST', '/v1/izi/order/ORD-1/event', { body: ORDER_EVENT_IN });
    assert.deepEqual([paid.status, paid.json], [200, { order_merchant_status_description: 'Opłacone', order_status: 'ORDER_COMPLETED' }]);
    const otherOrder = await call(kit.base, 'POST', '/v1/izi/order/ORD-9/event', { body: { ...ORDER_EVENT_IN, event_id: 'pay-9' } });
    assert.deepEqual([otherOrder.status, otherOrder.json.error_code], [404, 'ORDER_NOT_FOUND']);
  });

  test('GET products: defaults 0/20, product_ids in every form the plugins send, bad numbers refused', async () => {
    await call(kit.base, 'GET', '/v1/izi/products');
    await call(kit.base, 'GET', '/v1/izi/products?page_index=2&page_size=5&product_ids=a,b');
    await call(kit.base, 'GET', '/v1/izi/products?product_ids[0]=a&product_ids[1]=b');
    assert.deepEqual(kit.state.calls.map(([, query]) => query), [
      { page_index: 0, page_size: 20 },
      { page_index: 2, page_size: 5, product_ids: ['a', 'b'] },
      { page_index: 0, page_size: 20, product_ids: ['a', 'b'] },
    ]);
    const bad = await call(kit.base, 'GET', '/v1/izi/products?page_size=-1');
    assert.deepEqual([bad.status, bad.json.error_code], [400, 'MALFORMED_REQUEST']);
  });

  test('unknown paths 404 NOT_FOUND, wrong methods 405, both as {error_code, error_message}', async () => {
    assert.deepEqual((await call(kit.base, 'GET', '/v1/izi/nothing')).json.error_code, 'NOT_FOUND');
    assert.deepEqual((await call(kit.base, 'GET', '/elsewhere')).status, 404);
    const wrong = await call(kit.base, 'PUT', `/v1/izi/basket/${BASKET_ID}`, { body: {} });
    assert.deepEqual([wrong.status, wrong.json.error_code], [405, 'METHOD_NOT_ALLOWED']);
  });
});

describe('createMerchantApi: order of checks and refusals', () => {
  const kit = mountKit({ maxBodyBytes: 64 * 1024 });

  test('no signature, a bad one, another merchant, an old one: 401 INVALID_SIGNATURE and the shop is not asked', async () => {
    const other = generateSigningKey();
    const cases: CallOptions[] = [
      { sign: false },
      { sign: { merchantExternalId: 'MERCHANT-2' } },
      { sign: { privateKey: other.privateKey } },
      { sign: { privateKey: other.privateKey, publicKey: other.publicKeyBase64 } },
      { sign: { keyVersion: '7' } },
      { sign: { timestamp: new Date(Date.now() - 300_000).toISOString() } },
    ];
    for (const options of cases) {
      const answer = await call(kit.base, 'POST', `/v1/izi/basket/${BASKET_ID}/confirmation`, { body: CONFIRMATION_SUCCESS, ...options });
      assert.deepEqual([answer.status, answer.json.error_code], [401, 'INVALID_SIGNATURE'], JSON.stringify(options.sign));
    }
    // A body changed after signing.
    const headers = signRequest({ body: JSON.stringify(CONFIRMATION_SUCCESS), merchantExternalId: 'MERCHANT-1', keyVersion: '1', privateKey: KEY.privateKey, publicKey: KEY.publicKeyBase64 }) as unknown as Record<string, string>;
    const tampered = await call(kit.base, 'POST', `/v1/izi/basket/${BASKET_ID}/confirmation`, { body: { ...CONFIRMATION_SUCCESS, status: 'REJECT' }, sign: false, headers });
    assert.equal(tampered.status, 401);
    assert.deepEqual(kit.state.calls, []);
  });

  test('the signature comes before the route: unsigned, an unknown path or a wrong method is 401 too, not 404 or 405', async () => {
    for (const [method, path] of [['GET', '/v1/izi/nothing'], ['GET', '/elsewhere'], ['PUT', `/v1/izi/basket/${BASKET_ID}`]] as const) {
      const answer = await call(kit.base, method, path, { sign: false });
      assert.deepEqual([answer.status, answer.json.error_code], [401, 'INVALID_SIGNATURE'], `${method} ${path}`);
    }
  });

  test('a replayed request gets the first answer, another path with its signature is refused, and the shop acts only once', async () => {
    const raw = JSON.stringify(CONFIRMATION_SUCCESS);
    const headers = signRequest({ body: raw, merchantExternalId: 'MERCHANT-1', keyVersion: '1', privateKey: KEY.privateKey, publicKey: KEY.publicKeyBase64 }) as unknown as Record<string, string>;
    const first = await call(kit.base, 'POST', `/v1/izi/basket/${BASKET_ID}/confirmation`, { raw, sign: false, headers });
    const again = await call(kit.base, 'POST', `/v1/izi/basket/${BASKET_ID}/confirmation`, { raw, sign: false, headers });
    assert.equal(first.status, 200);
    assert.deepEqual([again.status, again.text], [200, first.text]);
    const elsewhere = await call(kit.base, 'POST', '/v1/izi/basket/other/confirmation', { raw, sign: false, headers });
    assert.deepEqual([elsewhere.status, elsewhere.json.error_code, elsewhere.json.error_message], [401, 'INVALID_SIGNATURE', 'Signature refused: already used']);
    assert.equal(kit.state.calls.length, 1);
  });

  test('path ids are checked against the client\'s pattern (400 MALFORMED_REQUEST) before the shop sees them', async () => {
    const hostile = ['..%2F..%2Fadmin%2Fcarts', '%2E%2E%2F%2E%2E%2Fadmin%2Fcarts', '%00x%0D%0A', 'a%20b', 'b%C3%B3', 'x'.repeat(65), 'a.b'];
    for (const id of hostile) {
      for (const [method, path] of [['GET', `/v1/izi/basket/${id}`], ['DELETE', `/v1/izi/basket/${id}/binding`], ['GET', `/v1/izi/order/${id}`]] as const) {
        const answer = await call(kit.base, method, path);
        assert.deepEqual([answer.status, answer.json.error_code], [400, 'MALFORMED_REQUEST'], `${method} ${path}`);
      }
      const product = await call(kit.base, 'POST', `/v1/izi/basket/product/${id}`, { body: {} });
      assert.deepEqual([product.status, product.json.error_code], [400, 'MALFORMED_REQUEST'], `product ${id}`);
    }
    // Unencoded, `..` is resolved by URL parsing before the kit sees the path: it leaves /v1/izi/ and is unknown.
    const dots = await fetch(`${kit.base}/v1/izi/basket/../../admin/carts`, { headers: { ...signRequest({ body: '', merchantExternalId: 'MERCHANT-1', keyVersion: '1', privateKey: KEY.privateKey, publicKey: KEY.publicKeyBase64 }) } });
    assert.equal(dots.status, 404);
    assert.deepEqual(kit.state.calls, []);
  });

  test('routes are matched at the mount point only: /anything/v1/izi/… and a doubled prefix are 404, reported once to onError', async () => {
    const origin = kit.base.replace('/shop/inpost', '');
    for (const path of ['/anything/v1/izi/basket/b-1', '/shop/inpost/anything/v1/izi/basket/b-1', '/v1/izi/basket/b-1', '/shop/v1/izi/basket/b-1']) {
      const answer = await call(origin, 'GET', path);
      assert.deepEqual([answer.status, answer.json.error_code], [404, 'NOT_FOUND'], path);
    }
    assert.deepEqual(kit.state.calls, []);
    assert.equal(kit.errors.length, 1);
    assert.match(String(kit.errors[0]), /outside basePath "\/shop\/inpost"/);
  });

  test('JSON only (415), then valid JSON (400), then the shape, naming the field (400 MALFORMED_REQUEST)', async () => {
    const form = await call(kit.base, 'POST', `/v1/izi/basket/${BASKET_ID}/confirmation`, { raw: 'status=SUCCESS', contentType: 'application/x-www-form-urlencoded' });
    assert.deepEqual([form.status, form.json.error_code], [415, 'UNSUPPORTED_MEDIA_TYPE']);
    const broken = await call(kit.base, 'POST', `/v1/izi/basket/${BASKET_ID}/confirmation`, { raw: '{"status":' });
    assert.deepEqual([broken.status, broken.json.error_code], [400, 'MALFORMED_REQUEST']);
    const shapes: Array<[string, unknown, string]> = [
      ['/confirmation', { status: 'MAYBE' }, 'status must be one of "SUCCESS", "REJECT"'],
      ['/confirmation', [], 'The body must be object'],
      ['/event', { ...QUANTITY_EVENT, event_data_time: '15.01.2025 10:00' }, 'event_data_time must match'],
      ['/event', { ...QUANTITY_EVENT, quantity_event_data: [{ product_id: 'a', quantity: { quantity: -1 } }] }, 'quantity_event_data[0].quantity.quantity must be at least 0'],
      ['/event', { ...QUANTITY_EVENT, event_type: 'SOMETHING' }, 'event_type must be one of'],
      // A nullable object or a price that may be a string or a number: the message names what is wrong inside.
      ['/confirmation', { ...CONFIRMATION_SUCCESS, phone_number: { country_prefix: '+48', phone: 'sześćset' } }, 'phone_number.phone must match'],
      ['/confirmation', { ...CONFIRMATION_SUCCESS, masked_phone_number: 600 }, 'masked_phone_number must be string'],
    ];
    for (const [path, body, message] of shapes) {
      const answer = await call(kit.base, 'POST', `/v1/izi/basket/${BASKET_ID}${path}`, { body });
      assert.equal(answer.status, 400, message);
      assert.ok(answer.json.error_message.startsWith(message), `${answer.json.error_message} starts with ${message}`);
    }
    const order = await call(kit.base, 'POST', '/v1/izi/order', { body: { ...CREATE_ORDER, order_details: { ...CREATE_ORDER.order_details, basket_price: { net: '1,00', gross: 1, vat: 0 } } } });
    assert.deepEqual([order.status, order.json.error_message], [400, 'order_details.basket_price.net must match ^-?\\d{1,12}(\\.\\d{1,6})?$']);
    assert.deepEqual(kit.state.calls, []);
  });

  test('a body over the limit: 413, without reading it all', async () => {
    const big = JSON.stringify({ status: 'SUCCESS', name: 'x'.repeat(100 * 1024) });
    const answer = await call(kit.base, 'POST', `/v1/izi/basket/${BASKET_ID}/confirmation`, { raw: big });
    assert.deepEqual([answer.status, answer.json.error_code], [413, 'PAYLOAD_TOO_LARGE']);
  });

  test('an adapter that throws: 500 with no internals in the body, the error goes to onError', async () => {
    const { url, server: failing } = await serve(createMerchantApi({
      shop: { ...kit.state.shop, getBasket: () => { throw new Error('database password is hunter2'); } },
      signingKeys: KEYS,
      basePath: '/shop/inpost',
      onError: (error) => kit.errors.push(error),
    }));
    try {
      const answer = await call(url, 'GET', `/v1/izi/basket/${BASKET_ID}`);
      assert.deepEqual([answer.status, answer.json], [500, { error_code: 'INTERNAL_SERVER_ERROR', error_message: 'Internal server error' }]);
      assert.doesNotMatch(answer.text, /hunter2/);
      assert.match(String(kit.errors[0]), /hunter2/);
    } finally {
      await new Promise<void>((resolve) => failing.close(() => resolve()));
    }
  });

  test('an adapter answer of the wrong shape: 500, and onError names the field', async () => {
    const wrong = { ...prestashopBasket(), summary: { basket_base_price: { net: 1, gross: 1, vat: 0 }, currency_code: 'PLN' } } as unknown as Basket;
    const { url, server: failing } = await serve(createMerchantApi({ shop: { ...kit.state.shop, getBasket: () => wrong }, signingKeys: KEYS, basePath: '/shop/inpost', onError: (error) => kit.errors.push(error) }));
    try {
      const answer = await call(url, 'GET', `/v1/izi/basket/${BASKET_ID}`);
      assert.equal(answer.status, 500);
      assert.match(String(kit.errors[0]), /shop\.getBasket answered an invalid Basket: summary\.currency is required/);
    } finally {
      await new Promise<void>((resolve) => failing.close(() => resolve()));
    }
  });
});

describe('createMerchantApi: keys fetched from InPost', () => {
  test('fetched once, cached, fetched again once for an unknown version (rotation), not for every forged request', async () => {
    const second = generateSigningKey();
    let current: SigningKeys = KEYS;
    let fetches = 0;
    let clock = Date.parse('2025-01-15T10:00:00.000Z');
    const handler = createMerchantApi({
      shop: recordingShop().shop,
      client: { getSigningKeys: async () => (fetches++, current) },
      keyRefetchSeconds: 10,
      now: () => new Date(clock),
    });
    const request = (key: { privateKey: typeof KEY.privateKey; publicKeyBase64: string }, version: string) => {
      clock += 1; // each request its own timestamp: an identical one would be a replay
      const timestamp = new Date(clock).toISOString();
      const headers = signRequest({ body: '', merchantExternalId: 'MERCHANT-1', keyVersion: version, privateKey: key.privateKey, publicKey: key.publicKeyBase64, timestamp });
      return handler(new Request(`https://shop.example/v1/izi/basket/${BASKET_ID}`, { headers: { ...headers } }));
    };
    assert.equal((await request(KEY, '1')).status, 200);
    assert.equal((await request(KEY, '1')).status, 200);
    assert.equal(fetches, 1);
    // InPost rotates to version 2 a few seconds after the last fetch: the first request naming it
    // makes the kit fetch again at once, within the refetch interval.
    current = { merchant_external_id: 'MERCHANT-1', public_keys: [...KEYS.public_keys, { public_key_base64: second.publicKeyBase64, version: '2' }] };
    clock += 2_000;
    assert.equal((await request(second, '2')).status, 200);
    assert.equal(fetches, 2);
    // Forged versions: the first costs one fetch that finds nothing; the rest, within the refetch
    // interval, do not reach InPost.
    for (let i = 0; i < 5; i++) assert.equal((await request(second, `9${i}`)).status, 401);
    assert.equal(fetches, 3);
    // After the cache time, the keys are fetched again.
    clock += 3600_000;
    assert.equal((await request(KEY, '1')).status, 200);
    assert.equal(fetches, 4);
  });

  test('key source down after the cache time: the cached keys still answer, and InPost is asked again at most once per refetch interval', async () => {
    let fetches = 0;
    let down = false;
    let clock = Date.parse('2025-01-15T10:00:00.000Z');
    const errors: unknown[] = [];
    const handler = createMerchantApi({
      shop: recordingShop().shop,
      client: { getSigningKeys: async () => { fetches++; if (down) throw new Error('InPost unreachable'); return KEYS; } },
      keyCacheSeconds: 60,
      keyRefetchSeconds: 10,
      now: () => new Date(clock),
      onError: (error) => errors.push(error),
    });
    const request = () => {
      clock += 1;
      const headers = signRequest({ body: '', merchantExternalId: 'MERCHANT-1', keyVersion: '1', privateKey: KEY.privateKey, publicKey: KEY.publicKeyBase64, timestamp: new Date(clock).toISOString() });
      return handler(new Request(`https://shop.example/v1/izi/basket/${BASKET_ID}`, { headers: { ...headers } }));
    };
    assert.equal((await request()).status, 200);
    down = true;
    clock += 61_000;
    for (let i = 0; i < 5; i++) assert.equal((await request()).status, 200);
    assert.deepEqual([fetches, errors.length], [2, 1]);
    clock += 10_000;
    assert.equal((await request()).status, 200);
    assert.equal(fetches, 3);
    down = false;
    clock += 10_000;
    assert.equal((await request()).status, 200);
    assert.equal((await request()).status, 200);
    assert.equal(fetches, 4);
  });

  test('key source down and nothing cached: 503, so InPost tries again later', async () => {
    const errors: unknown[] = [];
    const handler = createMerchantApi({ shop: recordingShop().shop, client: { getSigningKeys: async () => { throw new Error('InPost unreachable'); } }, onError: (error) => errors.push(error) });
    const headers = signRequest({ body: '', merchantExternalId: 'MERCHANT-1', keyVersion: '1', privateKey: KEY.privateKey, publicKey: KEY.publicKeyBase64 });
    const response = await handler(new Request(`https://shop.example/v1/izi/basket/${BASKET_ID}`, { headers: { ...headers } }));
    assert.equal(response.status, 503);
    assert.equal(((await response.json()) as { error_code: string }).error_code, 'SERVICE_UNAVAILABLE');
    assert.equal(errors.length, 1);
  });

  test('options are checked at creation', () => {
    assert.throws(() => createMerchantApi({ shop: recordingShop().shop }), /signingKeys or options\.client/);
    assert.throws(() => createMerchantApi({ shop: recordingShop().shop, signingKeys: KEYS, basePath: '/inpost/' }), /basePath/);
  });

  test('an adapter missing a method is refused at creation, naming the method (not a 500 at the first call)', () => {
    const { confirmBinding: _missing, ...withoutConfirm } = recordingShop().shop;
    assert.throws(() => createMerchantApi({ shop: withoutConfirm as MerchantShop, signingKeys: KEYS }), (error: Error) => error instanceof TypeError && /options\.shop\.confirmBinding is missing/.test(error.message));
    assert.throws(() => createMerchantApi({ shop: { ...recordingShop().shop, getProducts: 'yes' } as unknown as MerchantShop, signingKeys: KEYS }), /options\.shop\.getProducts is not a function/);
  });

  test('signingKeys with a mistyped or missing field is refused at creation, naming it (not 401 UNKNOWN_KEY on every call)', () => {
    const key = KEYS.public_keys[0]!;
    const cases: Array<[unknown, RegExp]> = [
      [{ ...KEYS, public_keys: [{ public_key_base64: key.public_key_base64, key_version: '1' }] }, /options\.signingKeys\.public_keys\[0\]\.version is missing \(found key_version\)/],
      [{ ...KEYS, public_keys: [{ version: '1', public_key: key.public_key_base64 }] }, /public_keys\[0\]\.public_key_base64 is missing \(found public_key\)/],
      [{ merchantExternalId: 'MERCHANT-1', public_keys: KEYS.public_keys }, /options\.signingKeys\.merchant_external_id is missing/],
      [{ merchant_external_id: 'MERCHANT-1', keys: KEYS.public_keys }, /options\.signingKeys\.public_keys must be a non-empty array/],
      [{ merchant_external_id: 'MERCHANT-1', public_keys: [] }, /public_keys must be a non-empty array/],
      [{ ...KEYS, public_keys: [{ ...key, public_key_base64: 'bm90IGEga2V5' }] }, /public_key_base64 must be Base64 of an RSA public key/],
      [{ merchant_external_id: 'MERCHANT-1', public_key: { public_key_base64: key.public_key_base64 } }, /options\.signingKeys\.public_key\.version is missing/],
    ];
    for (const [signingKeys, message] of cases) {
      assert.throws(() => createMerchantApi({ shop: recordingShop().shop, signingKeys: signingKeys as SigningKeys }), message, String(message));
    }
    // The single-key answer of `/signing-keys/public/{version}` is fine, with a numeric version too.
    assert.doesNotThrow(() => createMerchantApi({ shop: recordingShop().shop, signingKeys: { merchant_external_id: 'M', public_key: { public_key_base64: key.public_key_base64, version: 2 } } as never }));
  });

  test('fetched signing keys of the wrong shape are a failed fetch (onError naming the field), not a key ring of nothing', async () => {
    const errors: unknown[] = [];
    const handler = createMerchantApi({
      shop: recordingShop().shop,
      client: { getSigningKeys: async () => ({ merchant_external_id: 'MERCHANT-1', public_keys: [{ public_key_base64: KEY.publicKeyBase64, key_version: '1' }] }) as never },
      onError: (error) => errors.push(error),
    });
    const headers = signRequest({ body: '', merchantExternalId: 'MERCHANT-1', keyVersion: '1', privateKey: KEY.privateKey, publicKey: KEY.publicKeyBase64 });
    const response = await handler(new Request(`https://shop.example/v1/izi/basket/${BASKET_ID}`, { headers: { ...headers } }));
    assert.equal(response.status, 503);
    assert.match(String(errors[0]), /public_keys\[0\]\.version is missing \(found key_version\)/);
  });

});

describe('memoryReplayStore', () => {
  test('claim sets a new key and answers a known one; swap only from the expected value; forgets after the TTL; stays within maxEntries', async () => {
    let now = 0;
    const store = memoryReplayStore({ maxEntries: 3, now: () => now });
    assert.equal(await store.claim('a', 'pending', 10), undefined);
    assert.equal(await store.claim('a', 'other', 10), 'pending');
    assert.equal(await store.swap('a', 'wrong', 'done', 10), false);
    assert.equal(await store.swap('a', 'pending', 'done', 10), true);
    assert.equal(await store.claim('a', 'other', 10), 'done');
    assert.equal(await store.swap('absent', 'pending', 'done', 10), false);
    now = 10_001;
    assert.equal(await store.claim('a', 'again', 10), undefined);
    for (const key of ['b', 'c', 'd']) await store.claim(key, 'x', 10);
    // 'a' was the oldest when the store was full.
    assert.equal(await store.claim('a', 'y', 10), undefined);
    assert.equal(await store.claim('d', 'y', 10), 'x');
  });

  test('a store of earlier versions (remember only) still works: every reuse refused, no retry after a 5xx', async () => {
    const seen = new Set<string>();
    let fail = true;
    const legacy = { remember: async (key: string) => (seen.has(key) ? true : (seen.add(key), false)) };
    const shop = { ...recordingShop().shop, getBasket: () => { if (fail) throw new Error('hiccup'); return prestashopBasket(); } };
    const handler = createMerchantApi({ shop, signingKeys: KEYS, replayStore: legacy, onError: () => undefined });
    const headers = signRequest({ body: '', merchantExternalId: 'MERCHANT-1', keyVersion: '1', privateKey: KEY.privateKey, publicKey: KEY.publicKeyBase64 });
    const get = () => handler(new Request(`https://shop.example/v1/izi/basket/${BASKET_ID}`, { headers: { ...headers } }));
    assert.equal((await get()).status, 500);
    fail = false;
    assert.equal((await get()).status, 401);
    assert.equal(seen.size, 1);
  });
});

replayAttacks('in-memory', () => memoryReplayStore());
