// 1. Time to first render of 1 and of 200 buttons on a listing page, against a minimal Lit element.
import { median, ms, pageHtml, type Bench, type Result, type Row } from './lib.js';

interface Sample {
  script: number;
  layout: number;
  /** The renderer main thread's CPU time from insert to rendered (trace thread clock). */
  cpu: number;
  painted: number;
  rendered: boolean;
}

/** Thread time between the page's bench:insert and bench:rendered marks, in ms. */
function threadTime(trace: Buffer): number {
  const events = (JSON.parse(trace.toString()) as { traceEvents: { name: string; tts?: number }[] }).traceEvents;
  const at = (name: string) => events.find((e) => e.name === name)?.tts;
  const start = at('bench:insert');
  const end = at('bench:rendered');
  if (start === undefined || end === undefined) throw new Error('the trace has no thread time for the bench marks');
  return (end - start) / 1000;
}

const TARGET = 1.5;

export async function measureRender(bench: Bench, runs = 25): Promise<Result> {
  const { server } = bench;
  const kinds = [
    { name: 'widget', tag: 'inpost-pay-button', url: server.put('/render/widget.html', pageHtml({ bundle: bench.widgetBundle })) },
    { name: 'baseline', tag: 'bench-baseline-button', url: server.put('/render/baseline.html', pageHtml({ bundle: bench.baselineBundle })) },
  ];
  const context = await bench.browser.newContext();
  const page = await context.newPage();
  const samples = new Map<string, Sample[]>();
  let isolated = true;
  const sizes = [1, 200];
  // Interleaved: every run measures all four cases, in an order that rotates from run to run.
  const cases = sizes.flatMap((n) => kinds.map((kind) => ({ n, ...kind })));
  for (let run = 0; run < runs; run++) {
    const order = cases.map((_, i) => cases[(i + run) % cases.length]);
    for (const c of order) {
      await page.goto(c.url);
      await page.evaluate('__bench.frames()');
      isolated &&= (await page.evaluate('crossOriginIsolated')) as boolean;
      // Only the user-timing category: the marks carry the thread clock, and nothing else is traced.
      await bench.browser.startTracing(page, { categories: ['blink.user_timing'] });
      const sample = (await page.evaluate(`__bench.render(${JSON.stringify(c.tag)}, ${c.n})`)) as Sample;
      sample.cpu = threadTime(await bench.browser.stopTracing());
      const key = `${c.name}:${c.n}`;
      samples.set(key, [...(samples.get(key) ?? []), sample]);
    }
  }
  await context.close();

  const rows: Row[] = [];
  const details: string[] = [
    `Render medians of ${runs} interleaved runs, each on a freshly loaded page (ms: widget / baseline); clock ${isolated ? '5 µs (cross-origin isolated pages)' : '**100 µs: the pages were not cross-origin isolated**'}. ` +
      'Only the CPU time of *rendered* is gated: *painted* waits for two animation frames, so it moves in steps of one frame (16.7 ms) whatever the work and its ratio says little. Samples:',
    '',
  ];
  for (const n of sizes) {
    const w = samples.get(`widget:${n}`)!;
    const b = samples.get(`baseline:${n}`)!;
    const allRendered = w.every((s) => s.rendered) && b.every((s) => s.rendered);
    for (const [metric, label, targeted] of [
      ['script', 'insert → all `updateComplete`, wall clock', false],
      ['cpu', 'insert → rendered (`updateComplete` + style/layout flushed), main-thread CPU time', true],
      ['layout', 'insert → rendered, wall clock (moves with the machine\'s load; the CPU figure above does not)', false],
      ['painted', 'insert → painted (`updateComplete` + double rAF), wall clock, for information: mostly the wait for two frames (16.7 ms steps), not the work', false],
    ] as const) {
      const wm = median(w.map((s) => s[metric]));
      const bm = median(b.map((s) => s[metric]));
      const ratio = wm / bm;
      rows.push({
        id: '1',
        measurement: `${n} button${n > 1 ? 's' : ''}: ${label}`,
        widget: ms(wm),
        baseline: ms(bm),
        figure: `×${ratio.toFixed(2)}`,
        target: targeted ? `≤ ×${TARGET}` : 'info',
        ok: targeted ? ratio <= TARGET && allRendered : undefined,
      });
      details.push(`- ${n} × ${metric}: widget ${w.map((s) => s[metric].toFixed(1)).join(', ')}; baseline ${b.map((s) => s[metric].toFixed(1)).join(', ')}`);
    }
    if (!allRendered) details.push(`- **${n} elements: some element had no shadow <button> after its first update**`);
  }
  return { rows, details };
}
