// The size budget (gzip) of the script-tag bundle and of the ES module entry bundled the way a
// shop's bundler would (esbuild, minified, Lit included). The goal is 15 KB each; until the widget
// gets there, the run fails above LIMIT, a ratchet that only ever moves down towards the goal.
// Prints the figures and what takes the room, by module.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const GOAL = 15 * 1024;
const LIMIT = 18.3 * 1024;
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

// Where the room goes: minified bytes each module contributes to the ES bundle, grouped by package or folder.
const groups = new Map();
for (const [path, { bytesInOutput }] of Object.entries(Object.values(esm.metafile.outputs)[0].inputs)) {
  const key = path.includes('node_modules/')
    ? path.split('node_modules/').pop().split('/').slice(0, path.includes('node_modules/@') ? 2 : 1).join('/')
    : path.replace(/^dist\//, 'dist/ ');
  groups.set(key, (groups.get(key) ?? 0) + bytesInOutput);
}
console.log('\nminified bytes by module (before gzip):');
for (const [key, bytes] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`  ${kb(bytes).padStart(8)}  ${key}`);

if (rows.some(([, , zipped]) => zipped > LIMIT)) {
  console.error(`\nOver the size limit of ${kb(LIMIT)} gzipped.`);
  process.exit(1);
}
