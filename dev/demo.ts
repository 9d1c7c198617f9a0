/**
 * One command for the whole demo: the local InPost Pay sandbox, the demo shop wired to it.
 *
 * The wiring is InPost Pay's own: the shop calls the sandbox as it would call InPost (OAuth2
 * client credentials, `/v1/izi/...`, and the signing keys from `GET /v1/izi/signing-keys/public`
 * with their `merchant_external_id`); the sandbox calls the shop's merchant API, registered as
 * `<shop url>/inpost`, at `<shop url>/inpost/v1/izi/...`, signed with its newest key.
 *
 *   node --import tsx dev/demo.ts        (SHOP_PORT default 4000, SANDBOX_PORT default 4010)
 *
 * `startDemo()` does the same for end-to-end tests (ports 0 pick free ones).
 *
 * Environment of the command: `SHOP_PORT`, `SANDBOX_PORT`; `REDIS_URL` (carts, orders and the widget
 * API's state in Redis, for several instances); `SHOP_COOKIE_SECRET` (the widget API's cookie secret,
 * the same on every instance; default random per start); `MERCHANT_API_URL` (the merchant API URL
 * registered with the sandbox, e.g. a load balancer's `http://127.0.0.1:8080/inpost`; default this
 * shop's); `SANDBOX_URL` (join that running sandbox instead of starting one: a second instance).
 */
import { pathToFileURL } from 'node:url';
import { TOKEN_PATH } from '../src/merchant/testing.js';
import { startSandbox } from './sandbox/index.js';
import { startShop, type ShopOptions } from './shop/server.js';

export interface DemoOptions {
  shopPort?: number;
  sandboxPort?: number;
  /** Shop: how long a long poll (`is-bound`, `order-complete?since=`) waits before answering unchanged, ms. */
  longPollMs?: number;
  logger?: boolean;
  /** More options of the shop (limits, timeouts), for tests. */
  shop?: Partial<ShopOptions>;
  /** Join this running sandbox (`http://host:port`) instead of starting one; its merchant API URL is left as registered. */
  sandboxUrl?: string;
  /** The merchant API URL to register with the sandbox started here. Default `<shop url>/inpost`. */
  merchantApiUrl?: string;
}

export interface Demo {
  shopUrl: string;
  sandboxUrl: string;
  phoneUrl: string;
  close(): Promise<void>;
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const clientId = 'demo-shop';
  const clientSecret = 'demo-secret';
  const sandbox = options.sandboxUrl ? undefined : await startSandbox({ port: options.sandboxPort ?? 0, host: '127.0.0.1', clientId, clientSecret });
  const sandboxUrl = options.sandboxUrl?.replace(/\/+$/, '') ?? sandbox!.url;
  try {
    const shop = await startShop({
      port: options.shopPort ?? 0,
      host: '127.0.0.1',
      inpost: { clientId, clientSecret, baseUrl: sandboxUrl, tokenUrl: sandboxUrl + TOKEN_PATH },
      longPollMs: options.longPollMs,
      qaSandboxUrl: sandboxUrl,
      phoneSimulatorUrl: `${sandboxUrl}/phone`,
      logger: options.logger,
      ...options.shop,
    });
    sandbox?.setMerchantApiUrl(options.merchantApiUrl ?? `${shop.url}/inpost`);
    return {
      shopUrl: shop.url,
      sandboxUrl,
      phoneUrl: `${sandboxUrl}/phone`,
      async close() {
        try {
          await shop.close();
        } finally {
          await sandbox?.close();
        }
      },
    };
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
}

function port(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new Error(`${name} must be a port number`);
  return parsed;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // REDIS_URL: the shop keeps visitors, orders, pushes and seen signatures in that Redis, as one of several instances would.
  const redisUrl = process.env.REDIS_URL || undefined;
  const env = (name: string) => process.env[name] || undefined;
  const demo = await startDemo({
    shopPort: port('SHOP_PORT', 4000),
    sandboxPort: port('SANDBOX_PORT', 4010),
    sandboxUrl: env('SANDBOX_URL'),
    merchantApiUrl: env('MERCHANT_API_URL'),
    shop: { redisUrl, cookieSecret: env('SHOP_COOKIE_SECRET') },
  });
  console.log(`Shop:            ${demo.shopUrl}/`);
  console.log(`Basket page:     ${demo.shopUrl}/basket`);
  console.log(`Phone simulator: ${demo.phoneUrl}`);
  console.log(`Sandbox API:     ${demo.sandboxUrl}/sandbox/state`);
  if (redisUrl) console.log(`Shared state:    ${redisUrl.replace(/\/\/[^@/]*@/, '//')}`);
  if (env('SANDBOX_URL')) console.log('Joined the running sandbox: InPost Pay calls the merchant API URL registered by the first instance.');
  else console.log(`Merchant API:    ${env('MERCHANT_API_URL') ?? `${demo.shopUrl}/inpost`} (registered with the sandbox)`);
  const stop = () => {
    demo.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
