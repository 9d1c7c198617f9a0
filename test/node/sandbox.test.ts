/**
 * The sandbox as InPost Pay: the shop's calls answered at their real paths with §6's codes, and
 * InPost's own calls to a merchant API (a scripted one here, recording what it receives), signed
 * as INPOST-API.md §5 says. Signatures are checked with the merchant kit and, independently, with
 * the openssl CLI.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { verifySignedRequest } from '../../src/merchant/index.js';
import { TOKEN_PATH } from '../../src/merchant/testing.js';
import { startSandbox, type Sandbox } from '../../dev/sandbox/index.js';
import { jsonInit, reply, scriptedServer, send, sleep } from './helpers.js';

const PRICE = { net: '48.77', gross: '59.99', vat: '11.22' };

/** A basket as §4 says a shop sends it (strings for prices, as PrestaShop and WooCommerce do). */
function wireBasket(overrides: { quantity?: number; promo?: string[]; notice?: string } = {}) {
  const quantity = overrides.quantity ?? 2;
  const products = quantity === 0 ? [] : [{
    product_id: 'kubek',
    product_name: 'Kubek termiczny',
    base_price: PRICE,
    quantity: { quantity, quantity_type: 'INTEGER' },
  }];
  const total = (59.99 * quantity).toFixed(2);
  return {
    summary: {
      basket_base_price: { net: '0.00', gross: total, vat: '0.00' },
      basket_final_price: { net: '0.00', gross: total, vat: '0.00' },
      currency: 'PLN',
      payment_type: ['BLIK_CODE', 'CARD'],
      basket_additional_parameters: [{ key: 'cart_id', value: '42' }],
      ...(overrides.notice ? { basket_notice: { type: 'ERROR', description: overrides.notice } } : {}),
    },
    delivery: [
      { delivery_type: 'APM', delivery_date: '2026-12-01T12:00:00.000Z', delivery_price: { net: '9.75', gross: '11.99', vat: '2.24' }, free_delivery_minimum_gross_price: 200 },
      { delivery_type: 'COURIER', delivery_date: '2026-12-02T12:00:00.000Z', delivery_price: { net: '13.00', gross: '15.99', vat: '2.99' },
        delivery_options: [{ delivery_name: 'Płatność przy odbiorze', delivery_code_value: 'COD', delivery_option_price: { net: '4.07', gross: '5.00', vat: '0.93' } }] },
    ],
    products,
    consents: [
      { consent_id: 'terms', consent_link: 'https://shop.example/regulamin', consent_description: 'Akceptuję regulamin', consent_version: '1', requirement_type: 'REQUIRED_ALWAYS' },
      { consent_id: 'news', consent_link: 'https://shop.example/newsletter', consent_description: 'Newsletter', consent_version: '1', requirement_type: 'OPTIONAL' },
    ],
    promo_codes: (overrides.promo ?? []).map((code) => ({ name: code, promo_code_value: code })),
  };
}

function order(orderId: string, basketId: string) {
  return {
    order_details: {
      order_id: orderId, pos_id: 'POS-1', order_creation_date: new Date().toISOString(), basket_id: basketId,
      order_merchant_status_description: 'Oczekuje na płatność', payment_type: 'BLIK_CODE',
      order_base_price: PRICE, order_final_price: PRICE, currency: 'PLN', delivery_references_list: [],
    },
    account_info: { name: 'Anna', surname: 'Nowak', phone_number: { country_prefix: '+48', phone: '600100200' }, mail: 'a@example.com', client_address: { country_code: 'PL', address: 'ul. A 1', city: 'Warszawa', postal_code: '00-001' } },
    delivery: { delivery_type: 'APM', delivery_codes: [], delivery_point: 'WAW01M', delivery_date: '2026-12-01T12:00:00.000Z', delivery_options: [], delivery_price: PRICE },
    products: [],
    consents: [],
  };
}

type Recorded = { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: string };

