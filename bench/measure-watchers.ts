// 2. How many order watchers a listing page with 200 linked buttons runs, against one button.
import { listing, pageHtml, sleep, type Bench, type Result } from './lib.js';

interface Watch {
  calls: number;
  /** Every izi callback call but iziGetOrderComplete in the window (none is due at load). */
  otherCalls: number;
  /** Requests the page made besides itself, the bench helpers and the widget bundle. */
  requests: string[];
  maxInflight: number;
  text: string;
  buttons: number;
}

const WINDOW = 10_000;

/** Every callback but the order watch's: each records its call, none is due while nobody presses. */
const OTHER_CALLBACKS = ['iziCanBeBound', 'iziAddToCart', 'iziGetPayData', 'iziGetBindingData', 'iziGetIsBound', 'iziBindingDelete', 'iziMobileLink', 'iziGetBrowserData'];

async function watch(bench: Bench, name: string, n: number, orderWatch: object, linked = true): Promise<Watch> {
  const others = OTHER_CALLBACKS.map((callback) => `${callback}: () => { window.__otherCalls = (window.__otherCalls || 0) + 1; return new Promise(() => {}); }`);
  const url = bench.server.put(
    `/watchers/${name}.html`,
    pageHtml({
      bundle: bench.widgetBundle,
      // Each call is short-lived: it resolves {} ("nothing yet") after 50 ms.
      inline: `InpostPay.configure({ iziGetOrderComplete: __bench.orderComplete({ delay: 50 }), ${others.join(', ')}, orderWatch: ${JSON.stringify(orderWatch)} });`,
      list: listing(n, `<inpost-pay-button product-id="sku-{i}"${linked ? ' basket-linked count="2"' : ''}></inpost-pay-button>`),
    }),
  );
  const context = await bench.browser.newContext();
  const page = await context.newPage();
  const requests: string[] = [];
  // The favicon is the browser's own request, not the widget's.
  const expected = new Set([new URL(url).pathname, '/bench/helpers.js', bench.widgetBundle, '/favicon.ico']);
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (!expected.has(pathname)) requests.push(request.url());
  });
  await page.goto(url);
  const left = WINDOW + 200 - ((await page.evaluate('performance.now()')) as number);
  await sleep(Math.max(0, left));
  const result = (await page.evaluate(`({
    calls: __bench.calls.filter((c) => c.start < ${WINDOW}).length,
    otherCalls: window.__otherCalls || 0,
    maxInflight: __bench.maxInflight,
    text: __bench.buttonText(),
    buttons: document.querySelectorAll('inpost-pay-button').length,
  })`)) as Watch;
  await context.close();
  return { ...result, requests };
}

export async function measureWatchers(bench: Bench): Promise<Result> {
  // The four pages run at the same time, each in its own browser context (no shared Web Lock).
  const [one, many, manyNoLocks, unlinked] = await Promise.all([
    watch(bench, 'one', 1, {}),
    watch(bench, 'many', 200, {}),
    watch(bench, 'many-no-locks', 200, { perBrowser: false }),
    watch(bench, 'unlinked', 200, {}, false),
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
    {
      id: '2',
      measurement: 'cost of loading a listing page of 200 buttons, unlinked / linked: requests besides the page and the bundle; callback calls besides the linked page\'s order watch (10 s)',
      widget: `${unlinked.requests.length + unlinked.calls + unlinked.otherCalls} / ${many.requests.length + many.otherCalls}`,
      baseline: '',
      figure: `requests ${unlinked.requests.length} / ${many.requests.length}; calls ${unlinked.calls + unlinked.otherCalls} / ${many.otherCalls}`,
      target: '0 / 0',
      ok: unlinked.requests.length + unlinked.calls + unlinked.otherCalls + many.requests.length + many.otherCalls === 0,
    },
  ];
  const stray = [...unlinked.requests, ...many.requests];
  const details = [
    ...(stray.length ? [`Requests at load: ${stray.join(', ')}.`] : []),
    `Watchers: button text — 1 button "${one.text}", 200 buttons "${many.text}", 200 without locks "${manyNoLocks.text}"${linked ? '' : ' (**expected "Produkty w koszyku InPost Pay 2"**)'}.`,
  ];
  return { rows, details };
}
