// `npm test`: every check and every test suite, in order, on a fresh machine. Each suite prints
// its own closing line `<suite>: N passed, N failed`; the build and consistency checks print
// `checks: ...`. Exits non-zero when anything failed, after running everything.
import { spawnSync } from 'node:child_process';
import { ensureChromium } from './chromium.mjs';

const run = (command, args, env = {}) =>
  spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status === 0;

/** Runs a command whose output only matters when it fails: prints `okLine`, or everything it said. */
function runQuiet(command, args, okLine, env = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.status === 0) console.log(okLine);
  else process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
  return result.status === 0;
}

const failures = [];
const checks = { passed: 0, failed: 0 };
const check = (name, ok) => {
  ok ? checks.passed++ : checks.failed++;
  if (!ok) failures.push(name);
};

// Found (or installed) here, once, and handed to the runners: their config files only read it.
const chromium = ensureChromium();
check('build', run('npm', ['run', '--silent', 'build']));
check('typecheck', run('npm', ['run', '--silent', 'typecheck']));
check('no import cycles', run('node', ['scripts/check-cycles.mjs', 'src']));
check('custom-elements.json', run('node', ['scripts/check-manifest.mjs']));
check('size budget', run('node', ['--import', 'tsx', 'scripts/size.mjs']));
// The packed tarball as TypeScript and bundlers resolve it (ESM only: the package has no CommonJS build).
// (The build above is what it packs: npm's prepack would only build it again.)
check('package types (attw)', runQuiet('npx', ['attw', '--pack', '--profile', 'esm-only', '--format', 'table-flipped'], 'attw --pack --profile esm-only: no problems.', { npm_config_ignore_scripts: 'true' }));
// The documentation site: the merchant API reference current (the elements' page is checked with
// custom-elements.json above), then the site built with VitePress, which fails on a dead internal link.
check('merchant API reference', run('node', ['scripts/api-merchant.mjs', '--check']));
check('docs site (VitePress build, no dead link)', run('npm', ['run', '--silent', 'docs']));
console.log(`checks: ${checks.passed} passed, ${checks.failed} failed`);

for (const suite of ['test:unit', 'test:node', 'test:e2e', 'test:consumers']) {
  if (!run('npm', ['run', '--silent', suite], { CHROMIUM_PATH: chromium })) failures.push(suite);
}

if (failures.length) {
  console.error(`Failed: ${failures.join(', ')}`);
  process.exit(1);
}
