import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TOKEN_PATH } from '../../src/merchant/testing.js';
import { startDemo, type Demo } from '../../dev/demo.js';
import { Browser, jsonInit, sampleBasket, send, type Answer } from './helpers.js';

/** Every hostile request must get a 4xx with an `{error_code, error_message}` body. */
function assertRefused(answer: Answer, label: string): void {
  assert.ok(answer.status >= 400 && answer.status < 500, `${label}: status ${answer.status} ${answer.text.slice(0, 200)}`);
  assert.equal(typeof answer.json?.error_code, 'string', `${label}: error_code in ${answer.text.slice(0, 200)}`);
  assert.equal(typeof answer.json?.error_message, 'string', `${label}: error_message`);
}

const HOSTILE_STRINGS = ['', ' ', '<script>alert(1)</script>', "' OR 1=1 --", '../../etc', '%00', '\u0000', 'żółć', 'a'.repeat(5000), '{{7*7}}', '${process.exit()}'];
const BAD_IDS = ['a%20b', 'x'.repeat(65), '..%2F..%2Fadmin', '%00', '%C5%BC%C3%B3%C5%82w', '%3Cscript%3E', 'a.b', 'semi%3Bcolon'];

describe('hostile input leaves the sandbox and the shop intact', () => {
  let demo: Demo;
  let token: string;
  let visitor: Browser;
  let stateBefore: unknown;
  let basketPageBefore: string;
  let count = 0;

  const stable = async () => {
    const { json } = await send(demo.sandboxUrl + '/sandbox/state');
    // The callback log is the sandbox's own diary, not basket state.
    return { baskets: json.baskets, binding_requests: json.binding_requests, trusted_browsers: json.trusted_browsers };
  };
  const refused = (answer: Answer, label: string) => {
    count++;
    assertRefused(answer, label);
  };

  before(async () => {
    demo = await startDemo({ longPollMs: 200 });
    const tokenAnswer = await send(demo.sandboxUrl + TOKEN_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=demo-shop&client_secret=demo-secret',
    });
    token = tokenAnswer.json.access_token;
    // Some real state to protect: a linked basket with a pending-free trusted browser, and an unlinked one.
    visitor = new Browser(demo.shopUrl);
    await visitor.get('/');
    await visitor.post('/api/qa/browser-trust', { trusted: true });
    await visitor.post('/api/izi/add-to-cart', { productId: 'kubek' });
    const other = new Browser(demo.shopUrl);
    await other.post('/api/izi/add-to-cart', { productId: 'plecak' });
    await other.post('/api/izi/pay-data', { prefix: '+48', phoneNumber: '600100200', bindingPlace: 'PRODUCT_CARD' });
    stateBefore = await stable();
    basketPageBefore = (await visitor.get('/basket')).text.replace(/csp-nonce" content="[^"]+"/, '');
  });
  after(() => demo.close());

  const api = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    send(demo.sandboxUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body,
    });

  test('sandbox API: malformed bodies, wrong types, bad ids, bad tokens', async () => {
    const { baskets } = (await send(demo.sandboxUrl + '/sandbox/state')).json;
    const existing = baskets[0].basket_id as string;
    // Only what §4 forbids: product ids are opaque strings, amounts strings or numbers, and InPost
    // documents no length or count limits (the body size limit bounds them).
    const badBaskets: unknown[] = [
      null, [], 'basket', 42, true, {},
      { summary: 1, products: [] },
      { summary: { currency: 'pln', basket_base_price: { net: 1, gross: 1, vat: 0 }, basket_final_price: { net: 1, gross: 1, vat: 0 } }, products: [] },
      sampleBasket({ products: 'none' }),
      sampleBasket({ products: [null] }),
      sampleBasket({ products: [{ product_id: 'p', product_name: 'x', base_price: { net: 1, gross: 1, vat: 0 }, quantity: { quantity: -1, quantity_type: 'INTEGER' } }] }),
      sampleBasket({ products: [{ product_id: 'p', product_name: 'x', base_price: { net: 1, gross: 1, vat: 0 }, quantity: { quantity: 1, quantity_type: 'LOTS' } }] }),
      sampleBasket({ browser_id: '../x' }),
      sampleBasket({ browser_id: 7 }),
      sampleBasket({ delivery: 'fast' }),
    ];
    for (const [i, body] of badBaskets.entries()) {
      refused(await api('PUT', `/v1/izi/basket/${existing}`, JSON.stringify(body)), `bad basket #${i}`);
      refused(await api('PUT', '/v1/izi/basket/fresh-basket', JSON.stringify(body)), `bad basket on new id #${i}`);
    }
    for (const raw of ['{', '{"summary":', 'nul', '[1,2', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '\u0000']) {
      refused(await api('PUT', `/v1/izi/basket/${existing}`, raw), `raw ${JSON.stringify(raw)}`);
    }
    refused(await api('PUT', `/v1/izi/basket/${existing}`, JSON.stringify(sampleBasket({ pad: 'x'.repeat(70_000) }))), 'oversized');
    refused(await api('PUT', `/v1/izi/basket/${existing}`, 'hello', { 'content-type': 'text/plain' }), 'text/plain');
    refused(await api('PUT', `/v1/izi/basket/${existing}`, '<basket/>', { 'content-type': 'application/xml' }), 'xml');

    const badBindings: unknown[] = [
      {}, [], 'PHONE',
      { binding_method: 'SMS', binding_place: 'PRODUCT_CARD', browser: {} },
      { binding_method: 'PHONE', binding_place: 'NOWHERE', browser: {} },
      { binding_method: 'PHONE', binding_place: 'PRODUCT_CARD', browser: {} },
      { binding_method: 'PHONE', binding_place: 'PRODUCT_CARD', phone_number: { country_prefix: '48', phone: '600100200' }, browser: {} },
      { binding_method: 'PHONE', binding_place: 'PRODUCT_CARD', phone_number: { country_prefix: '+48a', phone: '600100200' }, browser: {} },
      { binding_method: 'PHONE', binding_place: 'PRODUCT_CARD', phone_number: { country_prefix: '+48', phone: '60010020x' }, browser: {} },
      { binding_method: 'PHONE', binding_place: 'PRODUCT_CARD', phone_number: { country_prefix: '+48', phone: '12345' }, browser: {} },
      { binding_method: 'PHONE', binding_place: 'PRODUCT_CARD', phone_number: { country_prefix: '+48', phone: 600100200 }, browser: {} },
      { binding_method: 'PHONE', binding_place: 'PRODUCT_CARD', phone_number: '+48600100200', browser: {} },
      { binding_method: 'DEEP_LINK', binding_place: 'PRODUCT_CARD' },
      { binding_method: 'DEEP_LINK', binding_place: 'PRODUCT_CARD', browser: 'chrome' },
      { binding_method: 'DEEP_LINK', binding_place: 'PRODUCT_CARD', browser: { user_agent: 'x'.repeat(2000) } },
      { binding_method: 'DEEP_LINK', binding_place: 'PRODUCT_CARD', browser: { browser_id: '<x>' } },
      { binding_method: 'DEEP_LINK', binding_place: 'PRODUCT_CARD', browser: { user_agent: { nested: true } } },
      ...HOSTILE_STRINGS.map((s) => ({ binding_method: s, binding_place: s, browser: { browser_id: s } })),
    ];
    for (const [i, body] of badBindings.entries()) {
      refused(await api('POST', `/v1/izi/basket/${existing}/binding`, JSON.stringify(body)), `bad binding #${i}`);
    }
    for (const id of BAD_IDS) {
      refused(await api('GET', `/v1/izi/basket/${id}/binding`), `GET id ${id}`);
      refused(await api('PUT', `/v1/izi/basket/${id}`, JSON.stringify(sampleBasket())), `PUT id ${id}`);
      refused(await api('POST', `/v1/izi/basket/${id}/binding`, JSON.stringify({ binding_method: 'DEEP_LINK', binding_place: 'PRODUCT_CARD', browser: {} })), `POST id ${id}`);
      refused(await api('DELETE', `/v1/izi/basket/${id}/binding`), `DELETE id ${id}`);
      refused(await api('DELETE', `/v1/izi/browser/${id}/binding`), `DELETE browser ${id}`);
      refused(await api('GET', `/v1/izi/basket/${existing}/binding?browser_id=${id}`), `browser_id ${id}`);
    }
    refused(await api('DELETE', '/v1/izi/basket/never-seen/binding'), 'delete unknown basket');
    refused(await api('DELETE', `/v1/izi/basket/${existing}/binding?if_basket_realized=yes`), 'bad flag');
    for (const authorization of ['', 'Bearer', 'Bearer nope', `Basic ${token}`, `Bearer ${token}x`, `bearer  ${token}`]) {
      for (const [method, path, body] of [
        ['GET', `/v1/izi/basket/${existing}/binding`],
        ['PUT', `/v1/izi/basket/${existing}`, JSON.stringify(sampleBasket({ products: [] }))],
        ['DELETE', `/v1/izi/basket/${existing}/binding`],
        ['DELETE', '/v1/izi/browser/anything/binding'],
      ] as const) {
        const answer = await send(demo.sandboxUrl + path, { method, headers: { authorization, ...(body ? { 'content-type': 'application/json' } : {}) }, body });
        refused(answer, `auth ${JSON.stringify(authorization)} ${method} ${path}`);
        assert.equal(answer.status, 401);
      }
    }
    for (const body of ['grant_type=password&client_id=demo-shop&client_secret=demo-secret', 'grant_type=client_credentials&client_id=demo-shop&client_secret=nope', 'grant_type=client_credentials']) {
      // The token endpoint answers as an OAuth2 server does: {error, error_description}.
      const answer = await send(demo.sandboxUrl + TOKEN_PATH, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      count++;
      assert.ok(answer.status === 400 || answer.status === 401, `token ${body}: status ${answer.status}`);
      assert.equal(typeof answer.json?.error, 'string', `token ${body}: error in ${answer.text}`);
    }
    // Simulator API.
    const { requests } = (await send(demo.sandboxUrl + '/sandbox/binding-requests')).json;
    refused(await send(demo.sandboxUrl + '/sandbox/binding-requests/nope/accept', jsonInit('POST', {})), 'accept unknown');
    refused(await send(demo.sandboxUrl + '/sandbox/binding-requests/nope/reject', jsonInit('POST', {})), 'reject unknown');
    for (const body of [[], 'x', { trust_browser: 'yes' }, { name: '<b>' }, { name: 5 }]) {
      refused(await send(demo.sandboxUrl + `/sandbox/binding-requests/${requests[0].request_id}/accept`, jsonInit('POST', body)), `accept ${JSON.stringify(body)}`);
    }
    for (const body of [{ phone_number: { country_prefix: '+48', phone: 'x' } }, { phone_number: 'x' }, [], { surname: 'a'.repeat(100) }]) {
      refused(await send(demo.sandboxUrl + '/sandbox/browsers/qa/trust', jsonInit('PUT', body)), `trust ${JSON.stringify(body)}`);
    }
    refused(await send(demo.sandboxUrl + '/sandbox/baskets/never-seen/order', { method: 'POST' }), 'order unknown');
    refused(await send(demo.sandboxUrl + `/sandbox/baskets/${BAD_IDS[2]}/order`, { method: 'POST' }), 'order bad id');
    refused(await send(demo.sandboxUrl + '/sandbox/nothing-here'), 'unknown route');
    assert.deepEqual(await stable(), stateBefore, 'sandbox state unchanged');
  });

  test('shop API: malformed bodies, wrong types, cross-origin, forged callbacks', async () => {
    const attacker = new Browser(demo.shopUrl);
    await attacker.get('/');
    const endpoints = ['/api/izi/can-be-bound', '/api/izi/add-to-cart', '/api/izi/pay-data', '/api/izi/binding-delete', '/api/qa/browser-trust'];
    for (const path of endpoints) {
      for (const raw of ['{', '[]', '"x"', '42', 'null', '{"__proto__":{"admin":true}}']) {
        refused(await send(demo.shopUrl + path, { method: 'POST', headers: { 'content-type': 'application/json', cookie: attacker.cookieHeader }, body: raw }), `${path} raw ${raw}`);
      }
      refused(await send(demo.shopUrl + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: visitor.cookieHeader }, body: 'productId=kubek&trusted=true' }), `${path} form`);
      refused(await send(demo.shopUrl + path, { method: 'POST', headers: { 'content-type': 'text/plain', cookie: visitor.cookieHeader }, body: '{"productId":"kubek"}' }), `${path} text`);
      refused(await visitor.request('POST', path, { productId: 'kubek', trusted: false }, { origin: 'https://evil.example' }), `${path} cross-origin`);
      refused(await send(demo.shopUrl + path, { method: 'POST', headers: { 'content-type': 'application/json', cookie: visitor.cookieHeader }, body: JSON.stringify({ productId: 'x'.repeat(20_000) }) }), `${path} oversized`);
    }
    for (const productId of [5, {}, [], true, 'x'.repeat(65), ...HOSTILE_STRINGS.filter((s) => s.trim() !== ''), 'nie-ma-takiego']) {
      refused(await visitor.post('/api/izi/add-to-cart', { productId }), `add-to-cart ${String(productId).slice(0, 20)}`);
      refused(await visitor.post('/api/izi/can-be-bound', { productId }), `can-be-bound ${String(productId).slice(0, 20)}`);
    }
    for (const size of ['XXL', 5, '<s>', ['M']]) {
      refused(await visitor.post('/api/izi/add-to-cart', { productId: 'koszulka', size }), `size ${size}`);
    }
    refused(await visitor.post('/api/izi/add-to-cart', {}), 'add-to-cart no product');
    for (const body of [
      {}, { bindingPlace: 'NOWHERE' }, { bindingPlace: 5 },
      { bindingPlace: 'PRODUCT_CARD', phoneNumber: 'abc' },
      { bindingPlace: 'PRODUCT_CARD', phoneNumber: '12' },
      { bindingPlace: 'PRODUCT_CARD', phoneNumber: 600100200 },
      { bindingPlace: 'PRODUCT_CARD', phoneNumber: '600100200', prefix: '48' },
      { bindingPlace: 'PRODUCT_CARD', phoneNumber: '600100200', prefix: { p: 1 } },
      { bindingPlace: 'PRODUCT_CARD', phoneNumber: '6'.repeat(40) },
      ...HOSTILE_STRINGS.map((s) => ({ bindingPlace: s, phoneNumber: s, prefix: s })),
    ]) {
      refused(await visitor.post('/api/izi/pay-data', body), `pay-data ${JSON.stringify(body).slice(0, 40)}`);
    }
    for (const trusted of ['true', 1, null, {}]) refused(await visitor.post('/api/qa/browser-trust', { trusted }), `trust ${trusted}`);
    // The shop's own cart forms.
    for (const quantity of ['abc', -1, 1000, 1.5, '', null, [], '1e3']) {
      refused(await visitor.post('/cart/quantity', { productId: 'kubek', quantity }), `quantity ${JSON.stringify(quantity)}`);
    }
    for (const productId of [5, {}, 'x'.repeat(65)]) refused(await visitor.post('/cart/quantity', { productId, quantity: 1 }), `quantity of ${String(productId).slice(0, 20)}`);
    for (const code of [5, null, {}, ['INPOST10'], 'x'.repeat(33)]) {
      refused(await visitor.post('/cart/promo', { code }), `promo ${JSON.stringify(code).slice(0, 20)}`);
      refused(await visitor.post('/cart/promo/remove', { code }), `promo remove ${JSON.stringify(code).slice(0, 20)}`);
    }
    refused(await visitor.request('POST', '/cart/promo', { code: 'INPOST10' }, { origin: 'https://evil.example' }), 'promo cross-origin');
    // Forged InPost callbacks would bind or order someone's basket: all refused.
    const { baskets } = (await send(demo.sandboxUrl + '/sandbox/state')).json;
    for (const basket of baskets) {
      refused(await send(`${demo.shopUrl}/inpost/v1/izi/basket/${basket.basket_id}/confirmation`, jsonInit('POST', { status: 'SUCCESS', phone_number: { country_prefix: '+48', phone: '999999999' }, masked_phone_number: '99*****99' })), 'forged confirmation');
      refused(await send(`${demo.shopUrl}/inpost/v1/izi/basket/${basket.basket_id}/event`, jsonInit('POST', { event_id: 'e', event_data_time: '2025-01-15T10:00:00.000Z', event_type: 'PROMO_CODES', promo_codes_event_data: [] })), 'forged event');
      refused(await send(`${demo.shopUrl}/inpost/v1/izi/basket/${basket.basket_id}/binding`, { method: 'DELETE' }), 'forged unlink');
      refused(await send(`${demo.shopUrl}/inpost/v1/izi/order`, jsonInit('POST', { order_details: { basket_id: basket.basket_id } })), 'forged order');
      refused(await send(`${demo.shopUrl}/inpost/v1/izi/order`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': 'x', 'x-signature-timestamp': '2000-01-01T00:00:00Z', 'x-public-key-ver': '1', 'x-public-key-hash': 'x' }, body: '{' }), 'forged bad json');
    }
    refused(await send(`${demo.shopUrl}/api/izi/nope`), 'unknown route');
    // A forged session cookie is a new, empty visitor, never someone else's basket.
    const forged = await send(demo.shopUrl + '/basket', { headers: { cookie: visitor.cookieHeader.replace(/inpost_pay_sid=[^;]+/, 'inpost_pay_sid=v123.forged') } });
    assert.match(forged.text, /<span id="cart-count">0<\/span>/);
    assert.deepEqual(await stable(), stateBefore, 'sandbox state unchanged');
    assert.equal((await visitor.get('/basket')).text.replace(/csp-nonce" content="[^"]+"/, ''), basketPageBefore, 'visitor basket unchanged');
  });

  test('at least 200 hostile requests were refused and both servers still work', async () => {
    assert.ok(count >= 200, `only ${count} hostile requests`);
    console.log(`hostile requests refused: ${count}`);
    assert.equal((await visitor.get('/')).status, 200);
    const health = await visitor.post('/api/izi/can-be-bound', { productId: 'kubek' });
    assert.deepEqual(health.json, { canBeBound: true });
    assert.equal((await send(demo.sandboxUrl + '/sandbox/state')).status, 200);
  });
});
