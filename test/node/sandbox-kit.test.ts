/**
 * The sandbox against the merchant kit: `createMerchantApi` mounted under a shop's `/inpost`
 * prefix on a real HTTP server, fetching InPost's signing keys from the sandbox through the
 * client. Every call the phone makes must pass the kit's signature and shape checks, also after
 * QA rotates the signing key, with no restart of the shop.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createMerchantApi, InpostPayClient, toNodeListener, type Basket, type BasketEvent, type MerchantShop } from '../../src/merchant/index.js';
import { TOKEN_PATH } from '../../src/merchant/testing.js';
import { startSandbox, type Sandbox } from '../../dev/sandbox/index.js';
import { jsonInit, send } from './helpers.js';

const price = (gross: number) => ({ net: +(gross / 1.23).toFixed(2), gross, vat: +(gross - gross / 1.23).toFixed(2) });

/** A one-basket shop: the adapter keeps a quantity and the events it saw. */
function tinyShop() {
  const seen: string[] = [];
  let quantity = 1;
  const basket = (): Basket => ({
    summary: { basket_base_price: price(10 * quantity), basket_final_price: price(10 * quantity), currency: 'PLN' },
    delivery: [{ delivery_type: 'APM', delivery_date: '2026-12-01T12:00:00.000Z', delivery_price: price(10) }],
    products: [{ product_id: 'p1', product_name: 'Kubek', base_price: price(10), quantity: { quantity, quantity_type: 'INTEGER' } }],
    consents: [],
    promo_codes: [],
  });
  const shop: MerchantShop = {
    getBasket: () => (seen.push('get'), basket()),
    confirmBinding: (_id, confirmation) => (seen.push(`confirm:${confirmation.status}`), basket()),
    applyBasketEvent: (_id, event: BasketEvent) => {
      seen.push(`event:${event.event_type}`);
      if (event.event_type === 'PRODUCTS_QUANTITY') quantity = event.quantity_event_data[0]!.quantity.quantity;
      return basket();
    },
    deleteBinding: () => void seen.push('unbind'),
    addProduct: () => undefined,
    createOrder: () => undefined,
    getOrder: () => undefined,
    applyOrderEvent: () => undefined,
    getProducts: (query) => ({ content: [], total_items: 0, page_index: query.page_index, page_size: query.page_size }),
  };
  return { shop, seen };
}

describe('sandbox → merchant kit', () => {
  let sandbox: Sandbox;
  let server: Server;
  let client: InpostPayClient;
  const { shop, seen } = tinyShop();

  before(async () => {
    sandbox = await startSandbox();
    client = new InpostPayClient({ clientId: 'demo-shop', clientSecret: 'demo-secret', baseUrl: sandbox.url, tokenUrl: sandbox.url + TOKEN_PATH });
    // The default key settings: a rotation followed at once by a call must be accepted.
    const handler = toNodeListener(createMerchantApi({ shop, client, basePath: '/inpost' }));
    server = createServer((request, response) => {
      if (request.url?.startsWith('/inpost/')) return handler(request, response);
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sandbox.setMerchantApiUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/inpost`);
  });
  after(async () => {
    await sandbox.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const simulator = (method: string, path: string, body?: unknown) => send(sandbox.url + path, jsonInit(method, body));

  test('binding, a quantity change, a key rotation, and the unlink all pass the kit', async () => {
    await client.putBasket('cart-1', { ...(await shop.getBasket('cart-1'))! });
    await client.createBinding('cart-1', { binding_method: 'PHONE', binding_place: 'BASKET_SUMMARY', phone_number: { country_prefix: '+48', phone: '600700800' }, browser: {} });
    const [pending] = (await simulator('GET', '/sandbox/binding-requests')).json.requests;
    const accepted = await simulator('POST', `/sandbox/binding-requests/${pending.request_id}/accept`, {});
    assert.equal(accepted.status, 200, accepted.text);

    const changed = await simulator('POST', '/sandbox/baskets/cart-1/quantity', { product_id: 'p1', quantity: 4 });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.json.final_gross, 40);

    const rotated = await simulator('POST', '/sandbox/keys/rotate', {});
    assert.equal(rotated.json.version, '2');
    const afterRotation = await simulator('POST', '/sandbox/baskets/cart-1/quantity', { product_id: 'p1', quantity: 2 });
    assert.equal(afterRotation.status, 200, afterRotation.text);
    const refreshed = await simulator('POST', '/sandbox/baskets/cart-1/refresh', {});
    assert.equal(refreshed.status, 200, refreshed.text);

    const deleted = await simulator('DELETE', '/sandbox/baskets/cart-1/binding');
    assert.equal(deleted.status, 204);
    assert.deepEqual(seen.filter((s) => s !== 'get'), ['confirm:SUCCESS', 'event:PRODUCTS_QUANTITY', 'event:PRODUCTS_QUANTITY', 'unbind']);
    const state = (await simulator('GET', '/sandbox/state')).json;
    assert.deepEqual(state.calls.filter((c: { problems: string[] }) => c.problems.length), []);
    assert.deepEqual(state.calls.map((c: { method: string; path: string }) => `${c.method} ${c.path}`), [
      'POST /v1/izi/basket/cart-1/confirmation',
      'POST /v1/izi/basket/cart-1/event',
      'POST /v1/izi/basket/cart-1/event',
      'GET /v1/izi/basket/cart-1',
      'DELETE /v1/izi/basket/cart-1/binding',
    ]);
    const lastTwo = (await simulator('GET', '/sandbox/state?calls=2')).json.calls;
    assert.deepEqual(lastTwo.map((c: { method: string }) => c.method), ['GET', 'DELETE']);
  });
});
