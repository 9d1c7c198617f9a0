// 5. Memory and leaks: 1,000 cycles of creating, connecting and removing both elements.
import { fileURLToPath } from 'node:url';
import { kb, pageHtml, sleep, type Bench, type Result, type Row } from './lib.js';

const CYCLES = 1000;
const WARMUP = 100;
/** Heap growth allowed above the baseline's over all cycles: 256 bytes per cycle (a leaked element would be kilobytes). */
const HEAP_SLACK = 256 * 1024;

interface Leaks {
  timers: { kind: string; delay: number; stack: string }[];
  sockets: number;
  socketsOpened: number;
  channels: number;
  channelsOpened: number;
  windowListeners: number;
  documentListeners: number;
  listenerTypes: string[];
}

interface Run {
  name: string;
  heapBefore: { used: number; objects: number };
  heapAfter: { used: number; objects: number };
  before: Leaks;
  after: Leaks;
  locks: { held: number; pending: number };
  nodes: [number, number];
  waitedOut: number;
  serverSockets: number;
  calls: number;
}

async function cycles(bench: Bench, name: string, bundle: string, inline: string, tags: string[], attrs: object, waitFor: string): Promise<Run> {
  const url = bench.server.put(`/leaks/${name}.html`, pageHtml({ bundle, inline }));
  const context = await bench.browser.newContext();
  await context.addInitScript({ path: fileURLToPath(new URL('./page/instrument.js', import.meta.url)) });
  const page = await context.newPage();
  page.on('console', () => {});
  await page.goto(url);
  const cdp = await context.newCDPSession(page);
  // Two figures after a full GC: the V8 heap as Runtime.getHeapUsage reports it, and the sum of
  // the heap snapshot's objects without compiled code: the JIT keeps optimising the hot cycle and
  // its code grows the heap by a few hundred KB without anything leaking.
  const heap = async () => {
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    const used = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    let json = '';
    const onChunk = ({ chunk }: { chunk: string }) => (json += chunk);
    cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
    const snapshot = JSON.parse(json) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[] };
    const fields = snapshot.snapshot.meta.node_fields;
    const [type, size, width] = [fields.indexOf('type'), fields.indexOf('self_size'), fields.length];
    const code = snapshot.snapshot.meta.node_types[0].indexOf('code');
    let objects = 0;
    for (let i = 0; i < snapshot.nodes.length; i += width) if (snapshot.nodes[i + type] !== code) objects += snapshot.nodes[i + size];
    return { used, objects };
  };
  const run = (n: number) => page.evaluate(`__bench.cycle(${n}, ${JSON.stringify(tags)}, ${JSON.stringify(attrs)}, ${JSON.stringify(waitFor)})`) as Promise<{ waitedOut: number }>;
  const state = () => page.evaluate('__leaks()') as Promise<Leaks>;
  const nodes = () => page.evaluate(`document.getElementsByTagName('*').length`) as Promise<number>;
  // The bench's own record of each iziGetOrderComplete call (one object per call) would count
  // against the widget in the heap figures: read how many there were, then drop them before each snapshot.
  const takeCalls = () => page.evaluate('(() => { const n = __bench.calls.length; __bench.calls.length = 0; return n; })()') as Promise<number>;

  await run(WARMUP);
  await sleep(300);
  await takeCalls(); // the warm-up's calls are not counted
  const heapBefore = await heap();
  const before = await state();
  const nodesBefore = await nodes();
  const { waitedOut } = await run(CYCLES);
  await sleep(300); // closing sockets and aborted lock requests settle
  const calls = await takeCalls();
  const heapAfter = await heap();
  const after = await state();
  const nodesAfter = await nodes();
  const locks = (await page.evaluate(
    `navigator.locks ? navigator.locks.query().then((q) => ({ held: q.held.length, pending: q.pending.length })) : { held: 0, pending: 0 }`,
  )) as { held: number; pending: number };
  const serverSockets = bench.server.openSockets();
  await context.close();
  return { name, heapBefore, heapAfter, before, after, locks, nodes: [nodesBefore, nodesAfter], waitedOut, serverSockets, calls };
}

