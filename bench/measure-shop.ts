// 6. The reference shop with the sandbox: an order paid in the app puts the shopper's page on the
// thank-you page fast, with either order-watch method, and an idle linked shopper costs the
// shop's backend (almost) nothing. Real servers (dev/demo.ts, default long-poll time) and the real
// shop pages in Chromium; the app is played through the sandbox's simulator API.
import type { BrowserContext, Page } from 'playwright';
import { startDemo, type Demo } from '../dev/demo.js';
import { ms, sleep, type Bench, type Result, type Row } from './lib.js';

const SAMPLES = 20;
const ORDER_TARGET_MS = 1000;
const IDLE_MS = 60_000;
const IDLE_TARGET = { loop: 2, websocket: 0 };
type Method = keyof typeof IDLE_TARGET;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

async function json(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

/** A shopper whose browser is trusted, with the QA panel's order-watch method set. */
async function shopper(bench: Bench, demo: Demo, method: Method): Promise<{ context: BrowserContext; page: Page }> {
  const context = await bench.browser.newContext({ baseURL: demo.shopUrl });
  await context.addInitScript(`localStorage.setItem('inpost-pay-demo-qa', ${JSON.stringify(JSON.stringify({ orderWatch: method }))})`);
  const page = await context.newPage();
  await page.goto('/');
  await page.evaluate(() =>
    fetch('/api/qa/browser-trust', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"trusted":true}' }),
  );
  return { context, page };
}

/** Puts a mug into the trusted shopper's basket (bound at once), loads the product list and waits until the watch runs. */
async function linkedPage(page: Page, demo: Demo, method: Method): Promise<string> {
  const added = await page.evaluate(() =>
    fetch('/api/izi/add-to-cart', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"productId":"kubek"}' }).then((r) => r.json()),
  );
  if (!added.basket_linked) throw new Error(`the trusted basket did not bind: ${JSON.stringify(added)}`);
  const watching =
    method === 'loop'
      ? page.waitForRequest((request) => new URL(request.url()).pathname === '/api/izi/order-complete')
      : page.waitForEvent('websocket', (socket) => socket.url().endsWith('/api/izi/order-socket'));
  await page.goto('/');
  await watching;
  const link = (await page.evaluate(() => fetch('/api/izi/mobile-link').then((r) => r.json()))).link as string;
  const { baskets } = await json(`${demo.sandboxUrl}/sandbox/state`);
  const basket = baskets.find((b: { inpost_basket_id: string; linked: boolean }) => b.linked && link.endsWith(b.inpost_basket_id));
  if (!basket) throw new Error('the bound basket is not in the sandbox');
  return basket.basket_id;
}

/** ms from the app's order to the thank-you page's load, `SAMPLES` times. */
async function orderToThankYou(bench: Bench, demo: Demo, method: Method): Promise<number[]> {
  const { context, page } = await shopper(bench, demo, method);
  const times: number[] = [];
  try {
    for (let i = 0; i < SAMPLES; i++) {
      const basketId = await linkedPage(page, demo, method);
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
  const { context, page } = await shopper(bench, demo, method);
  try {
    await linkedPage(page, demo, method);
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
