import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { InpostPayClient, verifySignedRequest } from '../../src/merchant/index.js';
import { TOKEN_PATH } from '../../src/merchant/testing.js';
import { startSandbox, type Sandbox } from '../../dev/sandbox/index.js';
import { jsonInit, reply, sampleBasket, scriptedServer, send } from './helpers.js';

describe('sandbox binding lifecycle with signed callbacks', () => {
  let sandbox: Sandbox;
  let merchant: Awaited<ReturnType<typeof scriptedServer>>;
  let client: InpostPayClient;

  before(async () => {
    merchant = await scriptedServer((_request, response) => reply(response, 200, {}));
    sandbox = await startSandbox({ merchantCallbackUrl: merchant.url + '/inpost' });
    client = new InpostPayClient({ clientId: 'demo-shop', clientSecret: 'demo-secret', baseUrl: sandbox.url, tokenUrl: sandbox.url + TOKEN_PATH });
  });
  after(async () => {
    await sandbox.close();
    await merchant.close();
  });

  const verify = (request: { body: string; headers: Record<string, string | string[] | undefined> }) =>
    verifySignedRequest({ body: request.body, headers: request.headers, merchantExternalId: sandbox.merchantId, publicKey: createPublicKey(sandbox.publicKey), keyVersion: sandbox.keyVersion });

  test('phone binding accepted → signed SUCCESS, basket linked, browser trusted, later basket bound at once', async () => {
    await client.putBasket('cart-a', sampleBasket());
    await client.createBinding('cart-a', {
      binding_method: 'PHONE',
      binding_place: 'PRODUCT_CARD',
      phone_number: { country_prefix: '+48', phone: '601234599' },
      browser: { browser_id: 'browser-a', user_agent: 'test' },
    });
    const { json: pending } = await send(sandbox.url + '/sandbox/binding-requests');
    assert.equal(pending.requests.length, 1);
    assert.equal(pending.requests[0].basket_id, 'cart-a');
    assert.equal(pending.requests[0].masked_phone_number, '60*****99');

    const accepted = await send(sandbox.url + `/sandbox/binding-requests/${pending.requests[0].request_id}/accept`, jsonInit('POST', { name: 'Anna', surname: 'Nowak' }));
    assert.equal(accepted.status, 200);
    assert.equal(accepted.json.callback_status, 200);

    const callback = merchant.requests.at(-1)!;
    assert.equal(callback.url, '/inpost/basket/cart-a/confirmation');
    const body = JSON.parse(callback.body);
    assert.equal(body.status, 'SUCCESS');
    assert.deepEqual(body.phone_number, { country_prefix: '+48', phone: '601234599' });
    assert.deepEqual(body.browser, { browser_trusted: true, browser_id: 'browser-a' });
    assert.equal(body.masked_phone_number, '60*****99');
    assert.equal(body.name, 'Anna');
    assert.deepEqual(verify(callback), { ok: true });
    assert.deepEqual(verify({ ...callback, body: callback.body.replace('SUCCESS', 'REJECT') }), { ok: false, problem: 'BAD_SIGNATURE' });

    const status = await client.getBasketBinding('cart-a', 'browser-a');
    assert.equal(status.basket_linked, true);
    assert.equal(status.browser_trusted, true);
    assert.equal(status.client_details?.masked_phone_number, '60*****99');
    assert.equal((await send(sandbox.url + '/sandbox/binding-requests')).json.requests.length, 0);

    // Trusted browser: a new basket PUT with its browser_id is bound to the same phone at once.
    await client.putBasket('cart-b', sampleBasket({ browser_id: 'browser-a' }));
    const second = await client.getBasketBinding('cart-b');
    assert.equal(second.basket_linked, true);
    assert.equal(second.client_details?.phone_number.phone, '601234599');

    // A second binding request on a bound basket is refused.
    const error = await client
      .createBinding('cart-b', { binding_method: 'DEEP_LINK', binding_place: 'PRODUCT_CARD', browser: {} })
      .catch((e: { errorCode?: string }) => e);
    assert.equal((error as { errorCode: string }).errorCode, 'BASKET_IS_BINDED');

    // Unbinding, in the seed's order.
    await client.deleteBasketBinding('cart-b');
    await client.deleteBrowserBinding('browser-a');
    const after = await client.getBasketBinding('cart-b', 'browser-a');
    assert.equal(after.basket_linked, false);
    assert.equal(after.browser_trusted, false);
    const state = (await send(sandbox.url + '/sandbox/state')).json;
    assert.deepEqual(state.trusted_browsers, []);
    // cart-a keeps its binding: deleting another basket's binding does not touch it.
    assert.equal(state.baskets.find((b: { basket_id: string }) => b.basket_id === 'cart-a').linked, true);
  });

  test('deep link binding rejected → signed REJECT, basket stays unbound', async () => {
    await client.putBasket('cart-c', sampleBasket());
    const link = await client.createBinding('cart-c', { binding_method: 'DEEP_LINK', binding_place: 'BASKET_SUMMARY', browser: { browser_id: 'browser-c' } });
    assert.ok(link.deep_link_hms?.includes('izilink'));
    const { json } = await send(sandbox.url + '/sandbox/binding-requests');
    const request = json.requests.find((r: { basket_id: string }) => r.basket_id === 'cart-c');
    assert.equal(request.binding_method, 'DEEP_LINK');
    // Accepting a QR request needs the scanning phone's number; without it nothing changes.
    const refused = await send(sandbox.url + `/sandbox/binding-requests/${request.request_id}/accept`, jsonInit('POST', {}));
    assert.equal(refused.status, 400);
    assert.equal((await send(sandbox.url + '/sandbox/binding-requests')).json.requests.length, 1);

    const rejected = await send(sandbox.url + `/sandbox/binding-requests/${request.request_id}/reject`, { method: 'POST' });
    assert.equal(rejected.status, 200);
    const callback = merchant.requests.at(-1)!;
    assert.equal(JSON.parse(callback.body).status, 'REJECT');
    assert.deepEqual(verify(callback), { ok: true });
    assert.equal((await client.getBasketBinding('cart-c', 'browser-c')).basket_linked, false);
  });

  test('an order on a linked basket is posted to the merchant, signed', async () => {
    const refused = await send(sandbox.url + '/sandbox/baskets/cart-c/order', { method: 'POST' });
    assert.equal(refused.status, 409);
    assert.equal(refused.json.error_code, 'BASKET_NOT_BOUND');
    const ordered = await send(sandbox.url + '/sandbox/baskets/cart-a/order', { method: 'POST' });
    assert.equal(ordered.status, 200);
    assert.match(ordered.json.order_id, /^ORD-/);
    const callback = merchant.requests.at(-1)!;
    assert.equal(callback.url, '/inpost/order');
    const body = JSON.parse(callback.body);
    assert.equal(body.basket_id, 'cart-a');
    assert.equal(body.order_id, ordered.json.order_id);
    assert.deepEqual(verify(callback), { ok: true });
    // if_basket_realized: the ordered basket's binding goes, an unordered one's stays.
    await client.deleteBasketBinding('cart-a', { ifBasketRealized: true });
    assert.equal((await client.getBasketBinding('cart-a')).basket_linked, false);
    // cart-d is linked at once through a trusted browser and never ordered.
    await send(sandbox.url + '/sandbox/browsers/browser-d/trust', jsonInit('PUT', {}));
    try {
      await client.putBasket('cart-d', sampleBasket({ browser_id: 'browser-d' }));
      assert.equal((await client.getBasketBinding('cart-d')).basket_linked, true);
      await client.deleteBasketBinding('cart-d', { ifBasketRealized: true });
      assert.equal((await client.getBasketBinding('cart-d')).basket_linked, true);
    } finally {
      await send(sandbox.url + '/sandbox/browsers/browser-d/trust', { method: 'DELETE' });
    }
  });

  test('simulator marks and unmarks a browser as trusted', async () => {
    const marked = await send(sandbox.url + '/sandbox/browsers/qa-browser/trust', jsonInit('PUT', {}));
    assert.equal(marked.json.masked_phone_number, '60*****00');
    assert.equal((await client.getBasketBinding('none', 'qa-browser')).browser_trusted, true);
    assert.equal((await send(sandbox.url + '/sandbox/browsers/qa-browser/trust', { method: 'DELETE' })).status, 204);
    assert.equal((await client.getBasketBinding('none', 'qa-browser')).browser_trusted, false);
  });

  test('the phone simulator page and its script are served under a strict CSP', async () => {
    const page = await send(sandbox.url + '/phone');
    assert.equal(page.status, 200);
    assert.match(page.text, /<script src="\/phone\/phone.js"/);
    assert.doesNotMatch(page.text, /<script>|style="/);
    assert.match(page.headers.get('content-security-policy')!, /script-src 'self'/);
    assert.equal((await send(sandbox.url + '/phone/phone.js')).status, 200);
  });
});
