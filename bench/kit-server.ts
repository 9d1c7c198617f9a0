// One instance of a shop's backend for bench 7: the merchant kit alone (createMerchantApi mounted
// with toNodeListener in Node's http server) and a trivial shop adapter whose binding confirmation
// answers a fixed basket. Run as its own process, so the load generator does not share its event
// loop; `GET /bench/cpu` (outside the kit) answers the process's CPU time. argv: <public key base64> <merchant external id> <memory | redis://host:port>.
// Prints `listening <url>` when ready.
import { createServer } from 'node:http';
import { createClient } from 'redis';
import { createMerchantApi, toNodeListener, type MerchantShop, type ReplayStore } from '../src/merchant/index.js';
import { redisReplayStore } from '../src/merchant/redis.js';

const [publicKey, merchantExternalId, store] = process.argv.slice(2);
if (!publicKey || !merchantExternalId || !store) throw new Error('usage: kit-server.ts <public key> <merchant id> <memory | redis url>');

const PRICE = { net: 48.77, gross: 59.99, vat: 11.22 };
const BASKET = {
  summary: { basket_base_price: PRICE, basket_final_price: PRICE, currency: 'PLN' as const },
  delivery: [],
  consents: [],
  products: [{ product_id: 'kubek', product_name: 'Kubek', base_price: PRICE, quantity: { quantity: 1, quantity_type: 'INTEGER' as const } }],
};

let replayStore: ReplayStore | undefined;
let redis: ReturnType<typeof createClient> | undefined;
if (store !== 'memory') {
  redis = createClient({ url: store });
  await redis.connect();
  replayStore = redisReplayStore(redis);
}

// The kit checks that the adapter has every method; the bench only calls confirmBinding.
const unused = () => {
  throw new Error('not called by the bench');
};
const shop = {
  getBasket: unused,
  confirmBinding: () => BASKET,
  applyBasketEvent: unused,
  deleteBinding: unused,
  addProduct: unused,
  createOrder: unused,
  getOrder: unused,
  applyOrderEvent: unused,
  getProducts: unused,
} as unknown as MerchantShop;
const api = createMerchantApi({
  shop,
  // InPost Pay calls <merchant API URL>/v1/izi/...; the bench registers <kit>/inpost.
  basePath: '/inpost',
  signingKeys: { merchant_external_id: merchantExternalId, public_keys: [{ public_key_base64: publicKey, version: '1' }] },
  ...(replayStore ? { replayStore } : {}),
});
const listener = toNodeListener(api);
// The bench reads this process's CPU time (user + system, µs) around each batch: a rate per
// CPU-second does not move with the load of other processes on the machine, as the wall clock does.
const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
  if (req.url === '/bench/cpu') {
    const { user, system } = process.cpuUsage();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ micros: user + system }));
    return;
  }
  listener(req, res);
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`listening http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => {
    void (redis?.quit() ?? Promise.resolve()).finally(() => process.exit(0));
  });
});
