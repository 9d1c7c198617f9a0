/**
 * The reference shop as two instances sharing a real redis-server, InPost Pay's calls (the
 * sandbox) going to them in turn through a round-robin balancer; the shopper's tab is served by
 * instance B, so its order watch sits there. A quantity changed in the app and the order, each
 * received by instance A, reach the widgets on B's page within 2 s, with either order-watch method.
 */
import { test as base } from '@playwright/test';
import { startLoadBalancer, type LoadBalancer } from '../../dev/load-balancer.js';
import { startRedisServer, type RedisServer } from '../../dev/redis-server.js';
import { startSandbox, type Sandbox } from '../../dev/sandbox/index.js';
import { startShop, type Shop } from '../../dev/shop/server.js';
import { TOKEN_PATH } from '../../src/merchant/testing.js';
import { card, expect, modal, open, Phone, qaSettings, uniquePhone } from './fixtures.js';

const WITHIN = { timeout: 2000 };
const A = 0;
const B = 1;

interface Instances {
  sandbox: Sandbox;
  shops: Shop[];
  balancer: LoadBalancer;
}

const test = base.extend<object, { instances: Instances }>({
  instances: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const redis: RedisServer = await startRedisServer();
      const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', clientId: 'demo-shop', clientSecret: 'demo-secret' });
      const shops: Shop[] = [];
      for (let i = 0; i < 2; i++) {
        shops.push(
          await startShop({
            inpost: { clientId: 'demo-shop', clientSecret: 'demo-secret', baseUrl: sandbox.url, tokenUrl: sandbox.url + TOKEN_PATH },
            cookieSecret: 'the same secret on every instance',
            redisUrl: redis.url,
            longPollMs: 10_000,
            phoneSimulatorUrl: `${sandbox.url}/phone`,
          }),
        );
      }
      const balancer = await startLoadBalancer(shops.map((shop) => shop.url));
      sandbox.setMerchantApiUrl(`${balancer.url}/inpost`);
      await use({ sandbox, shops, balancer });
      for (const shop of shops) await shop.close();
      await balancer.close();
      await sandbox.close();
      await redis.stop();
    },
    { scope: 'worker' },
  ],
});

for (const method of ['loop', 'websocket'] as const) {
  test(`a page on instance B follows the app's change and the order received by A (${method})`, async ({ page, context, instances }) => {
    const { sandbox, shops, balancer } = instances;
    const phone = new Phone(sandbox.url);
    const app = (path: string, body: unknown = {}) =>
      fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    /** The app reads the basket (a harmless call) until InPost's next call goes to A. */
    const nextCallToA = async (basketId: string) => {
      if (balancer.next() !== A) expect((await app(`/sandbox/baskets/${basketId}/refresh`)).status).toBe(200);
      expect(balancer.next()).toBe(A);
    };

    await qaSettings(context, { orderWatch: method });
    await open(page, `${shops[B]!.url}/`);
    await card(page, 'kubek').getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click();
    const number = uniquePhone();
    await modal(page).getByLabel('Numer telefonu').fill(number);
    await modal(page).getByRole('button', { name: 'Połącz' }).click();
    const { basket_id: basketId } = await phone.accept(number);
    await expect(page.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 1 produkt' })).toHaveCount(4);
    await page.keyboard.press('Escape');

    await nextCallToA(basketId);
    expect((await app(`/sandbox/baskets/${basketId}/quantity`, { product_id: 'kubek', quantity: 3 })).status).toBe(200);
    expect(balancer.calls.at(-1)).toMatchObject({ instance: A, method: 'POST' });
    await expect(page.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 3 produkty' })).toHaveCount(4, WITHIN);
    await expect(page.locator('#cart-count')).toHaveText('3', WITHIN);

    await nextCallToA(basketId);
    expect((await app(`/sandbox/baskets/${basketId}/order`, { payment_status: 'AUTHORIZED' })).status).toBe(200);
    expect(balancer.calls.find((call) => call.path.endsWith('/v1/izi/order') && call.body.includes(basketId))).toMatchObject({ instance: A, status: 201 });
    await page.waitForURL(`${shops[B]!.url}/thank-you`, WITHIN);
    await expect(page.locator('#payment-status')).toHaveText('opłacone');
  });
}
