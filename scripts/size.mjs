// The size budget (gzip) of the script-tag bundle and of the ES module entry bundled the way a
// shop's bundler would (esbuild, minified, Lit included). The goal is 15 KB each; until the widget
// gets there, the run fails above LIMIT, a ratchet that only ever moves down towards the goal.
// Prints the figures and what takes the room, by module.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { minifyLiterals } from '../build/minify-css-literals.ts';
import { gzipSync } from 'node:zlib';

const GOAL = 15 * 1024;
// Raised once, from 17.9 to 18.9 KB, when the script-tag bundle took on the first InPost widget's
// markup and globals (src/compat/, ≈ 0.8 KB: shops built on inpostizi.js swap only the script tag)
// and the session the behaviour such shops rely on (≈ 0.3 KB). Down again from here.
const LIMIT = 18.9 * 1024;
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const iife = readFileSync('dist/inpost-pay.iife.js');
const esm = await build({
  stdin: { contents: "import 'inpost-pay-widget/define';", resolveDir: process.cwd() },
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  metafile: true,
  alias: { 'inpost-pay-widget/define': './dist/define.js' },
  logLevel: 'error',
});
const esmBytes = esm.outputFiles[0].contents;

const rows = [
  ['dist/inpost-pay.iife.js', iife.length, gz(iife)],
  ['ES entry (define) + deps, esbuild --minify', esmBytes.length, gz(esmBytes)],
];
console.log(`bundle                                     raw        gzip     goal ${kb(GOAL)}, limit ${kb(LIMIT)}`);
for (const [name, raw, zipped] of rows) {
  console.log(`${name.padEnd(42)} ${kb(raw).padStart(9)} ${kb(zipped).padStart(9)}   ${zipped <= GOAL ? 'within the goal' : zipped <= LIMIT ? `${kb(zipped - GOAL)} over the goal` : 'OVER THE LIMIT'}`);
}

// Where the room goes: the same code bundled from the sources (the dist chunks hide module
// boundaries), minified bytes per module, and each module's share of the gzipped total.
const bySource = await build({
  entryPoints: ['src/iife.ts'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2022',
  write: false,
  metafile: true,
  define: { __VERSION__: '"0"' },
  logLevel: 'error',
  // The templates and styles minified as the real build does, so the shares match what ships.
  plugins: [
    {
      name: 'minify-literals',
      setup(build) {
        build.onLoad({ filter: /\/src\/.*\.ts$/ }, async ({ path }) => ({ contents: minifyLiterals(await readFile(path, 'utf8')), loader: 'ts' }));
      },
    },
  ],
});
const total = bySource.outputFiles[0].contents.length;
const zippedTotal = gz(bySource.outputFiles[0].contents);
console.log('\nminified bytes by module (gzip share estimated in proportion):');
const inputs = Object.entries(Object.values(bySource.metafile.outputs)[0].inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput);
for (const [path, { bytesInOutput }] of inputs) {
  if (bytesInOutput < 100) continue;
  const name = path.replace(/^node_modules\//, '');
  console.log(`  ${kb(bytesInOutput).padStart(8)} ${kb((bytesInOutput / total) * zippedTotal).padStart(8)} gz  ${name}`);
}

if (rows.some(([, , zipped]) => zipped > LIMIT)) {
  console.error(`\nOver the size limit of ${kb(LIMIT)} gzipped.`);
  process.exit(1);
}
