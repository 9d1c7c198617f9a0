// The package as a shop gets it: the packed tarball (`npm pack`) installed into small fresh
// projects (vanilla strict TypeScript, React 19 + TypeScript, Vue 3 + vue-tsc; React and Vue laid
// out as `npm create vite` makes them: a tsconfig.json of references, the app's options in
// tsconfig.app.json). The documentation's snippets for these setups are copied into the projects
// first (`docsSnippets` below), so the site shows only code these checks compiled. For each one:
//   1. its code type-checks against the package's types,
//   2. a wrong attribute value (`variant="checkout"`) fails to type-check,
//   3. it builds with Vite,
//   4. in Chromium the built page renders the button, and a press calls the configured callback,
//      whose answer reaches the page through a typed event listener.
// Each project is copied to .tmp/consumers/<name> (removed again when everything passed) and installed with `npm ci` from its committed
// lock file (the widget itself comes from the fresh tarball). Ends with `consumers: N passed, N failed`.
//
// `node test/consumers/run.mjs --update-locks` re-resolves the projects' lock files (after a change
// of the package's version or dependencies, or of a project's package.json).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { chromiumArgs, ensureChromium } from '../../scripts/chromium.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../..');
const scratch = join(root, '.tmp/consumers');
const updateLocks = process.argv.includes('--update-locks');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));

// `-b` as create-vite's `npm run build` does: its tsconfig.json only lists the projects.
const projects = [
  { name: 'vanilla', checker: 'tsc', typecheck: ['-p', 'tsconfig.json'] },
  { name: 'react', checker: 'tsc', typecheck: ['-b', 'tsconfig.json'] },
  { name: 'vue', checker: 'vue-tsc', typecheck: ['-b', 'tsconfig.json'] },
].filter((project) => !only.length || only.includes(project.name));

/** docs/snippets/<file> → where it goes in each project (the docs show it; the project compiles it). */
const docsSnippets = {
  vanilla: {
    'script-tag/shop-inpost.js': 'src/snippets/shop-inpost.js',
    'app-changes/page.js': 'src/snippets/app-changes.js',
    'typescript/script-tag.ts': 'src/snippets/script-tag.ts',
  },
  react: {
    'frameworks/react/tsconfig.app.json': 'tsconfig.app.json',
    'frameworks/react/ProductCard.tsx': 'src/snippets/ProductCard.tsx',
    'frameworks/next/InpostPayButton.tsx': 'src/snippets/InpostPayButton.tsx',
  },
  vue: {
    'frameworks/vue/tsconfig.app.json': 'tsconfig.app.json',
    'frameworks/vue/vite.config.ts': 'vite.config.ts',
    'frameworks/vue/ProductCard.vue': 'src/snippets/ProductCard.vue',
  },
};

const results = { passed: 0, failed: 0 };
function record(name, ok, detail = '') {
  ok ? results.passed++ : results.failed++;
  console.log(`  ${ok ? '✓' : '✗'} ${name}${ok || !detail ? '' : `\n${detail.trim().replace(/^/gm, '      ')}`}`);
  return ok;
}

/** Runs a command in `cwd`; returns its status and everything it printed. */
function sh(cwd, command, args) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ?? ''}` };
}

rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch, { recursive: true });
// --ignore-scripts: the tarball of the build already made (npm test builds first), without prepack's output in the JSON.
const packed = sh(root, 'npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch]);
if (!packed.ok) {
  console.error(packed.output);
  console.log('consumers: 0 passed, 1 failed');
  process.exit(1);
}
const tarball = join(scratch, JSON.parse(packed.output.slice(packed.output.indexOf('[')))[0].filename);

const browser = await chromium.launch({ executablePath: ensureChromium(), args: chromiumArgs });
try {
  for (const project of projects) {
    const started = Date.now();
    console.log(`${project.name}:`);
    const work = join(scratch, project.name);
    cpSync(join(here, project.name), work, { recursive: true, filter: (path) => !/[/\\](node_modules|dist)$/.test(path) });
    cpSync(tarball, join(work, 'inpost-pay-widget.tgz'));
    for (const [from, to] of Object.entries(docsSnippets[project.name])) cpSync(join(root, 'docs/snippets', from), join(work, to));

    const install = updateLocks
      ? sh(work, 'npm', ['install', '--no-audit', '--no-fund'])
      : sh(work, 'npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline']);
    if (!record('installs from its lock file and the packed tarball', install.ok, install.output)) continue;
    if (updateLocks) saveLock(work, project.name);

    const bin = join(work, 'node_modules/.bin', project.checker);
    const typed = sh(work, bin, project.typecheck);
    record(`type-checks (${project.checker} ${project.typecheck.join(' ')}), with the documentation's snippets`, typed.ok, typed.output);

    const wrong = sh(work, bin, ['-p', 'tsconfig.wrong.json']);
    record(
      'a wrong attribute value (variant="checkout") fails to type-check',
      !wrong.ok && /checkout/.test(wrong.output) && !/Cannot find|could not be found/i.test(wrong.output),
      wrong.ok ? 'tsconfig.wrong.json type-checked without an error' : wrong.output,
    );

    const built = sh(work, join(work, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn']);
    if (!record('builds with Vite', built.ok, built.output)) continue;

    const pressed = await pressInBrowser(browser, join(work, 'dist'));
    record('renders the button in Chromium; a press calls the configured callback', pressed.ok, pressed.detail);
    console.log(`  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
} finally {
  await browser.close();
}

// The installed projects take some 160 MB: kept only when something failed, to look into.
if (!results.failed) rmSync(scratch, { recursive: true, force: true });
console.log(`consumers: ${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed ? 1 : 0);

/**
 * Serves the built project, opens it, presses the InPost Pay button, and waits for the page to show
 * what the shop's `iziCanBeBound` was called with (it answers no, so nothing else happens).
 */
async function pressInBrowser(browser, dist) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://localhost').pathname;
    if (path === '/favicon.ico') return void response.writeHead(204).end();
    try {
      const body = readFileSync(join(dist, path === '/' ? 'index.html' : path.replace(/\.\.+/g, '')));
      response.writeHead(200, { 'content-type': types[extname(path || '.html')] ?? 'text/html' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && problems.push(`console error: ${message.text()}`));
  try {
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click({ timeout: 5000 });
    const result = page.locator('#result');
    await result.filter({ hasText: 'not bindable: SKU-1' }).waitFor({ timeout: 5000 });
    const text = (await result.textContent()) ?? '';
    const called = /iziCanBeBound\(SKU-1\)|can-be-bound \{"productId":"SKU-1"\}/.test(text);
    return { ok: called && !problems.length, detail: [`#result: ${text}`, ...problems].join('\n') };
  } catch (error) {
    return { ok: false, detail: [String(error), ...problems].join('\n') };
  } finally {
    await page.close();
    server.close();
  }
}

/**
 * Copies a freshly resolved lock file back into the project. The widget's entry loses its integrity
 * hash: the tarball is rebuilt for every run, so its hash changes with every commit.
 */
function saveLock(work, name) {
  const lock = JSON.parse(readFileSync(join(work, 'package-lock.json'), 'utf8'));
  delete lock.packages['node_modules/inpost-pay-widget']?.integrity;
  writeFileSync(join(here, name, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
}