describe('sandbox: InPost Pay as a shop meets it', () => {
  let sandbox: Sandbox;
  let merchant: Awaited<ReturnType<typeof scriptedServer>>;
  /** What the scripted merchant API answers next, per path pattern; default a valid basket. */
  let answer: (request: Recorded) => { status: number; body?: unknown };
  let token: string;

  const inpost = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init = jsonInit(method, body);
    init.headers = { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}`, ...headers };
    return send(sandbox.url + path, init);
  };
  const simulator = (method: string, path: string, body?: unknown) => send(sandbox.url + path, jsonInit(method, body));
  const calls = () => merchant.requests as Recorded[];
  const last = () => calls().at(-1)!;
  const keys = async () => (await inpost('GET', '/v1/izi/signing-keys/public')).json;
  /** Checks a recorded call's signature with the kit against the key the sandbox publishes for its version. */
  const verify = async (request: Recorded) => {
    const version = String(request.headers['x-public-key-ver']);
    const published = (await inpost('GET', `/v1/izi/signing-keys/public/${version}`)).json;
    return verifySignedRequest({ body: request.body, headers: request.headers, merchantExternalId: published.merchant_external_id, publicKey: published.public_key.public_key_base64 });
  };
  const stateOf = async (basketId: string) => (await simulator('GET', '/sandbox/state')).json.baskets.find((b: { basket_id: string }) => b.basket_id === basketId);

  /** A basket PUT and bound to `phone` through a phone binding request accepted in the app. */
  async function boundBasket(basketId: string, phone = '601234599') {
    assert.equal((await inpost('PUT', `/v1/izi/basket/${basketId}`, wireBasket())).status, 200);
    const created = await inpost('POST', `/v1/izi/basket/${basketId}/binding`, {
      binding_method: 'PHONE', binding_place: 'PRODUCT_CARD', phone_number: { country_prefix: '+48', phone }, browser: { user_agent: 'test' },
    });
    assert.equal(created.status, 202);
    const pending = (await simulator('GET', '/sandbox/binding-requests')).json.requests.find((r: { basket_id: string }) => r.basket_id === basketId);
    const accepted = await simulator('POST', `/sandbox/binding-requests/${pending.request_id}/accept`, { name: 'Anna', surname: 'Nowak' });
    assert.equal(accepted.status, 200, accepted.text);
    return accepted.json;
  }

  before(async () => {
    answer = () => ({ status: 200, body: wireBasket() });
    merchant = await scriptedServer((request, response) => {
      const { status, body } = answer(request as unknown as Recorded);
      reply(response, status, body);
    });
    sandbox = await startSandbox({ merchantApiUrl: merchant.url + '/inpost', merchantExternalId: 'MERCHANT-1' });
    const issued = await send(sandbox.url + TOKEN_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=demo-shop&client_secret=demo-secret',
    });
    token = issued.json.access_token;
  });
  after(async () => {
    await sandbox.close();
    await merchant.close();
  });

  test('the token endpoint answers as Keycloak does, and refuses wrong credentials', async () => {
    const issued = await send(sandbox.url + TOKEN_PATH, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=demo-shop&client_secret=demo-secret',
    });
    assert.equal(issued.status, 200);
    assert.match(issued.json.token_type, /^bearer$/i);
    assert.equal(typeof issued.json.expires_in, 'number');
    assert.ok('not-before-policy' in issued.json && 'refresh_expires_in' in issued.json && 'scope' in issued.json);
    const refused = await send(sandbox.url + TOKEN_PATH, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=demo-shop&client_secret=wrong',
    });
    assert.equal(refused.status, 401);
    assert.equal(refused.json.error, 'invalid_client');
    assert.equal((await send(sandbox.url + '/v1/izi/signing-keys/public')).status, 401);
  });

  test('signing keys are published with the merchant_external_id, one by version, 404 for an unknown one', async () => {
    const all = await keys();
    assert.equal(all.merchant_external_id, 'MERCHANT-1');
    assert.equal(all.public_keys.length, 1);
    assert.match(all.public_keys[0].public_key_base64, /^MII[A-Za-z0-9+/]+=*$/);
    const one = await inpost('GET', `/v1/izi/signing-keys/public/${all.public_keys[0].version}`);
    assert.deepEqual(one.json, { merchant_external_id: 'MERCHANT-1', public_key: all.public_keys[0] });
    const missing = await inpost('GET', '/v1/izi/signing-keys/public/999');
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error_code, 'PUBLIC_KEY_NOT_FOUND');
  });

  test('a basket PUT is checked against the Basket schema of §4', async () => {
    const { delivery: _dropped, ...withoutDelivery } = wireBasket();
    const refused = await inpost('PUT', '/v1/izi/basket/cart-bad', withoutDelivery);
    assert.equal(refused.status, 400);
    assert.match(refused.json.error_message, /delivery/);
    const accepted = await inpost('PUT', '/v1/izi/basket/cart-good', wireBasket());
    assert.equal(accepted.status, 200);
    assert.match(accepted.json.inpost_basket_id, /^[0-9a-f-]{36}$/);
    const unknownBrowser = await inpost('PUT', '/v1/izi/basket/cart-good', { ...wireBasket(), browser_id: 'nobody' });
    assert.equal(unknownBrowser.status, 404);
    assert.equal(unknownBrowser.json.error_code, 'BROWSER_NOT_FOUND');
  });

  test('accepting in the app posts a signed confirmation to <merchantApiUrl>/v1/izi/basket/{id}/confirmation', async () => {
    const before = calls().length;
    const accepted = await boundBasket('cart-a');
    assert.equal(accepted.callback_status, 200);
    assert.equal(calls().length, before + 1);
    const call = last();
    assert.equal(call.method, 'POST');
    assert.equal(call.url, '/inpost/v1/izi/basket/cart-a/confirmation');
    assert.equal(call.headers['content-type'], 'application/json');
    const body = JSON.parse(call.body);
    assert.equal(body.status, 'SUCCESS');
    assert.deepEqual(body.phone_number, { country_prefix: '+48', phone: '601234599' });
    assert.equal(body.masked_phone_number, '60*****99');
    assert.equal(body.browser.browser_trusted, true);
    assert.equal(typeof body.browser.browser_id, 'string');
    assert.equal(body.name, 'Anna');
    assert.match(String(call.headers['x-signature-timestamp']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(await verify(call), { ok: true });
    assert.deepEqual(await verify({ ...call, body: call.body.replace('SUCCESS', 'REJECT') }), { ok: false, problem: 'BAD_SIGNATURE' });
    // InPost's side: bound, and the trusted browser binds a later basket at once.
    const status = await inpost('GET', `/v1/izi/basket/cart-a/binding?browser_id=${body.browser.browser_id}`);
    assert.equal(status.json.basket_linked, true);
    assert.equal(status.json.browser_trusted, true);
    assert.equal(status.json.client_details.masked_phone_number, '60*****99');
    await inpost('PUT', '/v1/izi/basket/cart-a2', { ...wireBasket(), browser_id: body.browser.browser_id });
    assert.equal((await inpost('GET', '/v1/izi/basket/cart-a2/binding')).json.basket_linked, true);
    const again = await inpost('POST', '/v1/izi/basket/cart-a2/binding', { binding_method: 'DEEP_LINK', browser: {} });
    assert.equal(again.status, 409);
    assert.equal(again.json.error_code, 'BASKET_IS_BINDED');
  });

  test('openssl verifies the signature independently (RSA PKCS#1 v1.5 over the Base64 text of §5)', async () => {
    const call = last();
    const version = String(call.headers['x-public-key-ver']);
    const { public_key: key, merchant_external_id: merchantId } = (await inpost('GET', `/v1/izi/signing-keys/public/${version}`)).json;
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-sig-'));
    try {
      const digest = execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: call.body }).toString('base64');
      const signed = Buffer.from(`${digest},${merchantId},${version},${call.headers['x-signature-timestamp']}`).toString('base64');
      writeFileSync(join(dir, 'key.pem'), `-----BEGIN PUBLIC KEY-----\n${key.public_key_base64}\n-----END PUBLIC KEY-----\n`);
      writeFileSync(join(dir, 'data'), signed);
      writeFileSync(join(dir, 'sig'), Buffer.from(String(call.headers['x-signature']), 'base64'));
      const out = execFileSync('openssl', ['dgst', '-sha256', '-verify', join(dir, 'key.pem'), '-signature', join(dir, 'sig'), join(dir, 'data')]).toString();
      assert.match(out, /Verified OK/);
      const hash = execFileSync('openssl', ['dgst', '-sha256', '-hex'], { input: key.public_key_base64 }).toString().trim().split(' ').at(-1);
      assert.equal(call.headers['x-public-key-hash'], hash);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a confirmation answered wrongly is refused: no binding, the problem in /sandbox/state', async () => {
    await inpost('PUT', '/v1/izi/basket/cart-w', wireBasket());
    await inpost('POST', '/v1/izi/basket/cart-w/binding', { binding_method: 'PHONE', phone_number: { country_prefix: '+48', phone: '601000001' }, browser: {} });
    const pending = (await simulator('GET', '/sandbox/binding-requests')).json.requests.find((r: { basket_id: string }) => r.basket_id === 'cart-w');
    answer = () => ({ status: 200, body: { ...wireBasket(), summary: { basket_base_price: PRICE } } });
    try {
      const refused = await simulator('POST', `/sandbox/binding-requests/${pending.request_id}/accept`, {});
      assert.equal(refused.status, 502);
      assert.equal(refused.json.error_code, 'MERCHANT_ANSWER_REFUSED');
    } finally {
      answer = () => ({ status: 200, body: wireBasket() });
    }
    const state = await stateOf('cart-w');
    assert.equal(state.linked, false);
    assert.match(state.problem, /summary.*currency/);
    const recorded = (await simulator('GET', '/sandbox/state')).json.calls.at(-1);
    assert.equal(recorded.path, '/v1/izi/basket/cart-w/confirmation');
    assert.ok(recorded.problems.length > 0);
  });

  test('quantity and promo code changes in the app are basket events; the shop\'s basket and notice are shown', async () => {
    await boundBasket('cart-e');
    answer = () => ({ status: 200, body: wireBasket({ quantity: 3 }) });
    const changed = await simulator('POST', '/sandbox/baskets/cart-e/quantity', { product_id: 'kubek', quantity: 3 });
    assert.equal(changed.status, 200, changed.text);
    let event = JSON.parse(last().body);
    assert.equal(last().url, '/inpost/v1/izi/basket/cart-e/event');
    assert.equal(event.event_type, 'PRODUCTS_QUANTITY');
    assert.deepEqual(event.quantity_event_data, [{ product_id: 'kubek', quantity: { quantity: 3 } }]);
    assert.equal(typeof event.event_id, 'string');
    assert.match(event.event_data_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(event.phone_number, { country_prefix: '+48', phone: '601234599' });
    assert.equal('event_data' in event, false);
    assert.equal(changed.json.products[0].quantity, 3);
    assert.equal(changed.json.final_gross, 179.97);

    answer = () => ({ status: 200, body: wireBasket({ quantity: 3, promo: ['INPOST10'] }) });
    const promo = await simulator('POST', '/sandbox/baskets/cart-e/promo-codes', { promo_codes: ['INPOST10'] });
    event = JSON.parse(last().body);
    assert.equal(event.event_type, 'PROMO_CODES');
    assert.deepEqual(event.promo_codes_event_data, [{ name: 'INPOST10', promo_code_value: 'INPOST10' }]);
    assert.deepEqual(promo.json.promo_codes, [{ name: 'INPOST10', value: 'INPOST10' }]);

    // A refused code: 200 with the basket and a notice (§3 #3); the full wanted set is sent.
    answer = () => ({ status: 200, body: wireBasket({ quantity: 3, promo: ['INPOST10'], notice: 'Kod BAD nie istnieje' }) });
    const refused = await simulator('POST', '/sandbox/baskets/cart-e/promo-codes', { promo_codes: ['INPOST10', 'BAD'] });
    assert.deepEqual(JSON.parse(last().body).promo_codes_event_data.map((c: { promo_code_value: string }) => c.promo_code_value), ['INPOST10', 'BAD']);
    assert.deepEqual(refused.json.notice, { type: 'ERROR', description: 'Kod BAD nie istnieje' });
    answer = () => ({ status: 200, body: wireBasket() });

    const bad = await simulator('POST', '/sandbox/baskets/cart-e/quantity', { product_id: 'kubek', quantity: 1.5 });
    assert.equal(bad.status, 400);

    // A related product the shop offers, added in the app.
    const related = { product_id: 'plecak', product_name: 'Plecak', base_price: PRICE, quantity: { quantity: 1, quantity_type: 'INTEGER' } };
    answer = () => ({ status: 200, body: { ...wireBasket({ quantity: 3 }), related_products: [related] } });
    await simulator('POST', '/sandbox/baskets/cart-e/refresh', {});
    const added = await simulator('POST', '/sandbox/baskets/cart-e/related', { product_id: 'plecak' });
    assert.equal(added.status, 200, added.text);
    event = JSON.parse(last().body);
    assert.equal(event.event_type, 'RELATED_PRODUCTS');
    assert.deepEqual(event.related_products_event_data, [{ product_id: 'plecak', quantity: { quantity: 1 } }]);
    assert.equal((await simulator('POST', '/sandbox/baskets/cart-e/related', { product_id: 'nope' })).json.error_code, 'PRODUCT_NOT_FOUND');
    answer = () => ({ status: 200, body: wireBasket() });
  });

  test('deleting the basket in the app unbinds it, then calls DELETE …/binding with an empty signed body', async () => {
    await boundBasket('cart-d');
    const deleted = await simulator('DELETE', '/sandbox/baskets/cart-d/binding');
    assert.equal(deleted.status, 204);
    const call = last();
    assert.equal(call.method, 'DELETE');
    assert.equal(call.url, '/inpost/v1/izi/basket/cart-d/binding');
    assert.equal(call.body, '');
    assert.deepEqual(await verify(call), { ok: true });
    assert.equal((await inpost('GET', '/v1/izi/basket/cart-d/binding')).json.basket_linked, false);
    const notBound = await inpost('DELETE', '/v1/izi/basket/cart-d/binding');
    assert.equal(notBound.status, 409);
    assert.equal(notBound.json.error_code, 'BASKET_NOT_BOUND');
  });

  test('ordering creates the order (201 expected) and sends the payment event; declined, then paid', async () => {
    await boundBasket('cart-o');
    answer = (request) => request.url === '/inpost/v1/izi/order'
      ? { status: 201, body: order('SHOP-1', 'cart-o') }
      : request.method === 'GET'
        ? { status: 200, body: order('SHOP-1', 'cart-o') }
        : { status: 200, body: { order_merchant_status_description: 'Opłacone' } };
    try {
      const missingConsent = await simulator('POST', '/sandbox/baskets/cart-o/order', { consents: { terms: false } });
      assert.equal(missingConsent.status, 409);
      assert.equal(missingConsent.json.error_code, 'CONSENT_REQUIRED');

      const declined = await simulator('POST', '/sandbox/baskets/cart-o/order', {
        delivery_type: 'COURIER', delivery_codes: ['COD'], payment_type: 'CARD', payment_status: 'DECLINED', consents: { terms: true, news: false },
      });
      assert.equal(declined.status, 200, declined.text);
      assert.equal(declined.json.order_id, 'SHOP-1');
      assert.equal(declined.json.payment_status, 'DECLINED');
      const [create, payment] = calls().slice(-2);
      assert.equal(create!.url, '/inpost/v1/izi/order');
      const created = JSON.parse(create!.body);
      assert.equal(created.order_details.basket_id, 'cart-o');
      assert.equal(created.order_details.currency, 'PLN');
      // 2 × 59.99 + courier 15.99 + COD 5.00
      assert.equal(created.order_details.basket_price.gross, 140.97);
      assert.equal(created.order_details.payment_type, 'CARD');
      assert.deepEqual(created.order_details.basket_additional_parameters, [{ key: 'cart_id', value: '42' }]);
      assert.equal(created.delivery.delivery_type, 'COURIER');
      assert.deepEqual(created.delivery.delivery_codes, ['COD']);
      assert.equal(created.delivery.delivery_address.city, 'Warszawa');
      assert.deepEqual(created.consents, [
        { consent_id: 'terms', consent_version: '1', is_accepted: true },
        { consent_id: 'news', consent_version: '1', is_accepted: false },
      ]);
      assert.equal(created.account_info.phone_number.phone, '601234599');
      assert.equal(payment!.url, '/inpost/v1/izi/order/SHOP-1/event');
      assert.equal(JSON.parse(payment!.body).event_data.payment_status, 'DECLINED');
      assert.deepEqual(await verify(payment!), { ok: true });

      const before = calls().length;
      const paid = await simulator('POST', '/sandbox/baskets/cart-o/order', { payment_status: 'AUTHORIZED' });
      assert.equal(paid.json.payment_status, 'AUTHORIZED');
      assert.equal(calls().length, before + 1, 'only the payment event is sent again');
      const event = JSON.parse(last().body);
      assert.equal(event.event_data.payment_status, 'AUTHORIZED');
      assert.equal(event.event_data.payment_type, 'CARD');
      assert.match(event.event_data.payment_id, /^PAY-/);
      const state = await stateOf('cart-o');
      assert.equal(state.order.merchant_status, 'Opłacone');
      // The app reads the order again from the shop (§3 #7).
      const refreshed = await simulator('POST', '/sandbox/baskets/cart-o/order/refresh', {});
      assert.equal(refreshed.status, 200, refreshed.text);
      assert.equal(last().method, 'GET');
      assert.equal(last().url, '/inpost/v1/izi/order/SHOP-1');
      assert.equal(last().body, '');
      assert.equal((await simulator('POST', '/sandbox/baskets/cart-o/order', {})).json.error_code, 'ORDER_EXISTS');
    } finally {
      answer = () => ({ status: 200, body: wireBasket() });
    }

    // The shop's own order events (§2 H): 201, unknown order 404, a closed order takes no other status.
    const event = (status: string) => ({ event_id: `OS_SHOP-1_${Date.now()}`, event_data_time: new Date().toISOString(), event_data: { order_status: status, order_merchant_status_description: 'Wysłane', delivery_references_list: ['6200123'] } });
    const accepted = await inpost('POST', '/v1/izi/order/SHOP-1/event', event('ORDER_COMPLETED'));
    assert.equal(accepted.status, 201);
    assert.deepEqual((await stateOf('cart-o')).order.delivery_references, ['6200123']);
    const conflict = await inpost('POST', '/v1/izi/order/SHOP-1/event', event('ORDER_REJECTED'));
    assert.equal(conflict.status, 409);
    assert.equal(conflict.json.error_code, 'STATUS_ORDER_ERROR');
    const unknown = await inpost('POST', '/v1/izi/order/NOPE/event', event('ORDER_COMPLETED'));
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error_code, 'ORDER_NOT_FOUND');
  });

  test('an order answered 200 instead of 201 is refused and no order is kept', async () => {
    await boundBasket('cart-200');
    answer = () => ({ status: 200, body: order('SHOP-2', 'cart-200') });
    try {
      const refused = await simulator('POST', '/sandbox/baskets/cart-200/order', {});
      assert.equal(refused.status, 502);
      assert.match(refused.json.error_message, /Status 200.*201/);
    } finally {
      answer = () => ({ status: 200, body: wireBasket() });
    }
    assert.equal((await stateOf('cart-200')).order_id, null);
  });

  test('PHONE_BINDING_METHOD_UNAVAILABLE while QA switches it on; the QR code still works', async () => {
    await inpost('PUT', '/v1/izi/basket/cart-p', wireBasket());
    await simulator('PUT', '/sandbox/settings', { phone_binding_unavailable: true });
    try {
      const refused = await inpost('POST', '/v1/izi/basket/cart-p/binding', { binding_method: 'PHONE', phone_number: { country_prefix: '+48', phone: '600000001' }, browser: {} });
      assert.equal(refused.status, 400);
      assert.equal(refused.json.error_code, 'PHONE_BINDING_METHOD_UNAVAILABLE');
      const qr = await inpost('POST', '/v1/izi/basket/cart-p/binding', { binding_method: 'DEEP_LINK', binding_place: 'BASKET_SUMMARY', browser: {} });
      assert.equal(qr.status, 200);
      assert.match(qr.json.deep_link, /^inpostsandbox:\/\/izilink\?/);
      assert.match(qr.json.qr_code, /^iVBOR/);
    } finally {
      await simulator('PUT', '/sandbox/settings', { phone_binding_unavailable: false });
    }
  });

  test('v2: the binding key creates the basket; a basket PUT needs it bound', async () => {
    const unknown = await inpost('PUT', '/v2/izi/basket/cart-v2', wireBasket());
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error_code, 'BASKET_NOT_FOUND');
    const key = await inpost('PUT', '/v2/izi/basket/cart-v2/binding');
    assert.equal(key.status, 200);
    assert.match(key.json.basket_binding_api_key, /^[A-Za-z0-9_-]{20,}$/);
    assert.equal((await inpost('PUT', '/v2/izi/basket/cart-v2/binding')).json.basket_binding_api_key, key.json.basket_binding_api_key);
    const unbound = await inpost('PUT', '/v2/izi/basket/cart-v2', wireBasket());
    assert.equal(unbound.status, 409);
    assert.equal(unbound.json.error_code, 'BASKET_NOT_BOUND');

    // The phone scans the v2 widget: InPost reads the basket from the shop, then confirms.
    const before = calls().length;
    const bound = await simulator('POST', '/sandbox/baskets/cart-v2/bind', { phone_number: { country_prefix: '+48', phone: '601999888' } });
    assert.equal(bound.status, 200, bound.text);
    assert.deepEqual(calls().slice(before).map((c) => `${c.method} ${c.url}`), ['GET /inpost/v1/izi/basket/cart-v2', 'POST /inpost/v1/izi/basket/cart-v2/confirmation']);
    assert.equal(calls().at(-2)!.body, '');
    assert.equal(JSON.parse(last().body).masked_phone_number, '60*****88');
    assert.equal((await inpost('PUT', '/v2/izi/basket/cart-v2', wireBasket({ quantity: 1 }))).status, 200);
    assert.equal((await stateOf('cart-v2')).products[0].quantity, 1);
    const twice = await simulator('POST', '/sandbox/baskets/cart-v2/bind', { phone_number: { country_prefix: '+48', phone: '601999888' } });
    assert.equal(twice.json.error_code, 'BASKET_IS_BINDED');
    const v1 = await simulator('POST', '/sandbox/baskets/cart-a/bind', { phone_number: { country_prefix: '+48', phone: '601999888' } });
    assert.equal(v1.json.error_code, 'NO_BINDING_KEY');
  });

  test('QA expires a basket in the simulator: the shop\'s next call answers BASKET_EXPIRED, the app edits nothing', async () => {
    await boundBasket('cart-exp', '601000222');
    const expired = await simulator('POST', '/sandbox/baskets/cart-exp/expire', {});
    assert.equal(expired.json.expired, true);
    const put = await inpost('PUT', '/v1/izi/basket/cart-exp', wireBasket());
    assert.equal(put.status, 409);
    assert.equal(put.json.error_code, 'BASKET_EXPIRED');
    const edit = await simulator('POST', '/sandbox/baskets/cart-exp/quantity', { product_id: 'kubek', quantity: 1 });
    assert.equal(edit.json.error_code, 'BASKET_EXPIRED');
  });

  test('a browser binding that does not exist is BROWSER_NOT_FOUND', async () => {
    const missing = await inpost('DELETE', '/v1/izi/browser/nobody/binding');
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error_code, 'BROWSER_NOT_FOUND');
  });

  test('after a key rotation the calls are signed with the new version; the old one stays published', async () => {
    const oldVersion = (await keys()).public_keys[0].version;
    const rotated = await simulator('POST', '/sandbox/keys/rotate', {});
    assert.equal(rotated.status, 200);
    assert.notEqual(rotated.json.version, oldVersion);
    const published = await keys();
    assert.deepEqual(published.public_keys.map((k: { version: string }) => k.version), [rotated.json.version, oldVersion]);
    await simulator('POST', '/sandbox/baskets/cart-e/refresh', {});
    const call = last();
    assert.equal(call.method, 'GET');
    assert.equal(call.url, '/inpost/v1/izi/basket/cart-e');
    assert.equal(call.headers['x-public-key-ver'], rotated.json.version);
    assert.deepEqual(await verify(call), { ok: true });
  });
});

describe('sandbox: baskets expire', () => {
  test('BASKET_EXPIRED after the configured time without changes, for PUT, binding and unbinding', async () => {
    const sandbox = await startSandbox({ basketTtlSeconds: 1 });
    try {
      const issued = await send(sandbox.url + TOKEN_PATH, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=demo-shop&client_secret=demo-secret' });
      const auth = { authorization: `Bearer ${issued.json.access_token}`, 'content-type': 'application/json' };
      const put = () => send(`${sandbox.url}/v1/izi/basket/cart-x`, { method: 'PUT', headers: auth, body: JSON.stringify(wireBasket()) });
      assert.equal((await put()).status, 200);
      await sleep(500);
      assert.equal((await put()).status, 200, 'a change keeps the basket alive');
      await sleep(700);
      assert.equal((await put()).status, 200, 'still within a second of the last change');
      await sleep(1100);
      for (const answer of [
        await put(),
        await send(`${sandbox.url}/v1/izi/basket/cart-x/binding`, { method: 'POST', headers: auth, body: JSON.stringify({ binding_method: 'DEEP_LINK', browser: {} }) }),
        await send(`${sandbox.url}/v1/izi/basket/cart-x/binding`, { method: 'GET', headers: { authorization: auth.authorization } }),
      ]) {
        assert.equal(answer.status, 409);
        assert.equal(answer.json.error_code, 'BASKET_EXPIRED');
      }
    } finally {
      await sandbox.close();
    }
  });
});

describe('sandbox: its own safety', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(() => sandbox.close());

  test('a Host header that does not name the sandbox is refused (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(sandbox.url + '/sandbox/state');
      request({ host: url.hostname, port: url.port, path: url.pathname, headers: { host: 'evil.example:80' } }, (response) => {
        response.resume();
        resolve(response.statusCode!);
      }).on('error', reject).end();
    });
    assert.equal(status, 421);
    assert.equal((await send(sandbox.url.replace('127.0.0.1', 'localhost') + '/sandbox/state')).status, 200);
  });

  test('/phone cannot be framed, is served under a strict CSP, and every answer says nosniff', async () => {
    const page = await send(sandbox.url + '/phone');
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    const csp = page.headers.get('content-security-policy')!;
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(page.text, /<script>|style="| on\w+="/);
    assert.match(page.text, /<html lang="pl">/);
    for (const path of ['/phone', '/phone/phone.js', '/phone/phone.css', '/sandbox/state', '/nowhere']) {
      assert.equal((await send(sandbox.url + path)).headers.get('x-content-type-options'), 'nosniff', path);
    }
  });

  test('the simulator\'s actions take JSON only, and no other origin', async () => {
    const form = await send(sandbox.url + '/sandbox/keys/rotate', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    assert.equal(form.status, 415);
    const plain = await send(sandbox.url + '/sandbox/keys/rotate', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    assert.equal(plain.status, 415);
    const foreign = await send(sandbox.url + '/sandbox/keys/rotate', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://evil.example' }, body: '{}' });
    assert.equal(foreign.status, 403);
    const own = await send(sandbox.url + '/sandbox/keys/rotate', { method: 'POST', headers: { 'content-type': 'application/json', origin: sandbox.url }, body: '{}' });
    assert.equal(own.status, 200);
  });
});
