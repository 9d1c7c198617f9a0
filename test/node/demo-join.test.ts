/**
 * `npm run demo` as a second instance: joining a running sandbox (`SANDBOX_URL`) with the shared
 * cookie secret (`SHOP_COOKIE_SECRET`) and Redis (`REDIS_URL`), as startDemo's options.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDemo } from '../../dev/demo.js';
import { startRedisServer } from '../../dev/redis-server.js';
import { Browser, send } from './helpers.js';

test('a second demo instance joins the sandbox and shares sessions and carts with the first', async () => {
  const redis = await startRedisServer();
  const cookieSecret = 'a-secret-both-instances-share-0123456789';
  const first = await startDemo({ shop: { redisUrl: redis.url, cookieSecret } });
  const second = await startDemo({ sandboxUrl: first.sandboxUrl, shop: { redisUrl: redis.url, cookieSecret } });
  try {
    assert.equal(second.sandboxUrl, first.sandboxUrl, 'no second sandbox');
    const onFirst = new Browser(first.shopUrl);
    assert.equal((await onFirst.post('/api/izi/add-to-cart', { productId: 'kubek' })).status, 200);
    const onSecond = new Browser(second.shopUrl);
    for (const [name, value] of onFirst.cookies) onSecond.cookies.set(name, value);
    assert.equal((await onSecond.get('/api/izi/order-complete')).json.state.count, 1, 'the session and the cart are known to the second instance');
    // The second instance talks to the first one's sandbox: its QR binding request lands there.
    assert.equal((await onSecond.post('/api/izi/pay-data', { bindingPlace: 'BASKET_SUMMARY' })).status, 200);
    assert.equal((await send(`${first.sandboxUrl}/sandbox/state`)).status, 200);
  } finally {
    await second.close();
    await first.close();
    await redis.stop();
  }
});
