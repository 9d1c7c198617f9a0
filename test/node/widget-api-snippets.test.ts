/** The docs' widget API snippets (docs/snippets/widget-api/) compile against the merchant kit's sources. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

test('docs/snippets/widget-api compiles', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const result = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}docs/snippets/widget-api/tsconfig.json`], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});
