// The reference shop's pages as the order-watch measurements (6 and 10) drive them: a shopper whose
// browser is trusted (a basket binds at once), a linked page with its order watch running, and the
// small helpers both measurements use.
import type { BrowserContext, Page } from 'playwright';
import type { Bench } from './lib.js';

export type OrderWatchMethod = 'loop' | 'sse' | 'websocket';

/** Where each method's order watch connects on the reference shop (the widget API at /api/izi). */
const PATHS: Record<OrderWatchMethod, string> = { loop: '/api/izi/order-complete', sse: '/api/izi/order-events', websocket: '/api/izi/order-socket' };

/** The value at percentile `p` of `values` (nearest rank). */
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** A request's JSON answer; a failed status throws with the start of the body. */
export async function json(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

/** A shopper on `shopUrl` whose browser is trusted, with the QA panel's order-watch method set. */
export async function trustedShopper(bench: Bench, shopUrl: string, method: OrderWatchMethod): Promise<{ context: BrowserContext; page: Page }> {
  const context = await bench.browser.newContext({ baseURL: shopUrl });
  await context.addInitScript(`localStorage.setItem('inpost-pay-demo-qa', ${JSON.stringify(JSON.stringify({ orderWatch: method }))})`);
  const page = await context.newPage();
  await page.goto('/');
  await page.evaluate(() => fetch('/api/qa/browser-trust', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"trusted":true}' }));
  return { context, page };
}

/** A mug in the trusted shopper's basket (bound at once), the product list loaded, the watch running: the shop's basket id. */
export async function linkedPage(page: Page, sandboxUrl: string, method: OrderWatchMethod): Promise<string> {
  const added = await page.evaluate(() =>
    fetch('/api/izi/add-to-cart', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"productId":"kubek"}' }).then((r) => r.json()),
  );
  if (!added.basket_linked) throw new Error(`the trusted basket did not bind: ${JSON.stringify(added)}`);
  const watching =
    method === 'websocket'
      ? page.waitForEvent('websocket', (socket) => socket.url().endsWith(PATHS.websocket))
      : page.waitForRequest((request) => new URL(request.url()).pathname === PATHS[method]);
  await page.goto('/');
  await watching;
  const link = (await page.evaluate(() => fetch('/api/izi/mobile-link').then((r) => r.json()))).link as string;
  const { baskets } = await json(`${sandboxUrl}/sandbox/state`);
  const basket = baskets.find((b: { inpost_basket_id: string; linked: boolean }) => b.linked && link.endsWith(b.inpost_basket_id));
  if (!basket) throw new Error('the bound basket is not in the sandbox');
  return basket.basket_id;
}
