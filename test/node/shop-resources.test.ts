/** The demo shop's resources: the widget bundle's caching. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDemo, type Demo } from '../../dev/demo.js';
import { send } from './helpers.js';

describe('widget bundle served by the demo shop', () => {
  let demo: Demo;
  before(async () => {
    demo = await startDemo();
  });
  after(() => demo.close());

  test('is revalidated on every page view and sent again only when it changed', async () => {
    const first = await send(`${demo.shopUrl}/widget/inpost-pay.iife.js`);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('cache-control'), 'no-cache');
    const lastModified = first.headers.get('last-modified');
    assert.ok(lastModified);
    const again = await send(`${demo.shopUrl}/widget/inpost-pay.iife.js`, { headers: { 'if-modified-since': lastModified } });
    assert.equal(again.status, 304);
    const stale = await send(`${demo.shopUrl}/widget/inpost-pay.iife.js`, { headers: { 'if-modified-since': new Date(0).toUTCString() } });
    assert.equal(stale.status, 200);
  });
});
