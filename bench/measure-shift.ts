// 8. Layout shift: the page must not move under the shopper's eyes while the widget loads, binds and
// follows the count. Every `layout-shift` entry (PerformanceObserver, buffered from the start of
// the page), summed, including those right after the shopper's own input (which the CLS score
// leaves out): the button keeps one box whatever its label, so there is nothing to excuse.
import type { Page } from 'playwright';
import { startDemo } from '../dev/demo.js';
import { startFirstWidgetShop } from '../test/e2e/first-widget-shop/server.js';
import type { Bench, Result, Row } from './lib.js';

/** Records every layout shift of the page from its start; `window.__shifts` is read at the end. */
const RECORD = `window.__shifts = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__shifts.push({ value: e.value, input: e.hadRecentInput, at: Math.round(e.startTime), sources: e.sources.map((s) => ((s.node ? s.node.nodeName : '?') + ' ' + JSON.stringify([s.previousRect.x, s.previousRect.y, s.previousRect.width, s.previousRect.height, s.currentRect.x, s.currentRect.y, s.currentRect.width, s.currentRect.height]))) }); })
  .observe({ type: 'layout-shift', buffered: true });`;

async function shifts(page: Page): Promise<{ total: number; withoutInput: number; count: number }> {
  // Two frames, so the last change's shift (if any) is reported.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const list = (await page.evaluate('window.__shifts')) as { value: number; input: boolean }[];
  if (process.env.SHIFT_DEBUG) console.error(JSON.stringify(list, null, 1));
  const total = list.reduce((a, s) => a + s.value, 0);
  return { total, withoutInput: list.filter((s) => !s.input).reduce((a, s) => a + s.value, 0), count: list.length };
}

const row = (id: string, measurement: string, s: { total: number; withoutInput: number; count: number }): Row => ({
  id,
  measurement,
  widget: `${s.count} shift${s.count === 1 ? '' : 's'}`,
  baseline: `without the shopper's input: ${s.withoutInput.toFixed(4)}`,
  figure: s.total.toFixed(4),
  target: '0',
  ok: s.total === 0,
});

/** The demo's product list: load, a trusted browser's press binds at once, then the count changes. */
async function demoList(bench: Bench): Promise<Row> {
  const demo = await startDemo();
  const context = await bench.browser.newContext({ baseURL: demo.shopUrl, viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(RECORD);
    const page = await context.newPage();
    await page.goto('/');
    await page.evaluate(() => fetch('/api/qa/browser-trust', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"trusted":true}' }));
    await page.goto('/');
    await page.locator('article#kubek inpost-pay-button').getByRole('button').click();
    await page.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 1 produkt' }).first().waitFor();
    // The count changes (another product added, as from another tab): the shop pushes it to the page.
    await page.evaluate(() => fetch('/api/izi/add-to-cart', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"productId":"plecak"}' }));
    await page.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 2 produkty' }).first().waitFor({ timeout: 15_000 });
    return row('8', "demo product list at 1280 px: load, binding (trusted browser's press), count 1 → 2: layout shift", await shifts(page));
  } finally {
    await context.close();
    await demo.close();
  }
}

/** The first-widget shop's product page (inpost-izi.iife.js): load, binding by phone in the modal, accepted in the app. */
async function firstWidgetPage(bench: Bench): Promise<Row> {
  const shop = await startFirstWidgetShop();
  const context = await bench.browser.newContext({ baseURL: shop.url, viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(RECORD);
    const page = await context.newPage();
    await page.goto('/product/1');
    await page.waitForFunction(() => Boolean(customElements.get('inpost-izi-button') && (window as { iziGetOrderComplete?: unknown }).iziGetOrderComplete));
    // The module closes its confirmation stream when nothing answers within 1 s of the load (see first-widget.spec.ts).
    await page.waitForTimeout(1200);
    const phone = '601234567';
    await page.locator('inpost-izi-button').getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click();
    const dialog = page.locator('inpost-pay-basket[modal]').getByRole('dialog');
    await dialog.getByLabel('Numer telefonu').fill(phone);
    await dialog.getByRole('button', { name: 'Połącz' }).click();
    await dialog.getByRole('heading', { name: 'Potwierdź w aplikacji InPost Mobile' }).waitFor();
    const cart = (await context.cookies()).find((c) => c.name === 'PrestaShop')!.value;
    for (let i = 0; i < 50; i++) {
      const list = (await (await fetch(`${shop.url}/_app/requests`)).json()) as { cart: string; phone: string }[];
      if (list.some((r) => r.cart === cart && r.phone === phone)) break;
      await page.waitForTimeout(100);
    }
    const accepted = await fetch(`${shop.url}/_app/carts/${cart}/accept`, { method: 'POST', body: JSON.stringify({ phone }) });
    if (!accepted.ok) throw new Error(`accept: ${accepted.status}`);
    await page.locator('inpost-izi-button').getByRole('button', { name: /Produkty w koszyku InPost Pay/ }).waitFor();
    await page.keyboard.press('Escape');
    return row('8', 'first-widget product page (inpost-izi.iife.js) at 1280 px: load, binding by phone: layout shift', await shifts(page));
  } finally {
    await context.close();
    await shop.close();
  }
}

export async function measureShift(bench: Bench): Promise<Result> {
  const rows = [await demoList(bench), await firstWidgetPage(bench)];
  return {
    rows,
    details: [
      '**8. Layout shift.** Every `layout-shift` entry of the page from its start, summed (a `PerformanceObserver` ' +
        'registered by an init script, buffered), including shifts right after the shopper\'s input, which the CLS score ' +
        'excludes (given beside as "without the shopper\'s input"). The button\'s box comes from its container, not its label, ' +
        'so linking and the count must move nothing.',
    ],
  };
}
