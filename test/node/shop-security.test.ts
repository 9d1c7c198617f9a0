/**
 * The reference shop under attack: each test is one finding of trying to break the demo, and
 * failed before its fix (shops copy reference code, so it is held to the package's bar).
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { startDemo, type Demo } from '../../dev/demo.js';
import { Browser, send, sleep } from './helpers.js';

/** A visitor whose basket (one mug) is bound at once: its browser is trusted in the sandbox. */
async function boundVisitor(demo: Demo): Promise<Browser> {
  const browser = new Browser(demo.shopUrl);
  await browser.get('/');
  assert.deepEqual((await browser.post('/api/qa/browser-trust', { trusted: true })).json, { browser_trusted: true });
  const added = await browser.post('/api/izi/add-to-cart', { productId: 'kubek' });
  assert.equal(added.json.basket_linked, true);
  return browser;
}

/** A visitor with one item in its cart. */
async function shopper(demo: Demo): Promise<Browser> {
  const browser = new Browser(demo.shopUrl);
  assert.equal((await browser.post('/api/izi/add-to-cart', { productId: 'plecak' })).status, 200);
  return browser;
}

const payData = (browser: Browser, phoneNumber: string) =>
  browser.post('/api/izi/pay-data', { prefix: '+48', phoneNumber, bindingPlace: 'PRODUCT_CARD' });

function openSocket(url: string, headers: Record<string, string>): Promise<{ opened: boolean; socket: WebSocket; closeCode?: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      // Opened, but the server may close it at once: wait a moment for that.
      const timer = setTimeout(() => resolve({ opened: true, socket }), 150);
      socket.once('close', (code) => {
        clearTimeout(timer);
        resolve({ opened: false, socket, closeCode: code });
      });
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve({ opened: false, socket, closeCode: response.statusCode });
      response.resume();
    });
    socket.once('error', () => resolve({ opened: false, socket }));
  });
}

describe('reference shop: sessions and visitors', () => {
  let demo: Demo;
  before(async () => {
    demo = await startDemo({ longPollMs: 300, shop: { sessionRotationGraceMs: 200 } });
  });
  after(() => demo.close());

  test('a cookieless GET creates no visitor: a flood of them evicts nobody', async () => {
    const kept = await shopper(demo);
    for (const path of ['/', '/basket', '/thank-you', '/api/izi/order-complete', '/api/izi/mobile-link']) {
      const answer = await send(demo.shopUrl + path);
      assert.ok(answer.status < 500, `${path} answers ${answer.status}`);
      assert.ok(!answer.headers.getSetCookie().some((line) => line.startsWith('inpost_pay_sid=')), `${path} starts no session`);
    }
    await Promise.all(Array.from({ length: 30 }, () => send(demo.shopUrl + '/')));
    assert.match((await kept.get('/basket')).text, /<span id="cart-count">1<\/span>/, 'the shopper still has the basket');
  });

  test('bound baskets are never evicted by new visitors', async () => {
    const bound = await boundVisitor(demo);
    for (let i = 0; i < 8; i++) await new Browser(demo.shopUrl).post('/api/izi/can-be-bound', { productId: 'kubek' });
    const page = (await bound.get('/basket')).text;
    assert.match(page, /basket-linked/, 'the bound shopper is still known');
    assert.match(page, /<span id="cart-count">1<\/span>/);
  });

  test('the session id changes once the basket is bound; the old one stops working', async () => {
    const browser = new Browser(demo.shopUrl);
    await browser.get('/');
    await browser.post('/api/qa/browser-trust', { trusted: true });
    const before = browser.cookies.get('inpost_pay_sid');
    assert.ok(before);
    const added = await browser.post('/api/izi/add-to-cart', { productId: 'kubek' });
    assert.equal(added.json.basket_linked, true);
    const after = browser.cookies.get('inpost_pay_sid');
    assert.ok(after && after !== before, 'a new session cookie comes with the answer that reports the binding');
    await sleep(300);
    const planted = await send(demo.shopUrl + '/basket', { headers: { cookie: `inpost_pay_sid=${before}` } });
    assert.doesNotMatch(planted.text, /basket-linked/, 'the planted (old) session id sees nothing');
    assert.match((await browser.get('/basket')).text, /basket-linked/, 'the new one does');
  });
});

