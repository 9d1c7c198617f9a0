// Fails when custom-elements.json is not what the analyzer makes of the current code, or when
// the README's API tables are not what that manifest says.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// The analyzer takes outdir relative to the working directory, so the scratch copy lives in .tmp/.
const outdir = '.tmp/cem-check';
try {
  execFileSync('npx', ['cem', 'analyze', '--quiet'], { env: { ...process.env, CEM_OUTDIR: outdir }, stdio: 'inherit' });
  const fresh = readFileSync(join(outdir, 'custom-elements.json'), 'utf8');
  let committed = '';
  try {
    committed = readFileSync('custom-elements.json', 'utf8');
  } catch {}
  if (JSON.stringify(JSON.parse(fresh)) !== JSON.stringify(committed ? JSON.parse(committed) : null)) {
    console.error('custom-elements.json is stale: run `npm run analyze` and commit the result.');
    process.exit(1);
  }
  console.log('custom-elements.json is current.');
  execFileSync('node', ['scripts/api-docs.mjs', '--check'], { stdio: 'inherit' });
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
