/**
 * The published widget API (createWidgetApi / createInpostPay) over loopback HTTP against the local
 * sandbox: the page's endpoints, the pushes, and every refusal with the attack as its arrange step.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { createWidgetApi } from '../../src/merchant/index.js';
import { Browser, send, sleep } from './helpers.js';
import { failingStore, SECRET, startRig, testShop, type Rig } from './widget-api-fixtures.js';

const SID = 'inpost_pay_sid';
const quiet = { error: () => undefined, warn: () => undefined };
const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function pendingRequest(rig: Rig, phone: string): Promise<string> {
  const { json: list } = await send(`${rig.sandbox.url}/sandbox/binding-requests`);
  const found = list.requests.filter((r: { phone_number?: { phone: string } }) => r.phone_number?.phone === phone).at(-1);
  assert.ok(found, `a binding request for ${phone}`);
  return found.request_id;
}
const accept = (rig: Rig, id: string) => send(`${rig.sandbox.url}/sandbox/binding-requests/${id}/accept`, json({}));
const basketIdOf = async (rig: Rig, browser: Browser) =>
  (await rig.widgetApi.stateOf(new Request(`${rig.url}/`, { headers: { cookie: browser.cookieHeader } })))!.basketId;

/** A shopper with one mug in the cart. */
async function shopper(rig: Rig): Promise<Browser> {
  const browser = new Browser(rig.url);
  const added = await browser.post('/inpost-pay/add-to-cart', { productId: 'kubek' });
  assert.equal(added.status, 200, added.text);
  return browser;
}

/** Reads Server-Sent Events messages from a stream until `count` arrived. */
async function readEvents(response: Response, count: number): Promise<unknown[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const messages: unknown[] = [];
  let buffer = '';
  while (messages.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').find((line) => line.startsWith('data: '));
      if (data) messages.push(JSON.parse(data.slice(6)));
    }
  }
  await reader.cancel();
  return messages;
}

