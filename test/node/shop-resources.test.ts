/** The demo shop's resources: its visitor store under a flood of new visitors, and the widget bundle's caching. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WebSocket } from 'ws';
import { startDemo, type Demo } from '../../dev/demo.js';
import { VisitorStore } from '../../dev/shop/visitors.js';
import { send } from './helpers.js';

describe('visitor store', () => {
  test('forgets the visitor seen least recently, and releases what it was waiting on', () => {
    const store = new VisitorStore(2);
    const active = store.create(undefined);
    const idle = store.create(undefined);
    let woken = 0;
    let closed = 0;
    idle.waiters.add(() => woken++);
    idle.sockets.add({ close: () => closed++ } as unknown as WebSocket);
    assert.equal(store.get(active.id), active, 'the active visitor is seen again');
    store.create(undefined);
    assert.equal(store.get(active.id), active, 'the recently seen visitor stays');
    assert.equal(store.get(idle.id), undefined, 'the least recently seen one goes');
    assert.equal(store.byBasketId(idle.basketId), undefined);
    assert.equal(woken, 1, 'its long poll answers');
    assert.equal(closed, 1, 'its order-watch socket closes');
  });
});

describe('visitor store: what is never forgotten', () => {
  test('a bound basket or an order on its way stays; with only those left, a new visitor is refused with 503', () => {
    const store = new VisitorStore(2);
    const bound = store.create(undefined);
    bound.linked = true;
    const ordering = store.create(undefined);
    ordering.redirect = '/thank-you';
    assert.throws(() => store.create(undefined), (error: { status?: number; errorCode?: string }) => error.status === 503 && error.errorCode === 'SERVICE_UNAVAILABLE');
    assert.equal(store.get(bound.id), bound);
    assert.equal(store.byBasketId(ordering.basketId), ordering);
    ordering.redirect = null; // the thank-you page was shown
    const next = store.create(undefined);
    assert.equal(store.byBasketId(ordering.basketId), undefined, 'now it may go');
    assert.equal(store.get(next.id), next);
  });

  test('a replaced session id works for the grace period only', async () => {
    const store = new VisitorStore({ limit: 10, rotationGraceMs: 50 });
    const visitor = store.create(undefined);
    const old = visitor.id;
    store.rotate(visitor);
    assert.notEqual(visitor.id, old);
    assert.equal(store.get(old), visitor, 'requests already on their way');
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(store.get(old), undefined);
    assert.equal(store.get(visitor.id), visitor);
  });
});

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
