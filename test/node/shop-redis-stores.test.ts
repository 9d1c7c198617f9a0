/**
 * The reference shop's Redis-backed visitor store on a real redis-server: two stores play two
 * instances. What each writes back is only what it changed, so changes of different fields made
 * at once on two instances both survive, and the version pages wait on grows by every change.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient } from 'redis';
import { startRedisServer, type RedisServer } from '../../dev/redis-server.js';
import { RedisVisitorStore } from '../../dev/shop/redis-stores.js';

describe('RedisVisitorStore: two instances on one Redis', () => {
  let redis: RedisServer;
  let clients: Array<ReturnType<typeof createClient>> = [];
  let instanceA: RedisVisitorStore;
  let instanceB: RedisVisitorStore;

  before(async () => {
    redis = await startRedisServer();
    clients = [createClient({ url: redis.url }), createClient({ url: redis.url })];
    for (const client of clients) await client.connect();
    instanceA = new RedisVisitorStore(clients[0]!, { prefix: 'shop:', ttlSeconds: 60, rotationGraceMs: 2000 });
    instanceB = new RedisVisitorStore(clients[1]!, { prefix: 'shop:', ttlSeconds: 60, rotationGraceMs: 2000 });
  });
  after(async () => {
    for (const client of clients) await client.quit().catch(() => undefined);
    await redis?.stop();
  });

  test('a visitor created on A is found on B by session and by basket, with its cart', async () => {
    const visitor = instanceA.create('br-1');
    visitor.cart.add('kubek', undefined, 2);
    assert.equal(await instanceA.save(visitor), true);
    const bySession = await instanceB.loadBySession(visitor.id);
    assert.ok(bySession);
    assert.notEqual(bySession, visitor, 'a copy of its own');
    assert.equal(bySession.browserId, 'br-1');
    assert.equal(bySession.cart.count, 2, 'the cart is a Cart again');
    assert.equal(await instanceB.loadByBasket(visitor.basketId), bySession);
    assert.equal(instanceB.byBasketId(visitor.basketId), bySession);
  });

  test('different fields changed at once on A and B: both changes kept, the version grows by both', async () => {
    const onA = instanceA.create(undefined);
    await instanceA.save(onA);
    const onB = (await instanceB.loadBySession(onA.id))!;
    const version = onA.version;
    // A: the app changed the quantity. B, from its older copy: the binding.
    onA.cart.add('plecak', undefined);
    onA.version++;
    onB.linked = true;
    onB.maskedPhoneNumber = '60*****00';
    onB.version++;
    await instanceA.save(onA);
    await instanceB.save(onB);
    const fresh = (await new RedisVisitorStore(clients[0]!, { prefix: 'shop:', ttlSeconds: 60 }).loadBySession(onA.id))!;
    assert.equal(fresh.cart.count, 1, "A's cart change survived B's write");
    assert.equal(fresh.linked, true);
    assert.equal(fresh.maskedPhoneNumber, '60*****00');
    assert.equal(fresh.version, version + 2);
  });

  test("a reload takes the other instance's changes and keeps this instance's unsaved ones", async () => {
    const onA = instanceA.create(undefined);
    await instanceA.save(onA);
    const onB = (await instanceB.loadBySession(onA.id))!;
    onB.cart.add('kubek', undefined); // a request on B, still running
    onA.linked = true;
    onA.version++;
    await instanceA.save(onA);
    assert.equal(await instanceB.load(instanceA.keyOf(onA)!), onB, 'the same cached object, updated in place');
    assert.equal(onB.linked, true, "A's change arrived");
    assert.equal(onB.cart.count, 1, "B's unsaved change is kept");
    assert.equal(onB.version, onA.version);
    await instanceB.save(onB);
    const fresh = (await instanceA.load(instanceA.keyOf(onA)!))!;
    assert.equal(fresh.cart.count, 1);
    assert.equal(fresh.linked, true);
  });

  test('a rotated session id leads to the visitor on the other instance; the old one only for the grace period', async () => {
    const onA = instanceA.create(undefined);
    await instanceA.save(onA);
    const oldId = onA.id;
    instanceA.rotate(onA);
    await instanceA.save(onA);
    assert.notEqual(onA.id, oldId);
    assert.equal((await instanceB.loadBySession(onA.id))?.id, onA.id);
    assert.equal((await instanceB.loadBySession(oldId))?.id, onA.id, 'still valid for requests already on their way');
    const ttl = await clients[0]!.pTTL(`shop:sid:${oldId}`);
    assert.ok(ttl > 0 && ttl <= 2000, `old session id expires with the grace period (${ttl} ms)`);
  });

  test('nothing changed, nothing written', async () => {
    const onA = instanceA.create(undefined);
    await instanceA.save(onA);
    assert.equal(await instanceA.save(onA), false);
    const onB = (await instanceB.loadBySession(onA.id))!;
    onB.lastSeen = Date.now() + 1000; // this instance's own bookkeeping is never shared
    assert.equal(await instanceB.save(onB), false);
  });
});
