// 3. A hidden tab makes no calls and calls at once when shown again; the backoff after errors.
import type { Page } from 'playwright';
import { ms, pageHtml, sleep, type Bench, type Result, type Row } from './lib.js';

const HIDDEN_FOR = 5_000;
const SHOW_TARGET = 100;
const options = { interval: 250, maxInterval: 2000 };

async function open(bench: Bench, name: string, orderComplete: object): Promise<{ page: Page; close: () => Promise<void> }> {
  const url = bench.server.put(
    `/hidden/${name}.html`,
    pageHtml({
      bundle: bench.widgetBundle,
      inline: `InpostPay.configure({ iziGetOrderComplete: __bench.orderComplete(${JSON.stringify(orderComplete)}), orderWatch: ${JSON.stringify(options)} });`,
      list: '<li><inpost-pay-button basket-linked count="2"></inpost-pay-button></li>',
    }),
  );
  const context = await bench.browser.newContext();
  const page = await context.newPage();
  page.on('console', () => {}); // the failing callback logs one console error per call: expected
  await page.goto(url);
  return { page, close: () => context.close() };
}

async function hidden(bench: Bench) {
  const { page, close } = await open(bench, 'visibility', { delay: 10 });
  await page.waitForFunction('__bench.calls.length >= 3', undefined, { timeout: 10_000 }).catch(() => {});
  const visibleCalls = (await page.evaluate('__bench.calls.length')) as number;
  // Headless Chromium reports every page visible (minimising the window or opening tabs on top
  // does not change that), so the bench drives the widget's own code path: the
  // document.visibilityState it reads and the visibilitychange event it listens to.
  const hideAt = (await page.evaluate('__bench.setHidden(true)')) as number;
  await sleep(HIDDEN_FOR);
  const { now, whileHidden } = (await page.evaluate(
    `({ now: performance.now(), whileHidden: __bench.calls.filter((c) => c.start > ${hideAt}).length })`,
  )) as { now: number; whileHidden: number };
  const showAt = (await page.evaluate('__bench.setHidden(false)')) as number;
  await page.waitForFunction(`__bench.calls.some((c) => c.start >= ${showAt})`, undefined, { timeout: 5_000 }).catch(() => {});
  const next = (await page.evaluate(`(__bench.calls.find((c) => c.start >= ${showAt}) || { start: NaN }).start`)) as number;
  await close();
  return { visibleCalls, hiddenFor: now - hideAt, whileHidden, afterShow: next - showAt };
}

async function backoff(bench: Bench) {
  const { page, close } = await open(bench, 'backoff', { delay: 5, reject: true });
  await page.waitForFunction('__bench.calls.length >= 7', undefined, { timeout: 20_000 }).catch(() => {});
  const calls = (await page.evaluate('__bench.calls.map((c) => [c.start, c.end])')) as [number, number][];
  await close();
  // The wait after failure k (1-based) is min(maxInterval, interval × 2^k), times a jitter in [0.5, 1].
  // Call i (0-based) settling is failure k = i + 1; the wait runs from it to call i + 1.
  return calls.slice(1).map(([start], i) => {
    const k = i + 1;
    const nominal = Math.min(options.maxInterval, options.interval * 2 ** k);
    const waited = start - calls[i][1];
    return { nominal, waited, ok: waited >= nominal * 0.5 - 5 && waited <= nominal + 50 };
  });
}

export async function measureHidden(bench: Bench): Promise<Result> {
  const [h, steps] = await Promise.all([hidden(bench), backoff(bench)]);
  const backoffOk = steps.length >= 6 && steps.every((s) => s.ok);
  const rows: Row[] = [
    {
      id: '3',
      measurement: `hidden tab: calls while hidden (hidden for ${(h.hiddenFor / 1000).toFixed(1)} s, interval 250 ms; ${h.visibleCalls} calls while visible before)`,
      widget: `${h.whileHidden}`,
      baseline: '',
      figure: `${h.whileHidden}`,
      target: '= 0',
      ok: h.whileHidden === 0 && h.hiddenFor >= HIDDEN_FOR && h.visibleCalls >= 3,
    },
    {
      id: '3',
      measurement: 'hidden tab: shown again → next call',
      widget: Number.isFinite(h.afterShow) ? ms(h.afterShow) : 'no call',
      baseline: '',
      figure: Number.isFinite(h.afterShow) ? ms(h.afterShow) : 'no call',
      target: `≤ ${SHOW_TARGET} ms`,
      ok: Number.isFinite(h.afterShow) && h.afterShow <= SHOW_TARGET,
    },
    {
      id: '3',
      measurement: 'backoff after rejections (interval 250, maxInterval 2000): waits / nominal',
      widget: steps.map((s) => Math.round(s.waited)).join(', '),
      baseline: steps.map((s) => s.nominal).join(', '),
      figure: steps.map((s) => (s.waited / s.nominal).toFixed(2)).join(', '),
      target: 'each in [0.5, 1] × nominal',
      ok: backoffOk,
    },
  ];
  const details = [
    `Backoff: nominal wait after failure k = min(maxInterval, interval × 2^k), then a jitter of ×[0.5, 1]; waits are measured from one call settling to the next call. Observed (ms): ${steps
      .map((s) => `${Math.round(s.waited)}/${s.nominal}${s.ok ? '' : ' **out of window**'}`)
      .join(' → ')}.`,
  ];
  return { rows, details };
}
