// Fails when custom-elements.json, or any typing generated from it into types/ (React, Vue, VS Code,
// JetBrains), is not what the analyzer makes of the current code, or when the API reference page (docs/api/elements.md)
// is not what that manifest says. `npm run analyze` regenerates all of them.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// The analyzer takes outdir relative to the working directory, so the scratch copy lives in .tmp/.
const outdir = '.tmp/cem-check';
const stale = [];
try {
  rmSync(outdir, { recursive: true, force: true });
  // The generators announce every file they write: only errors are worth showing here.
  execFileSync('npx', ['cem', 'analyze', '--quiet'], { env: { ...process.env, CEM_OUTDIR: outdir }, stdio: ['ignore', 'ignore', 'inherit'] });
  const fresh = readFileSync(join(outdir, 'custom-elements.json'), 'utf8');
  const committed = readOrEmpty('custom-elements.json');
  const difference = firstDifference(JSON.parse(fresh), committed ? JSON.parse(committed) : null);
  if (difference) stale.push(`custom-elements.json (first difference at ${difference})`);

  const generated = readdirSync(join(outdir, 'types'));
  for (const name of new Set([...generated, ...readdirSync('types')])) {
    const path = join('types', name);
    if (!generated.includes(name)) stale.push(`${path} (no longer generated)`);
    else if (readFileSync(join(outdir, path), 'utf8') !== readOrEmpty(path)) stale.push(`${path}${readOrEmpty(path) ? '' : ' (missing)'}`);
  }
  if (stale.length) {
    console.error(`Stale: ${stale.join(', ')}. Run \`npm run analyze\` and commit the result.`);
    process.exit(1);
  }
  console.log(`custom-elements.json and ${generated.length} typings in types/ are current.`);
  execFileSync('node', ['scripts/api-docs.mjs', '--check'], { stdio: 'inherit' });
} finally {
  rmSync(outdir, { recursive: true, force: true });
}

function readOrEmpty(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
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
