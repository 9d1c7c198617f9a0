// The code of docs/widget-endpoint.md: every snippet file compiles against the package's sources
// (docs/snippets/widget-endpoint/tsconfig.json maps `inpost-pay-widget` to src/), and the script
// tag's snippet is loaded and run by test/unit/iife-endpoint.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';

const dir = 'docs/snippets/widget-endpoint';

test('the widget-endpoint snippets type-check', () => {
  const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));
  assert.ok(files.length >= 4, `snippets found: ${files.join(', ')}`);
  const result = spawnSync('npx', ['tsc', '-p', `${dir}/tsconfig.json`, '--listFilesOnly'], { encoding: 'utf8' });
  for (const file of files) assert.match(result.stdout, new RegExp(`${dir}/${file.replace('.', '\\.')}`), `${file} is compiled`);
  const check = spawnSync('npx', ['tsc', '-p', `${dir}/tsconfig.json`], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
});