describe('widget API: the page endpoints', () => {
  let rig: Rig;
  before(async () => {
    rig = await startRig({ rotationGraceMs: 200 });
  });
  after(() => rig.close());

  test('bind by phone: is-bound answers SUCCESS with the masked number, a new session id, the old one stops working', async () => {
    const browser = await shopper(rig);
    const before = browser.cookies.get(SID);
    assert.ok(before);
    assert.deepEqual((await browser.post('/inpost-pay/pay-data', { prefix: '+48', phoneNumber: '600 555 444', bindingPlace: 'PRODUCT_CARD' })).json, []);
    const waiting = browser.get('/inpost-pay/is-bound');
    await sleep(50);
    assert.equal((await accept(rig, await pendingRequest(rig, '600555444'))).status, 200);
    const bound = await waiting;
    assert.deepEqual(bound.json, { status: 'SUCCESS', masked_phone_number: '60*****44', count: 1 });
    const after = browser.cookies.get(SID);
    assert.ok(after && after !== before, 'the answer that reports the binding carries a new session id');
    await sleep(300);
    const planted = await send(`${rig.url}/inpost-pay/order-complete`, { headers: { cookie: `${SID}=${before}` } });
    assert.deepEqual(planted.json, { state: { version: 0, basket_linked: false, count: 0 } }, 'the old id sees nothing');
    assert.equal((await browser.get('/inpost-pay/order-complete')).json.state.basket_linked, true);
  });

  test('bind by QR: pay-data answers a data URL and the deep links', async () => {
    const browser = await shopper(rig);
    const answer = await browser.post('/inpost-pay/pay-data', { bindingPlace: 'BASKET_SUMMARY' });
    assert.equal(answer.status, 200, answer.text);
    assert.match(answer.json.qr_code, /^data:image\/png;base64,/);
    assert.match(answer.json.deep_link, /^inpostsandbox:|^https:/);
  });

  test('can-be-bound asks the adapter: a product without its size cannot, with it can', async () => {
    const browser = new Browser(rig.url);
    assert.deepEqual((await browser.post('/inpost-pay/can-be-bound', { productId: 'koszulka' })).json, { canBeBound: false });
    assert.deepEqual((await browser.post('/inpost-pay/can-be-bound', { productId: 'koszulka', details: { size: 'M' } })).json, { canBeBound: true });
    assert.deepEqual((await browser.post('/inpost-pay/can-be-bound', {})).json, { canBeBound: false }, 'an empty cart cannot');
  });

  test('a change in the app reaches the long poll with changed: basket; the order sends the page to the thank-you page with its attribution kept', async () => {
    const browser = await shopper(rig);
    await browser.post('/inpost-pay/pay-data', { prefix: '+48', phoneNumber: '600555401', bindingPlace: 'PRODUCT_CARD', analytics: { gclid: 'Cj0KCQ-abc_123', ga_client_id: '123.456' } });
    await accept(rig, await pendingRequest(rig, '600555401'));
    assert.equal((await browser.get('/inpost-pay/is-bound')).json.status, 'SUCCESS');
    const { state } = (await browser.get('/inpost-pay/order-complete')).json;
    const basketId = await basketIdOf(rig, browser);
    const poll = browser.get(`/inpost-pay/order-complete?since=${state.version}`);
    await sleep(50);
    const changed = await send(`${rig.sandbox.url}/sandbox/baskets/${basketId}/quantity`, json({ product_id: 'kubek', quantity: 2 }));
    assert.equal(changed.status, 200, changed.text);
    const pushed = (await poll).json.state;
    assert.equal(pushed.count, 2);
    assert.deepEqual(pushed.changed, ['basket']);
    const orderPoll = browser.get(`/inpost-pay/order-complete?since=${pushed.version}`);
    await sleep(50);
    assert.equal((await send(`${rig.sandbox.url}/sandbox/baskets/${basketId}/order`, json({}))).status, 200);
    assert.deepEqual((await orderPoll).json, { action: 'redirect', redirect: '/thank-you' });
    const order = [...rig.shop.orders.values()].find((o) => o.basketId === basketId);
    assert.deepEqual(order?.context.analytics, { gclid: 'Cj0KCQ-abc_123', ga_client_id: '123.456' });
  });

  test('binding-delete unbinds at InPost Pay (basket and browser) and the pages hear it', async () => {
    const browser = await shopper(rig);
    await browser.post('/inpost-pay/pay-data', { prefix: '+48', phoneNumber: '600555402', bindingPlace: 'PRODUCT_CARD' });
    await accept(rig, await pendingRequest(rig, '600555402'));
    assert.equal((await browser.get('/inpost-pay/is-bound')).json.status, 'SUCCESS');
    const deleted = await browser.post('/inpost-pay/binding-delete', {});
    assert.equal(deleted.status, 204);
    const { state } = (await browser.get('/inpost-pay/order-complete')).json;
    assert.equal(state.basket_linked, false);
    assert.deepEqual(state.changed, ['binding']);
    const basketId = await basketIdOf(rig, browser);
    const { json: baskets } = await send(`${rig.sandbox.url}/sandbox/baskets`);
    assert.equal(baskets.baskets.find((b: { basket_id: string }) => b.basket_id === basketId)?.binding ?? null, null);
  });

  test('order-events streams the state on connect, then every change, then the redirect', async () => {
    const browser = await shopper(rig);
    await browser.post('/inpost-pay/pay-data', { prefix: '+48', phoneNumber: '600555403', bindingPlace: 'PRODUCT_CARD' });
    const stream = await fetch(`${rig.url}/inpost-pay/order-events`, { headers: { cookie: browser.cookieHeader } });
    assert.equal(stream.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reading = readEvents(stream, 3);
    await sleep(50);
    await accept(rig, await pendingRequest(rig, '600555403'));
    await sleep(50);
    const basketId = await basketIdOf(rig, browser);
    await send(`${rig.sandbox.url}/sandbox/baskets/${basketId}/order`, json({}));
    const [first, second, third] = (await reading) as Array<{ state?: { basket_linked: boolean; changed?: string[] }; action?: string }>;
    assert.equal(first!.state!.basket_linked, false);
    assert.equal(second!.state!.basket_linked, true);
    assert.deepEqual(second!.state!.changed, ['binding']);
    assert.deepEqual(third, { action: 'redirect', redirect: '/thank-you' });
  });

  test('order-socket (WebSocket helper) pushes the same messages', async () => {
    const browser = await shopper(rig);
    const socket = new WebSocket(`${rig.url.replace('http', 'ws')}/inpost-pay/order-socket`, { headers: { cookie: browser.cookieHeader } });
    const messages: Array<{ state?: { count: number } }> = [];
    const two = new Promise<void>((resolve) => socket.on('message', (data) => messages.push(JSON.parse(String(data))) === 2 && resolve()));
    await new Promise((resolve) => socket.once('open', resolve));
    await browser.post('/inpost-pay/add-to-cart', { productId: 'kubek' });
    await two;
    socket.close();
    assert.deepEqual(messages.map((m) => m.state?.count), [1, 2]);
  });

  test('mobile-link answers the app link of the basket', async () => {
    const browser = await shopper(rig);
    await browser.post('/inpost-pay/can-be-bound', {});
    assert.match((await browser.get('/inpost-pay/mobile-link')).json.link, /^inpostsandbox:\/\/izilink\?basket_id=/);
  });
});

describe('widget API: refusals (each arranged as the attack)', () => {
  let rig: Rig;
  before(async () => {
    rig = await startRig({ rotationGraceMs: 200, maxOpenPerAddress: 3, newVisitorsPerAddress: 40 });
  });
  after(() => rig.close());

  test("an attacker's parked long poll with the planted session id does not receive the new one", async () => {
    // The attacker starts a session and plants its id in the victim's browser (session fixation).
    const attacker = await shopper(rig);
    const planted = attacker.cookies.get(SID)!;
    const victim = new Browser(rig.url);
    victim.cookies.set(SID, planted);
    assert.deepEqual((await victim.post('/inpost-pay/pay-data', { prefix: '+48', phoneNumber: '600555410', bindingPlace: 'PRODUCT_CARD' })).json, []);
    const parked = attacker.get('/inpost-pay/is-bound');
    const victimWaits = victim.get('/inpost-pay/is-bound');
    await sleep(50);
    await accept(rig, await pendingRequest(rig, '600555410'));
    const [attackerAnswer] = await Promise.all([parked, victimWaits]);
    assert.equal(attackerAnswer.json.status, 'SUCCESS');
    assert.ok(!attackerAnswer.headers.getSetCookie().some((line) => line.startsWith(`${SID}=`)), 'no session id for the attacker');
    assert.notEqual(victim.cookies.get(SID), planted, 'the binding browser got the new id');
    await sleep(300);
    assert.equal((await attacker.get('/inpost-pay/order-complete')).json.state.basket_linked, false, 'the planted id is dead');
    assert.equal((await victim.get('/inpost-pay/order-complete')).json.state.basket_linked, true);
  });

  test('a cross-site form cannot post: 415 for a non-JSON body, 403 for a foreign Origin', async () => {
    const form = await send(`${rig.url}/inpost-pay/add-to-cart`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'productId=kubek',
    });
    assert.equal(form.status, 415);
    assert.equal(form.json.error_code, 'UNSUPPORTED_MEDIA_TYPE');
    const foreign = await send(`${rig.url}/inpost-pay/add-to-cart`, {
      ...json({ productId: 'kubek' }),
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.json.error_code, 'FORBIDDEN_ORIGIN');
  });

  test('no state-changing GET: a GET of a POST endpoint (an <img> on another site) is 405 and starts nothing', async () => {
    for (const path of ['add-to-cart', 'pay-data', 'binding-delete', 'can-be-bound']) {
      const answer = await send(`${rig.url}/inpost-pay/${path}?productId=kubek`);
      assert.equal(answer.status, 405, path);
      assert.deepEqual(answer.headers.getSetCookie(), [], `${path} sets no cookie`);
    }
  });

  test('a forged session cookie is ignored: the forger gets a session of its own, not the victim\'s', async () => {
    const victim = await shopper(rig);
    const [id] = victim.cookies.get(SID)!.split('.');
    const forger = new Browser(rig.url);
    forger.cookies.set(SID, `${id}.forgedsignatureforgedsignature00`);
    assert.equal((await forger.get('/inpost-pay/order-complete')).json.state.count, 0);
  });

  test('binding requests are limited per session: the 6th in the window is 429 with Retry-After', async () => {
    const browser = await shopper(rig);
    for (let i = 0; i < 5; i++) assert.equal((await browser.post('/inpost-pay/pay-data', { bindingPlace: 'PRODUCT_CARD' })).status, 200);
    const refused = await browser.post('/inpost-pay/pay-data', { bindingPlace: 'PRODUCT_CARD' });
    assert.equal(refused.status, 429);
    assert.equal(refused.json.error_code, 'TOO_MANY_REQUESTS');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
  });

  test('binding requests are limited per phone number across sessions', async () => {
    for (let i = 0; i < 5; i++) {
      const answer = await (await shopper(rig)).post('/inpost-pay/pay-data', { prefix: '+48', phoneNumber: '600555499', bindingPlace: 'PRODUCT_CARD' });
      assert.equal(answer.status, 200, answer.text);
    }
    const refused = await (await shopper(rig)).post('/inpost-pay/pay-data', { prefix: '+48', phoneNumber: '600 555 499', bindingPlace: 'PRODUCT_CARD' });
    assert.equal(refused.status, 429);
  });

  test('open long polls and streams are capped per address', async () => {
    const browsers = await Promise.all([0, 1, 2, 3].map(() => shopper(rig)));
    const versions = await Promise.all(browsers.map(async (b) => (await b.get('/inpost-pay/order-complete')).json.state.version));
    const polls = browsers.slice(0, 3).map((b, i) => b.get(`/inpost-pay/order-complete?since=${versions[i]}`));
    await sleep(80);
    const refused = await browsers[3]!.get(`/inpost-pay/order-complete?since=${versions[3]}`);
    assert.equal(refused.status, 429);
    assert.equal(refused.json.error_code, 'TOO_MANY_CONNECTIONS');
    await Promise.all(polls);
  });

  test('analytics must be short tokens of the known names', async () => {
    const browser = await shopper(rig);
    const script = await browser.post('/inpost-pay/pay-data', { bindingPlace: 'PRODUCT_CARD', analytics: { gclid: '<script>alert(1)</script>' } });
    assert.equal(script.status, 400);
    const unknown = await browser.post('/inpost-pay/pay-data', { bindingPlace: 'PRODUCT_CARD', analytics: { email: 'jan@example.com' } });
    assert.equal(unknown.status, 400);
    const long = await browser.post('/inpost-pay/pay-data', { bindingPlace: 'PRODUCT_CARD', analytics: { fbclid: 'a'.repeat(300) } });
    assert.equal(long.status, 400);
  });

  test('a WebSocket from another site is refused before the upgrade', async () => {
    const browser = await shopper(rig);
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${rig.url.replace('http', 'ws')}/inpost-pay/order-socket`, {
        headers: { cookie: browser.cookieHeader, origin: 'https://evil.example' },
      });
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.once('open', () => resolve(101));
      socket.once('error', () => undefined);
    });
    assert.equal(status, 403);
  });
});

describe('widget API: sessions and the store', () => {
  test('visitor creation is capped per address', async () => {
    const rig = await startRig({ newVisitorsPerAddress: 3 });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await new Browser(rig.url).post('/inpost-pay/can-be-bound', {})).status, 200);
      const refused = await new Browser(rig.url).post('/inpost-pay/can-be-bound', {});
      assert.equal(refused.status, 429);
      assert.ok(refused.headers.get('retry-after'));
    } finally {
      await rig.close();
    }
  });

  test('over https the session cookie is __Host-, Secure, HttpOnly, SameSite=Lax', async () => {
    const { shop } = testShop();
    const api = createWidgetApi({ client: {} as never, shop, cookieSecret: SECRET, logger: quiet });
    const answer = await api(new Request('https://shop.example/inpost-pay/can-be-bound', json({ productId: 'kubek' })));
    const cookies = answer.headers.getSetCookie();
    const session = cookies.find((line) => line.startsWith('__Host-inpost_pay_sid='));
    assert.ok(session, cookies.join(' | '));
    for (const flag of ['Secure', 'HttpOnly', 'SameSite=Lax', 'Path=/']) assert.ok(session.split('; ').includes(flag), flag);
    assert.ok(!/Domain=/i.test(session));
  });

  test("the shop's own visitor id instead of the kit's cookie; no id, no visitor", async () => {
    const { shop } = testShop();
    const api = createWidgetApi({ client: {} as never, shop, logger: quiet, visitorId: (request) => request.headers.get('x-shop-visitor') ?? undefined });
    const without = await api(new Request('http://shop.example/inpost-pay/can-be-bound', json({ productId: 'kubek' })));
    assert.equal(without.status, 401);
    const request = new Request('http://shop.example/inpost-pay/can-be-bound', { ...json({ productId: 'kubek' }), headers: { 'content-type': 'application/json', 'x-shop-visitor': 'u-42' } });
    const answer = await api(request);
    assert.equal(answer.status, 200);
    assert.ok(!answer.headers.getSetCookie().some((line) => line.includes('inpost_pay_sid')));
    const state = await api.stateOf(new Request('http://shop.example/', { headers: { 'x-shop-visitor': 'u-42' } }));
    assert.ok(state?.basketId);
  });

  test('with the store down, requests fail within the store timeout with 503 and a readable message, logged once per outage', async () => {
    const outage = failingStore();
    const { store } = outage;
    const logged: string[] = [];
    const logger = { error: (message: string) => logged.push(`error ${message}`), warn: (message: string) => logged.push(`warn ${message}`) };
    const rig = await startRig({ store, storeTimeoutMs: 300, logger });
    try {
      const browser = await shopper(rig);
      outage.down = true;
      for (const path of ['/inpost-pay/order-complete', '/inpost-pay/is-bound']) {
        const answer = await browser.get(path);
        assert.equal(answer.status, 503, path);
        assert.equal(answer.json.error_code, 'SERVICE_UNAVAILABLE');
        assert.match(answer.json.error_message, /niedostępna/);
      }
      assert.equal((await browser.post('/inpost-pay/add-to-cart', { productId: 'kubek' })).status, 503);
      assert.equal(logged.filter((line) => line.startsWith('error')).length, 1, logged.join('\n'));
      outage.down = false;
      assert.equal((await browser.get('/inpost-pay/order-complete')).status, 200);
      assert.ok(logged.some((line) => line.startsWith('warn') && /answers again/.test(line)));
    } finally {
      await rig.close();
    }
  });
});