describe('reference shop: what reaches the browser', () => {
  let demo: Demo;
  before(async () => {
    demo = await startDemo({ longPollMs: 300 });
  });
  after(() => demo.close());

  test('only the masked number and the count, never the phone number, name or browser id', async () => {
    const browser = new Browser(demo.shopUrl);
    await browser.post('/api/izi/add-to-cart', { productId: 'kubek' });
    assert.equal((await payData(browser, '600 555 444')).status, 200);
    const { json } = await send(demo.sandboxUrl + '/sandbox/binding-requests');
    const request = json.requests.find((r: { phone_number?: { phone: string } }) => r.phone_number?.phone === '600555444');
    const waiting = browser.get('/api/izi/is-bound');
    await sleep(50);
    await send(`${demo.sandboxUrl}/sandbox/binding-requests/${request.request_id}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const bound = await waiting;
    assert.equal(bound.json.status, 'SUCCESS');
    assert.equal(bound.json.masked_phone_number, '60*****44');
    const browserId = browser.cookies.get('inpost_pay_browser')!.split('.')[0];
    const leaks = (label: string, text: string) => {
      for (const secret of ['600555444', 'Jan', 'Kowalski', browserId]) assert.ok(!text.includes(secret), `${label} carries ${secret}`);
    };
    leaks('is-bound', bound.text);
    leaks('add-to-cart', (await browser.post('/api/izi/add-to-cart', { productId: 'kubek' })).text);
    leaks('basket page', (await browser.get('/basket')).text);
    leaks('order-complete', (await browser.get('/api/izi/order-complete')).text);

    // A new session in the same (now trusted) browser: the next shopper at this computer.
    const next = new Browser(demo.shopUrl);
    next.cookies.set('inpost_pay_browser', browser.cookies.get('inpost_pay_browser')!);
    leaks('trusted browser, new session', (await next.post('/api/izi/add-to-cart', { productId: 'kubek' })).text);
    leaks('trusted browser, new session is-bound', (await next.get('/api/izi/is-bound')).text);
  });

  test('X-Content-Type-Options: nosniff on every answer', async () => {
    const browser = await shopper(demo);
    const answers = {
      page: await browser.get('/'),
      json: await browser.post('/api/izi/can-be-bound', { productId: 'kubek' }),
      error: await browser.post('/api/izi/add-to-cart', { productId: 'nope' }),
      notFound: await send(demo.shopUrl + '/nope'),
      asset: await send(demo.shopUrl + '/assets/shop.js'),
      bundle: await send(demo.shopUrl + '/widget/inpost-pay.iife.js'),
      redirect: await browser.request('POST', '/cart/clear', {}),
      unsignedCallback: await send(demo.shopUrl + '/inpost/v1/izi/order', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    };
    for (const [label, answer] of Object.entries(answers)) {
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', `${label} (${answer.status})`);
    }
  });

  test('the JSON-only rule applies to the matched route, however the path is spelled', async () => {
    const browser = await shopper(demo);
    for (const path of ['/%61pi/izi/add-to-cart', '/api/izi/%61dd-to-cart', '/%61%70%69/izi/add-to-cart']) {
      const answer = await send(demo.shopUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.cookieHeader },
        body: 'productId=kubek',
      });
      assert.ok(answer.status === 415 || answer.status === 404, `${path}: ${answer.status}`);
    }
    assert.match((await browser.get('/basket')).text, /<span id="cart-count">1<\/span>/, 'nothing was added');
  });
});

describe('reference shop: binding requests are limited', () => {
  let demo: Demo;
  before(async () => {
    demo = await startDemo({ longPollMs: 300 });
  });
  after(() => demo.close());

  const requestsFor = async (phone: string) =>
    (await send(demo.sandboxUrl + '/sandbox/binding-requests')).json.requests.filter(
      (r: { phone_number?: { phone: string } }) => r.phone_number?.phone === phone,
    ).length;

  test('per phone number: a flood of 200 pushes to one number reaches the app at most 5 times', async () => {
    const shoppers = await Promise.all(Array.from({ length: 40 }, () => shopper(demo)));
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => payData(shoppers[i % shoppers.length], '600 900 900')));
    assert.ok((await requestsFor('600900900')) <= 5, 'at most 5 binding requests reached InPost Pay');
    const refused = answers.filter((answer) => answer.status === 429);
    assert.ok(refused.length >= 195, `${refused.length} refused`);
    const example = refused[0];
    assert.equal(example.json.error_code, 'TOO_MANY_REQUESTS');
    assert.match(example.json.error_message, /Zbyt wiele/);
    assert.ok(Number(example.headers.get('retry-after')) > 0, 'Retry-After says when to try again');
  });

  test('per session: one shopper cannot push to many numbers', async () => {
    const browser = await shopper(demo);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await payData(browser, `6011000${10 + i}`)).status);
    assert.deepEqual(statuses.slice(0, 5), [200, 200, 200, 200, 200]);
    assert.ok(statuses.slice(5).every((status) => status === 429), statuses.join(' '));
  });

  test('per IP: many sessions from one address are stopped too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++) {
      const browser = await shopper(demo);
      statuses.push((await payData(browser, `6021${String(i).padStart(5, '0')}`)).status);
    }
    assert.ok(statuses.includes(429), 'the address reached its limit');
    assert.ok(statuses.filter((status) => status === 200).length <= 60);
  });
});

describe('reference shop: connections', () => {
  let demo: Demo;
  before(async () => {
    demo = await startDemo({ longPollMs: 2000, shop: { requestTimeoutMs: 800, idleTimeoutMs: 3000 } });
  });
  after(() => demo.close());

  test('the order WebSocket checks Origin', async () => {
    const browser = await boundVisitor(demo);
    const url = demo.shopUrl.replace('http', 'ws') + '/api/izi/order-socket';
    const evil = await openSocket(url, { cookie: browser.cookieHeader, origin: 'https://evil.example' });
    assert.equal(evil.opened, false, 'a page of another site cannot listen to the shopper');
    evil.socket.terminate();
    const own = await openSocket(url, { cookie: browser.cookieHeader, origin: demo.shopUrl });
    assert.equal(own.opened, true);
    own.socket.close();
  });

  test('caps: sockets and long polls per visitor', async () => {
    const browser = await boundVisitor(demo);
    const url = demo.shopUrl.replace('http', 'ws') + '/api/izi/order-socket';
    const sockets = [];
    for (let i = 0; i < 10; i++) sockets.push(await openSocket(url, { cookie: browser.cookieHeader, origin: demo.shopUrl }));
    const open = sockets.filter((s) => s.opened).length;
    assert.ok(open >= 4 && open <= 8, `${open} sockets open`);
    for (const s of sockets) s.socket.terminate();

    const { version } = (await browser.get('/api/izi/order-complete')).json.state;
    const polls = await Promise.all(Array.from({ length: 12 }, () => browser.get(`/api/izi/order-complete?since=${version}`)));
    const refused = polls.filter((answer) => answer.status === 429);
    assert.ok(refused.length >= 4, `${refused.length} long polls refused`);
    assert.equal(refused[0].json.error_code, 'TOO_MANY_CONNECTIONS');
  });

  test('a request that dribbles in is cut off; a connection that sends nothing is closed', async () => {
    const { port } = new URL(demo.shopUrl);
    const slow = connect(Number(port), '127.0.0.1');
    let closedAfter = -1;
    const started = Date.now();
    slow.on('close', () => (closedAfter = Date.now() - started));
    slow.on('error', () => {});
    slow.resume();
    slow.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const dribble = setInterval(() => slow.write('X-A: b\r\n'), 200);
    try {
      for (let i = 0; i < 40 && closedAfter < 0; i++) await sleep(100);
    } finally {
      clearInterval(dribble);
      slow.destroy();
    }
    assert.ok(closedAfter > 0 && closedAfter < 3500, `closed after ${closedAfter} ms`);

    const idle = connect(Number(port), '127.0.0.1');
    let idleClosed = -1;
    const opened = Date.now();
    idle.on('close', () => (idleClosed = Date.now() - opened));
    idle.on('error', () => {});
    idle.resume();
    for (let i = 0; i < 60 && idleClosed < 0; i++) await sleep(100);
    idle.destroy();
    assert.ok(idleClosed > 0 && idleClosed < 5000, `an idle connection is closed (after ${idleClosed} ms)`);
  });
});
