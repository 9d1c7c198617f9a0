// 2. How many order watchers a listing page with 200 linked buttons runs, against one button.
import { listing, pageHtml, sleep, type Bench, type Result } from './lib.js';

interface Watch {
  calls: number;
  maxInflight: number;
  text: string;
  buttons: number;
}

const WINDOW = 10_000;

async function watch(bench: Bench, name: string, n: number, orderWatch: object): Promise<Watch> {
  const url = bench.server.put(
    `/watchers/${name}.html`,
    pageHtml({
      bundle: bench.widgetBundle,
      // Each call is short-lived: it resolves {} ("nothing yet") after 50 ms.
      inline: `InpostPay.configure({ iziGetOrderComplete: __bench.orderComplete({ delay: 50 }), orderWatch: ${JSON.stringify(orderWatch)} });`,
      list: listing(n, '<inpost-pay-button product-id="sku-{i}" basket-linked count="2"></inpost-pay-button>'),
    }),
  );
  const context = await bench.browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  const left = WINDOW + 200 - ((await page.evaluate('performance.now()')) as number);
  await sleep(Math.max(0, left));
  const result = (await page.evaluate(`({
    calls: __bench.calls.filter((c) => c.start < ${WINDOW}).length,
    maxInflight: __bench.maxInflight,
    text: __bench.buttonText(),
    buttons: document.querySelectorAll('inpost-pay-button').length,
  })`)) as Watch;
  await context.close();
  return result;
}

export async function measureWatchers(bench: Bench): Promise<Result> {
  // The three pages run at the same time, each in its own browser context (no shared Web Lock).
  const [one, many, manyNoLocks] = await Promise.all([
    watch(bench, 'one', 1, {}),
    watch(bench, 'many', 200, {}),
    watch(bench, 'many-no-locks', 200, { perBrowser: false }),
  ]);
  const linked = [one, many, manyNoLocks].every((w) => w.text === 'Produkty w koszyku InPost Pay 2');
  const rows = [
    {
      id: '2',
      measurement: `iziGetOrderComplete calls in the first 10 s, default interval (${many.buttons} vs ${one.buttons} linked button)`,
      widget: `${many.calls}`,
      baseline: `${one.calls}`,
      figure: `${many.calls} − ${one.calls} = ${many.calls - one.calls}`,
      target: '≤ +1',
      ok: many.calls <= one.calls + 1 && one.calls > 0 && linked,
    },
    {
      id: '2',
      measurement: `max concurrent iziGetOrderComplete calls (${many.buttons} buttons)`,
      widget: `${many.maxInflight}`,
      baseline: `${one.maxInflight}`,
      figure: `${many.maxInflight}`,
      target: '= 1',
      ok: many.maxInflight === 1,
    },
    {
      id: '2',
      measurement: `same, 200 buttons with \`perBrowser: false\` (no Web Lock): calls in 10 s / max concurrent`,
      widget: `${manyNoLocks.calls} / ${manyNoLocks.maxInflight}`,
      baseline: `${one.calls} / ${one.maxInflight}`,
      figure: `${manyNoLocks.calls - one.calls} / ${manyNoLocks.maxInflight}`,
      target: '≤ +1 / = 1',
      ok: manyNoLocks.calls <= one.calls + 1 && manyNoLocks.maxInflight === 1,
    },
  ];
  const details = [
    `Watchers: button text — 1 button "${one.text}", 200 buttons "${many.text}", 200 without locks "${manyNoLocks.text}"${linked ? '' : ' (**expected "Produkty w koszyku InPost Pay 2"**)'}.`,
  ];
  return { rows, details };
}