export async function measureLeaks(bench: Bench): Promise<Result> {
  const widgetTags = ['inpost-pay-button', 'inpost-pay-basket'];
  const widgetAttrs = { 'inpost-pay-button': { 'basket-linked': '', count: '2' } };
  // Sequential: heap figures of pages running side by side would disturb each other.
  const loop = await cycles(
    bench,
    'widget-loop',
    bench.widgetBundle,
    `InpostPay.configure({ iziGetOrderComplete: __bench.orderComplete({ delay: 0 }) });`,
    widgetTags,
    widgetAttrs,
    'call',
  );
  const socket = await cycles(
    bench,
    'widget-websocket',
    bench.widgetBundle,
    `InpostPay.configure({ orderWatch: { method: 'websocket', url: ${JSON.stringify(bench.server.wsUrl)} } });`,
    widgetTags,
    widgetAttrs,
    'socket',
  );
  const base = await cycles(bench, 'baseline', bench.baselineBundle, '', ['bench-baseline-button'], {}, '');

  const growth = (r: Run) => r.heapAfter.objects - r.heapBefore.objects;
  const usedGrowth = (r: Run) => r.heapAfter.used - r.heapBefore.used;
  const rows: Row[] = [];
  for (const r of [loop, socket]) {
    const label = r === loop ? 'loop' : 'websocket';
    const timers = r.after.timers.length;
    const listeners = r.after.windowListeners + r.after.documentListeners - r.before.windowListeners - r.before.documentListeners;
    // A watch that never ran leaves no timer or lock behind: the loop variant must have called
    // iziGetOrderComplete in every cycle (as the websocket variant must have opened a socket in each).
    const watched = r !== loop || (r.waitedOut === 0 && r.calls >= CYCLES);
    rows.push(
      {
        id: '5',
        measurement: `${CYCLES} cycles button+basket (order watch: ${label}): live timers after${r === loop ? ` (${r.calls} iziGetOrderComplete calls, ${r.waitedOut} cycles without one)` : ''}`,
        widget: `${timers}`,
        baseline: `${base.after.timers.length}`,
        figure: `${timers}`,
        target: '= 0',
        ok: timers === 0 && watched,
      },
      {
        id: '5',
        measurement: `… (${label}): open WebSockets after (browser / server side; ${r.after.socketsOpened} opened in all)`,
        widget: `${r.after.sockets} / ${r.serverSockets}`,
        baseline: `${base.after.sockets}`,
        figure: `${r.after.sockets}`,
        target: '= 0',
        ok: r.after.sockets === 0 && r.serverSockets === 0 && (r !== socket || r.after.socketsOpened >= CYCLES),
      },
      {
        id: '5',
        measurement: `… (${label}): net listeners on window + document (after − before)`,
        widget: `${listeners >= 0 ? '+' : ''}${listeners}`,
        baseline: `${base.after.windowListeners + base.after.documentListeners - base.before.windowListeners - base.before.documentListeners}`,
        figure: `${listeners}`,
        target: '= 0',
        ok: listeners === 0,
      },
      {
        id: '5',
        measurement: `… (${label}): open BroadcastChannels / Web Locks held+pending after`,
        widget: `${r.after.channels} / ${r.locks.held + r.locks.pending}`,
        baseline: `${base.after.channels} / ${base.locks.held + base.locks.pending}`,
        figure: `${r.after.channels + r.locks.held + r.locks.pending}`,
        target: '= 0',
        ok: r.after.channels === 0 && r.locks.held + r.locks.pending === 0 && watched,
      },
      {
        id: '5',
        measurement: `… (${label}): heap growth over ${CYCLES} cycles after GC, objects without compiled code (whole V8 heap: ${kb(usedGrowth(r))} vs ${kb(usedGrowth(base))})`,
        widget: kb(growth(r)),
        baseline: kb(growth(base)),
        figure: `${growth(r) - growth(base) >= 0 ? '+' : ''}${kb(growth(r) - growth(base))} vs baseline`,
        target: `≤ +${kb(HEAP_SLACK)}`,
        ok: growth(r) - growth(base) <= HEAP_SLACK,
      },
    );
  }
  const details = [loop, socket, base].map(
    (r) =>
      `- Leaks, ${r.name}: heap ${kb(r.heapBefore.used)} → ${kb(r.heapAfter.used)} (objects without code ${kb(r.heapBefore.objects)} → ${kb(r.heapAfter.objects)}); DOM elements ${r.nodes[0]} → ${r.nodes[1]}; ` +
      `iziGetOrderComplete calls ${r.calls}; cycles where the watch had not called within 200 ms: ${r.waitedOut}; ` +
      `listeners before [${r.before.listenerTypes.join(', ')}], after [${r.after.listenerTypes.join(', ')}]; ` +
      `BroadcastChannels opened ${r.after.channelsOpened}; WebSockets opened ${r.after.socketsOpened}` +
      (r.after.timers.length ? `; live timers: ${r.after.timers.slice(0, 5).map((t) => `${t.kind}(${t.delay} ms) at ${t.stack}`).join(' | ')}` : ''),
  );
  return { rows, details };
}
