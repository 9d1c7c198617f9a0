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
  const difference = firstDifference(JSON.parse(fresh), committed ? JSON.parse(committed) : null);
  if (difference) {
    console.error(`custom-elements.json is stale (first difference at ${difference}): run \`npm run analyze\` and commit the result.`);
    process.exit(1);
  }
  console.log('custom-elements.json is current.');
  execFileSync('node', ['scripts/api-docs.mjs', '--check'], { stdio: 'inherit' });
} finally {
  rmSync(outdir, { recursive: true, force: true });
}

/** The path of the first place where two JSON values differ, or '' when they are equal. */
function firstDifference(fresh, committed, path = '$') {
  if (typeof fresh !== 'object' || fresh === null || typeof committed !== 'object' || committed === null) {
    return fresh === committed ? '' : `${path}: ${JSON.stringify(fresh)?.slice(0, 80)} vs ${JSON.stringify(committed)?.slice(0, 80)}`;
  }
  const keys = new Set([...Object.keys(fresh), ...Object.keys(committed)]);
  for (const key of keys) {
    const found = firstDifference(fresh[key], committed[key], `${path}.${key}`);
    if (found) return found;
  }
  return '';
}
