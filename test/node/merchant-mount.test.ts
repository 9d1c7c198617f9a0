import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { withExpress, withFastify, withNodeHttp } from '../../docs/snippets/merchant/mount.js';
import { createMerchantApi, type SigningKeys } from '../../src/merchant/index.js';
import { generateSigningKey, signRequest } from '../../src/merchant/testing.js';
import { CONFIRMATION_SUCCESS, prestashopBasket, shopWith } from './merchant-fixtures.js';

// The documentation's three ways to mount the kit (Node http, fastify, express), run from the very
// snippet file the site shows (docs/snippets/merchant/mount.ts, which imports the built package by
// its name), each answering a signed POST with a body and a signed GET under the shop's prefix `/inpost`.

const KEY = generateSigningKey();
const KEYS: SigningKeys = { merchant_external_id: 'M-1', public_keys: [{ public_key_base64: KEY.publicKeyBase64, version: '1' }] };

/** The kit; `basePath` names the prefix it is mounted under (every framework hands it the full path). */
function handler(basePath?: string) {
  const confirmed: unknown[] = [];
  const shop = shopWith({
    getBasket: () => prestashopBasket(),
    confirmBinding: (_id, confirmation) => (confirmed.push(confirmation), prestashopBasket()),
  });
  return { api: createMerchantApi({ shop, signingKeys: KEYS, ...(basePath === undefined ? {} : { basePath }) }), confirmed };
}

async function exercise(origin: string, confirmed: unknown[]) {
  const body = JSON.stringify(CONFIRMATION_SUCCESS);
  const sign = (raw: string) => signRequest({ body: raw, merchantExternalId: 'M-1', keyVersion: '1', privateKey: KEY.privateKey, publicKey: KEY.publicKeyBase64 });
  const post = await fetch(`${origin}/inpost/v1/izi/basket/b-1/confirmation`, { method: 'POST', headers: { 'content-type': 'application/json', ...sign(body) }, body });
  assert.equal(post.status, 200, await post.clone().text());
  assert.deepEqual(await post.json(), prestashopBasket());
  assert.deepEqual(confirmed, [CONFIRMATION_SUCCESS]);
  const get = await fetch(`${origin}/inpost/v1/izi/basket/b-1`, { headers: { ...sign('') } });
  assert.equal(get.status, 200);
  const unsigned = await fetch(`${origin}/inpost/v1/izi/basket/b-1`);
  assert.equal(unsigned.status, 401);
  // Routes are matched at the mount point only: the same signed call one level deeper is unknown.
  const deeper = await fetch(`${origin}/inpost/anything/v1/izi/basket/b-1`, { headers: { ...sign('') } });
  assert.equal(deeper.status, 404);
}

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('mounting the kit', () => {
  test('Node http', async () => {
    const { api, confirmed } = handler('/inpost');
    const server = withNodeHttp(api);
    try {
      // The prefix is the kit's basePath: the bare http server hands it every path.
      await exercise(await listen(server), confirmed);
    } finally {
      await close(server);
    }
  });

  test('fastify', async () => {
    const { api, confirmed } = handler('/inpost');
    const app = await withFastify(api);
    app.post('/api/other', async (request) => ({ parsed: request.body }));
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      await exercise(origin, confirmed);
      // The shop's other routes keep fastify's JSON parsing.
      const other = await fetch(`${origin}/api/other`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
      assert.deepEqual(await other.json(), { parsed: { a: 1 } });
    } finally {
      await app.close();
    }
  });

  test('express', async () => {
    const { api, confirmed } = handler('/inpost');
    const app = withExpress(api);
    app.post('/api/other', (request, response) => void response.json({ parsed: request.body }));
    const server = createServer(app);
    try {
      const origin = await listen(server);
      await exercise(origin, confirmed);
      const other = await fetch(`${origin}/api/other`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
      assert.deepEqual(await other.json(), { parsed: { a: 1 } });
    } finally {
      await close(server);
    }
  });
});
