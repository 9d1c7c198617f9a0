// What the documentation site needs before VitePress builds or serves it (`npm run docs`,
// `npm run docs:dev`): the real script-tag bundle for the live elements, the measured figures, and
// the generated API reference. Nothing here is typed by hand:
//   - dist/inpost-pay.iife.js (built first when missing) → docs/public/widget/inpost-pay.iife.js
//   - scripts/size.mjs → docs/.generated/sizes.json and sizes.md
//   - bench/results/latest.json (the last `npm run bench`, committed with its date) → docs/.generated/bench.md
//   - custom-elements.json → docs/api/elements.md; src/merchant (TypeDoc) → docs/api/merchant/
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const run = (command, args) => execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });

if (!existsSync('dist/inpost-pay.iife.js')) {
  console.log('docs: dist/inpost-pay.iife.js is missing, running npm run build');
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
mkdirSync('docs/public/widget', { recursive: true });
copyFileSync('dist/inpost-pay.iife.js', 'docs/public/widget/inpost-pay.iife.js');

mkdirSync('docs/.generated', { recursive: true });
run('node', ['--import', 'tsx', 'scripts/size.mjs']);
writeFileSync('docs/.generated/bench.md', benchPage());

run('node', ['scripts/api-docs.mjs']);
run('node', ['scripts/api-merchant.mjs']);
console.log('docs: bundle copied, sizes measured, bench figures and API reference generated');

/** The last committed bench run as a Markdown table with its date and machine. */
function benchPage() {
  if (!existsSync('bench/results/latest.json')) return 'No bench run is committed yet: run `npm run bench` and commit `bench/results/latest.json`.\n';
  const { date, machine, rows, missed } = JSON.parse(readFileSync('bench/results/latest.json', 'utf8'));
  const cell = (text) => String(text ?? '').replaceAll('|', '\\|');
  return [
    `Measured by \`npm run bench\` on ${date.slice(0, 10)}. ${machine}`,
    '',
    '| # | measurement | widget | baseline / reference | figure | target | result |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.id} | ${cell(r.measurement)} | ${cell(r.widget)} | ${cell(r.baseline)} | ${cell(r.figure)} | ${cell(r.target)} | ${r.ok === undefined ? 'info' : r.ok ? 'ok' : '**missed**'} |`),
    '',
    missed ? `${missed} target(s) missed in that run.` : 'All targets met in that run.',
    '',
  ].join('\n');
}
