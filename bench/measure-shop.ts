// 6. The reference shop with the sandbox: an order paid in the app puts the shopper's page on the
// thank-you page fast, with either order-watch method, and an idle linked shopper costs the
// shop's backend (almost) nothing. Real servers (dev/demo.ts, default long-poll time) and the real
// shop pages in Chromium; the app is played through the sandbox's simulator API.
import { startDemo, type Demo } from '../dev/demo.js';
import { ms, sleep, type Bench, type Result, type Row } from './lib.js';
import { json, linkedPage, percentile, trustedShopper } from './shop-pages.js';

const SAMPLES = 20;
const ORDER_TARGET_MS = 1000;
const IDLE_MS = 60_000;
const IDLE_TARGET = { loop: 2, websocket: 0 };
type Method = keyof typeof IDLE_TARGET;

/** ms from the app's order to the thank-you page's load, `SAMPLES` times. */
async function orderToThankYou(bench: Bench, demo: Demo, method: Method): Promise<number[]> {
  const { context, page } = await trustedShopper(bench, demo.shopUrl, method);
  const times: number[] = [];
  try {
    for (let i = 0; i < SAMPLES; i++) {
      const basketId = await linkedPage(page, demo.sandboxUrl, method);
      // Let the watch settle into its wait (a long poll in flight, or a quiet socket).
      await sleep(150);
      const arrived = page.waitForURL('**/thank-you', { waitUntil: 'load', timeout: 15_000 });
      const started = Date.now();
      await json(`${demo.sandboxUrl}/sandbox/baskets/${basketId}/order`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      await arrived;
      times.push(Date.now() - started);
    }
  } finally {
    await context.close();
  }
  return times;
}

/** Requests a linked page sends to the shop's backend while idle for `IDLE_MS`. */
async function idleRequests(bench: Bench, demo: Demo, method: Method): Promise<{ requests: number; sockets: number }> {
  const { context, page } = await trustedShopper(bench, demo.shopUrl, method);
  try {
    await linkedPage(page, demo.sandboxUrl, method);
    await sleep(500);
    let requests = 0;
    let sockets = 0;
    page.on('request', () => requests++);
    page.on('websocket', () => sockets++);
    await sleep(IDLE_MS);
    return { requests, sockets };
  } finally {
    await context.close();
  }
}

export async function measureShop(bench: Bench): Promise<Result> {
  const demo = await startDemo();
  try {
    const orders: Record<Method, number[]> = { loop: await orderToThankYou(bench, demo, 'loop'), websocket: await orderToThankYou(bench, demo, 'websocket') };
    const [loopIdle, socketIdle] = await Promise.all([idleRequests(bench, demo, 'loop'), idleRequests(bench, demo, 'websocket')]);
    const idle: Record<Method, { requests: number; sockets: number }> = { loop: loopIdle, websocket: socketIdle };
    const perMinute = (count: number) => (count * 60_000) / IDLE_MS;
    const rows: Row[] = [];
    for (const method of ['loop', 'websocket'] as const) {
      const p95 = percentile(orders[method], 95);
      rows.push({
        id: '6',
        measurement: `order paid in the app → the shopper's page on the thank-you page (${method}; p95 of ${SAMPLES}, wall clock)`,
        widget: `${ms(p95)} (median ${ms(percentile(orders[method], 50))})`,
        baseline: '',
        figure: ms(p95),
        target: `≤ ${ORDER_TARGET_MS} ms`,
        ok: orders[method].length === SAMPLES && p95 <= ORDER_TARGET_MS,
      });
    }
    for (const method of ['loop', 'websocket'] as const) {
      const { requests, sockets } = idle[method];
      rows.push({
        id: '6',
        measurement: `idle linked shopper: requests to the shop's backend per minute (${method}${method === 'loop' ? ', long poll' : ''}; ${IDLE_MS / 1000} s)`,
        widget: `${requests} requests${sockets ? `, ${sockets} new sockets` : ''}`,
        baseline: '',
        figure: `${perMinute(requests + sockets)} / min`,
        target: `≤ ${IDLE_TARGET[method]} / min`,
        ok: perMinute(requests + sockets) <= IDLE_TARGET[method],
      });
    }
    const details = [
      `**6. Order to thank-you page.** Each sample: a trusted shopper's basket bound at once, the product list loaded, the order watch running ` +
        `(loop: \`iziGetOrderComplete\` long-polls \`/api/izi/order-complete?since=\`, answered at once on a change, else after ${35} s; ` +
        `websocket: the widget's socket). The clock starts when the sandbox is asked to place the order (it calls \`POST …/v1/izi/order\`, ` +
        `then the payment event) and stops at the thank-you page's load. Samples (ms): loop ${orders.loop.join(', ')}; websocket ${orders.websocket.join(', ')}.`,
    ];
    return { rows, details };
  } finally {
    await demo.close();
  }
}
