// 4. One watcher per browser: three tabs of the shop, one calls; state reaches the others; takeover.
import type { Page } from 'playwright';
import { ms, pageHtml, sleep, type Bench, type Result, type Row } from './lib.js';

const INTERVAL = 1000;

const callsOf = (page: Page, since = 0) => page.evaluate(`__bench.calls.filter((c) => c.wall > ${since}).map((c) => c.wall)`) as Promise<number[]>;

export async function measureTabs(bench: Bench): Promise<Result> {
  const url = bench.server.put(
    '/tabs/shop.html',
    pageHtml({
      bundle: bench.widgetBundle,
      inline: `InpostPay.configure({ iziGetOrderComplete: __bench.orderComplete({ delay: 20 }), orderWatch: { interval: ${INTERVAL} } });`,
      list: '<li><inpost-pay-button basket-linked count="2"></inpost-pay-button></li>',
    }),
  );
  const context = await bench.browser.newContext();
  const tabs: Page[] = [];
  for (let i = 0; i < 3; i++) {
    const page = await context.newPage();
    await page.goto(url);
    tabs.push(page);
  }
  await sleep(3.5 * INTERVAL);
  const counts = await Promise.all(tabs.map((tab) => callsOf(tab).then((c) => c.length)));
  const callers = counts.filter((c) => c > 0).length;
  const leader = counts.findIndex((c) => c > 0);

  // The count changes in a tab that is not the leader; the others must follow without reload.
  const from = leader === 1 ? 2 : 1;
  const others = tabs.filter((_, i) => i !== from);
  const dispatchAt = Date.now();
  await tabs[from].evaluate(`document.dispatchEvent(new CustomEvent('inpost-update-count', { detail: 5 }))`);
  const synced = await Promise.all(
    others.map((tab) =>
      tab
        .waitForFunction(`__bench.buttonText() === 'Produkty w koszyku InPost Pay 5'`, undefined, { timeout: 3_000, polling: 5 })
        .then(() => true, () => false),
    ),
  );
  const syncTime = Date.now() - dispatchAt;
  const texts = await Promise.all(tabs.map((tab) => tab.evaluate('__bench.buttonText()') as Promise<string>));

  // Close the leading tab: another one must take the lock and call within one interval.
  let takeover = NaN;
  let newCallers = 0;
  let afterCounts: number[] = [];
  const rest = tabs.filter((_, i) => i !== leader);
  if (leader >= 0) {
    const closeAt = Date.now();
    await tabs[leader].close();
    const deadline = Date.now() + 3 * INTERVAL;
    while (Date.now() < deadline && !Number.isFinite(takeover)) {
      const firsts = (await Promise.all(rest.map((tab) => callsOf(tab, closeAt)))).flat();
      if (firsts.length) takeover = Math.min(...firsts) - closeAt;
      else await sleep(10);
    }
    await sleep(2.5 * INTERVAL);
    afterCounts = await Promise.all(rest.map((tab) => callsOf(tab, closeAt).then((c) => c.length)));
    newCallers = afterCounts.filter((c) => c > 0).length;
  }
  await context.close();

  const rows: Row[] = [
    {
      id: '4',
      measurement: 'three tabs, one context: tabs calling iziGetOrderComplete',
      widget: `${callers} (calls per tab: ${counts.join(', ')})`,
      baseline: '',
      figure: `${callers}`,
      target: '= 1',
      ok: callers === 1,
    },
    {
      id: '4',
      measurement: '`inpost-update-count` (detail 5) in one tab → the other tabs show 5',
      widget: `${synced.filter(Boolean).length}/${others.length} tabs, ≤ ${syncTime} ms`,
      baseline: '',
      figure: synced.every(Boolean) ? 'yes' : 'no',
      target: 'all, no reload',
      ok: synced.every(Boolean),
    },
    {
      id: '4',
      measurement: `leading tab closed → another tab's first call (interval ${INTERVAL} ms)`,
      widget: Number.isFinite(takeover) ? ms(takeover) : 'no takeover',
      baseline: `${INTERVAL} ms`,
      figure: Number.isFinite(takeover) ? `×${(takeover / INTERVAL).toFixed(2)} of interval; ${newCallers} tab calling` : '—',
      target: '≤ ×1, 1 tab',
      ok: Number.isFinite(takeover) && takeover <= INTERVAL && newCallers === 1,
    },
  ];
  const details = [
    `Tabs: button texts after the count event: ${texts.map((t) => `"${t}"`).join(', ')}; calls per remaining tab in the ${(2.5 * INTERVAL) / 1000} s after the leader closed: ${afterCounts.join(', ') || '—'}.`,
  ];
  return { rows, details };
}
