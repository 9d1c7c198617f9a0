// One instance of the widget API for bench 9: createWidgetApi (in-memory store, a trivial cart
// adapter, an InPost client that answers at once) mounted with toNodeListener at /inpost-pay in
// Node's http server, and beside it a bare Node http handler answering the same bodies (the
// baseline), under /bare. Run as its own process, so the load generator does not share its event
// loop; `GET /bench/cpu` answers the process's CPU time (user + system, µs). Prints `listening <url>`.
//
// Bare routes: GET /bare/order-complete?since= (the JSON the handler answers), GET /bare/order-events
// (an event stream: the same retry line and first message), POST /bare/push (one message to every
// open bare stream, answered with the same JSON as the handler's add-to-cart).
import { createServer, type ServerResponse } from 'node:http';
import { createWidgetApi, toNodeListener, type InpostPayShop } from '../src/merchant/index.js';

const PRICE = { net: 48.77, gross: 59.99, vat: 11.22 };
const carts = new Map<string, number>();
const shop = {
  getBasket(basketId: string) {
    const quantity = carts.get(basketId);
    if (quantity === undefined) return undefined;
    return {
      summary: { basket_base_price: PRICE, basket_final_price: PRICE, currency: 'PLN' as const },
      delivery: [],
      consents: [],
      products: [{ product_id: 'kubek', product_name: 'Kubek', base_price: PRICE, quantity: { quantity, quantity_type: 'INTEGER' as const } }],
    };
  },
  addToCart(basketId: string) {
    carts.set(basketId, (carts.get(basketId) ?? 0) + 1);
  },
} as unknown as InpostPayShop;
const client = {
  getBasketBinding: async () => ({ basket_linked: false, browser_trusted: false }),
  putBasket: async (basketId: string) => ({ inpost_basket_id: `inpost-${basketId}` }),
} as never;

const api = createWidgetApi({
  client,
  shop,
  cookieSecret: 'bench bench bench bench bench bench bench bench',
  basePath: '/inpost-pay',
  // The load generator is one address with many connections: the per-address caps would refuse it.
  maxOpenPerVisitor: 10_000,
  maxOpenPerAddress: 10_000,
  newVisitorsPerAddress: 10_000,
  heartbeatMs: 60_000,
});
const listener = toNodeListener(api);

const STATE = JSON.stringify({ state: { version: 1, basket_linked: false, count: 1 } });
const ADDED = JSON.stringify({ basket_linked: false, browser_trusted: false, count: 1 });
const bareStreams = new Set<ServerResponse>();
let pushes = 0;

const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
  const path = req.url?.split('?')[0];
  if (path === '/bench/cpu') {
    const { user, system } = process.cpuUsage();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ micros: user + system }));
  } else if (path === '/bare/order-complete') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(STATE);
  } else if (path === '/bare/order-events') {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' });
    res.write('retry: 3000\n\n');
    res.write(`data: ${STATE}\n\n`);
    bareStreams.add(res);
    req.on('close', () => bareStreams.delete(res));
  } else if (path === '/bare/push' && req.method === 'POST') {
    req.resume();
    req.on('end', () => {
      const data = JSON.stringify({ state: { version: ++pushes, basket_linked: false, count: pushes } });
      for (const stream of bareStreams) stream.write(`data: ${data}\n\n`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(ADDED);
    });
  } else {
    listener(req, res);
  }
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`listening http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
