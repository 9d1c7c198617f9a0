// `npm run bench`: performance and resource figures of the widget in a real Chromium, each against
// a baseline measured in the same run. Prints a markdown table, writes bench/results/latest.md (and
// latest.json, which the documentation site's performance page is generated from) and
// exits 1 when a target is missed. Options: --only=1,3 (measurements to run), --runs=N (render runs).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright';
// @ts-expect-error: a plain .mjs helper shared with the test configs
import { chromiumArgs, ensureChromium } from '../scripts/chromium.mjs';
import type { Bench, Result, Row } from './lib.js';
import { measureHidden } from './measure-hidden.js';
import { measureInstances } from './measure-instances.js';
import { measureKit } from './measure-kit.js';
import { measureLeaks } from './measure-leaks.js';
import { measureRender } from './measure-render.js';
import { measureShift } from './measure-shift.js';
import { measureShop } from './measure-shop.js';
import { measureTabs } from './measure-tabs.js';
import { measureWatchers } from './measure-watchers.js';
import { measureWidgetApi } from './measure-widget-api.js';
import { startServer } from './server.js';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const only = arg('only')?.split(',');
const runs = Number(arg('runs') ?? 25);

const bundlePath = `${root}/dist/inpost-pay.iife.js`;
if (!existsSync(bundlePath)) {
  console.error('dist/inpost-pay.iife.js is missing: running npm run build first.');
  try {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  } catch {
    console.error('npm run build failed; the benchmark needs the built bundle.');
    process.exit(1);
  }
}

/** Bundles like the widget's IIFE build (vite.config.ts): one minified IIFE, target es2022. */
async function iife(entry: string, options: Parameters<typeof build>[0] = {}): Promise<string> {
  const out = await build({ entryPoints: [entry], bundle: true, format: 'iife', minify: true, target: 'es2022', write: false, logLevel: 'error', ...options });
  return out.outputFiles![0].text;
}

const server = await startServer(root);
const browser = await chromium.launch({ executablePath: ensureChromium(), args: chromiumArgs });
const chromiumVersion = browser.version();
const rows: Row[] = [];
const details: string[] = [];

try {
  server.put('/bench/helpers.js', readFileSync(here('./page/helpers.js'), 'utf8'));
  const baselineJs = await iife(here('./baseline-element.ts'));
  server.put('/bench/baseline.js', baselineJs);
  const bench: Bench = { browser, server, widgetBundle: '/dist/inpost-pay.iife.js', baselineBundle: '/bench/baseline.js' };

  // The bundle must register both elements; if it does not, the figures below would measure
  // nothing, so they are taken with a bundle of the same entry built here, and the run fails.
  const check = await browser.newContext();
  const page = await check.newPage();
  await page.goto(server.put('/check.html', `<!doctype html><script src="${bench.widgetBundle}"></script>`));
  const registered = (await page.evaluate(
    `['inpost-pay-button', 'inpost-pay-basket'].filter((tag) => customElements.get(tag)).length === 2 && typeof window.InpostPay?.configure === 'function'`,
  )) as boolean;
  const size = readFileSync(bundlePath).length;
  await check.close();
  rows.push({
    id: '0',
    measurement: 'dist/inpost-pay.iife.js registers both elements and window.InpostPay (bundle sizes, minified)',
    widget: `${(size / 1024).toFixed(1)} KB`,
    baseline: `${(baselineJs.length / 1024).toFixed(1)} KB`,
    figure: registered ? 'yes' : 'no',
    target: 'yes',
    ok: registered,
  });
  if (!registered) {
    const version = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')).version as string;
    server.put(
      '/bench/widget-from-src.js',
      await iife(`${root}/src/iife.ts`, { tsconfig: `${root}/tsconfig.json`, define: { __VERSION__: JSON.stringify(version) }, ignoreAnnotations: true }),
    );
    bench.widgetBundle = '/bench/widget-from-src.js';
    details.push(
      '**The built dist/inpost-pay.iife.js does not register the elements.** The figures below were taken with src/iife.ts bundled by the bench ' +
        '(esbuild, minified, package.json `sideEffects` ignored), so that they still say something about the code.',
    );
  }

  const measures: [string, string, () => Promise<Result>][] = [
    ['1', 'render', () => measureRender(bench, runs)],
    ['2', 'watchers', () => measureWatchers(bench)],
    ['3', 'hidden tab and backoff', () => measureHidden(bench)],
    ['4', 'tabs', () => measureTabs(bench)],
    ['5', 'leaks', () => measureLeaks(bench)],
    ['6', 'reference shop: order to thank-you page, idle cost', () => measureShop(bench)],
    ['7', 'merchant kit: signed callbacks per second, Redis replay check', () => measureKit()],
    ['8', 'layout shift: demo product list, first-widget page', () => measureShift(bench)],
    ['9', 'widget API: long poll and SSE per CPU-second', () => measureWidgetApi()],
    ['10', 'two shop instances on Redis: order to thank-you page, idle cost', () => measureInstances(bench)],
  ];
  for (const [id, name, measure] of measures) {
    if (only && !only.includes(id)) continue;
    const started = Date.now();
    process.stderr.write(`bench: ${id}. ${name}... `);
    try {
      const result = await measure();
      rows.push(...result.rows);
      details.push(...result.details);
    } catch (error) {
      rows.push({ id, measurement: `${name}: the measurement failed`, widget: '', baseline: '', figure: String((error as Error).message ?? error).split('\n')[0], target: 'runs', ok: false });
    }
    process.stderr.write(`${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
} finally {
  await browser.close();
  await server.close();
}

const cell = (text: string) => text.replaceAll('|', '\\|');
const table = [
  '| # | Measurement | Widget | Baseline / reference | Figure | Target | Result |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.id} | ${cell(r.measurement)} | ${cell(r.widget)} | ${cell(r.baseline)} | ${cell(r.figure)} | ${cell(r.target)} | ${r.ok === undefined ? 'info' : r.ok ? 'ok' : '**MISSED**'} |`),
].join('\n');
const missed = rows.filter((r) => r.ok === false);
const failed = missed.length > 0;

const model = existsSync('/proc/cpuinfo') ? /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] : undefined;
let commit = '';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
} catch {
  // not a git checkout
}
const machine = `Machine: ${availableParallelism()} CPUs (${model ?? cpus()[0]?.model ?? 'unknown'}), Chromium ${chromiumVersion}, Node ${process.version}${commit ? `, commit ${commit}` : ''}, ${new Date().toISOString()}.`;
const report = [
  '# inpost-pay-widget bench',
  '',
  machine,
  '',
  table,
  '',
  ...details,
  '',
  failed ? `Missed targets: ${missed.length}\n${missed.map((r) => `- ${r.id}: ${r.measurement} (${r.figure}; target ${r.target})`).join('\n')}` : 'All targets met.',
  '',
].join('\n');

mkdirSync(`${root}/bench/results`, { recursive: true });
writeFileSync(`${root}/bench/results/latest.md`, report);
// The same figures as data, committed after a run worth keeping: the documentation site's
// performance page is generated from this file (scripts/docs-prepare.mjs), with its date.
const onlyNote = only ? ` (measurements ${only.join(', ')} only)` : '';
writeFileSync(
  `${root}/bench/results/latest.json`,
  `${JSON.stringify({ date: new Date().toISOString(), machine: `${machine}${onlyNote}`, rows, missed: missed.length }, null, 2)}\n`,
);
console.log(report);
process.exit(failed ? 1 : 0);
