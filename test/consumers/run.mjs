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
// And two shops written from the guide "Add InPost Pay to a Node shop" (docs/guide/node-shop.md), whose
// code is the guide's snippet files (docs/snippets/node-shop/) copied in: Express (tsc, node) and
// Next.js App Router (next build, next start). Each one:
//   1. type-checks and builds,
//   2. runs against the local sandbox (dev/sandbox), which plays InPost Pay and the phone app,
//   3. in Chromium: the button binds the basket by phone (accepted in the sandbox), a quantity changed
//      in the app reaches the page's own cart view (inpost-pay-basket-change), the order paid in the
//      app takes the page to the thank-you page.
// Each project is copied to .tmp/consumers/<name> (removed again when everything passed) and installed with `npm ci` from its committed
// lock file (the widget itself comes from the fresh tarball). Ends with `consumers: N passed, N failed`.
//
// `node test/consumers/run.mjs --update-locks` re-resolves the projects' lock files (after a change
// of the package's version or dependencies, or of a project's package.json).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { tsImport } from 'tsx/esm/api';
import { chromiumArgs, ensureChromium } from '../../scripts/chromium.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
process.env.NEXT_TELEMETRY_DISABLED = '1'; // next build and next start, in the next project
const root = resolve(here, '../..');
const scratch = join(root, '.tmp/consumers');
const updateLocks = process.argv.includes('--update-locks');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const snippets = join(root, 'docs/snippets');

// `-b` as create-vite's `npm run build` does: its tsconfig.json only lists the projects.
const projects = [
  { name: 'vanilla', checker: 'tsc', typecheck: ['-p', 'tsconfig.json'] },
  { name: 'react', checker: 'tsc', typecheck: ['-b', 'tsconfig.json'] },
  { name: 'vue', checker: 'vue-tsc', typecheck: ['-b', 'tsconfig.json'] },
  {
    name: 'express',
    shop: true,
    // The guide's files, where a shop following it puts them.
    files: { 'node-shop/shop.ts': 'src/shop.ts', 'node-shop/express/server.ts': 'src/server.ts', 'node-shop/express/public/index.html': 'public/index.html' },
    build: ['tsc', ['-p', 'tsconfig.json']],
    start: (port) => [process.execPath, ['dist/server.js'], { PORT: String(port) }],
  },
  {
    name: 'next',
    shop: true,
    files: {
      'node-shop/shop.ts': 'lib/shop.ts',
      'node-shop/next/lib/inpost-pay.ts': 'lib/inpost-pay.ts',
      'node-shop/next/app/layout.tsx': 'app/layout.tsx',
      'node-shop/next/app/page.tsx': 'app/page.tsx',
      'node-shop/next/app/cart/route.ts': 'app/cart/route.ts',
      'node-shop/next/app/inpost-pay/[...path]/route.ts': 'app/inpost-pay/[...path]/route.ts',
      'node-shop/next/app/inpost/[...path]/route.ts': 'app/inpost/[...path]/route.ts',
      'node-shop/next/app/thank-you/page.tsx': 'app/thank-you/page.tsx',
    },
    // next build type-checks the project too.
    build: ['next', ['build']],
    start: (port) => [join('node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {}],
  },
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
  const ended = result.status === 0 ? '' : `\n(exit status ${result.status}${result.signal ? `, signal ${result.signal}` : ''})`;
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ?? ''}${ended}` };
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
    for (const [from, to] of Object.entries(docsSnippets[project.name] ?? {})) cpSync(join(snippets, from), join(work, to));

    for (const [from, to] of Object.entries(project.files ?? {})) cpSync(join(snippets, from), join(work, to));

    const install = updateLocks
      ? sh(work, 'npm', ['install', '--no-audit', '--no-fund'])
      : sh(work, 'npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline']);
    if (!record('installs from its lock file and the packed tarball', install.ok, install.output)) continue;
    if (updateLocks) saveLock(work, project.name);

    if (project.shop) {
      const [tool, args] = project.build;
      const built = sh(work, join(work, 'node_modules/.bin', tool), args);
      if (!record(`type-checks and builds (${tool} ${args.join(' ')})`, built.ok, built.output)) continue;
      const played = await playShop(browser, project, work);
      record('against the sandbox in Chromium: bound by phone, quantity changed in the app reaches the page\'s cart, paid: thank-you page', played.ok, played.detail);
      console.log(`  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      continue;
    }

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

/** The browser's own request for a favicon the guide's page does not have: not the shop's problem. */
function favicon(message) {
  return message.location().url.endsWith('/favicon.ico');
}

/** A free loopback port. */
async function freePort() {
  const server = createServer();
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address();
  await new Promise((closed) => server.close(closed));
  return port;
}

/** The answer of the sandbox's JSON API (the phone app's side), failing on an error status. */
async function sandboxCall(sandbox, path, body) {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(`${sandbox.url}${path}`, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

/** Asks `probe` every 100 ms until it returns something, for at most `ms`. */
async function eventually(probe, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

/**
 * Starts the sandbox and the built shop (its merchant API URL registered with the sandbox), then
 * plays the guide's flow in Chromium: the button, the phone number, the binding accepted in the app,
 * the quantity changed in the app (the page's own cart must follow), the order paid in the app (the
 * page must reach the thank-you page).
 */
async function playShop(browser, project, work) {
  const { startSandbox } = await tsImport('../../dev/sandbox/index.ts', import.meta.url);
  const { TOKEN_PATH } = await tsImport('../../src/merchant/testing.ts', import.meta.url);
  const sandbox = await startSandbox({ clientId: 'node-shop', clientSecret: 'node-shop-secret' });
  const port = await freePort();
  const [command, args, env] = project.start(port);
  const shop = spawn(command, args, {
    cwd: work,
    env: {
      ...process.env,
      ...env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      INPOST_PAY_CLIENT_ID: 'node-shop',
      INPOST_PAY_CLIENT_SECRET: 'node-shop-secret',
      INPOST_PAY_API_URL: sandbox.url,
      INPOST_PAY_TOKEN_URL: sandbox.url + TOKEN_PATH,
      COOKIE_SECRET: randomBytes(24).toString('hex'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  shop.stdout.on('data', (chunk) => (output += chunk));
  shop.stderr.on('data', (chunk) => (output += chunk));
  const shopUrl = `http://127.0.0.1:${port}`;
  const problems = [];
  const page = await browser.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && !favicon(message) && problems.push(`console error: ${message.text()}`));
  const steps = [];
  try {
    await eventually(async () => (await fetch(`${shopUrl}/cart`)).ok, 60_000, `the shop at ${shopUrl}`);
    sandbox.setMerchantApiUrl(`${shopUrl}/inpost`);
    const phone = `6${String(Date.now()).slice(-8)}`;

    await page.goto(`${shopUrl}/`);
    await page.getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click({ timeout: 15_000 });
    const dialog = page.locator('inpost-pay-basket[modal]').getByRole('dialog');
    await dialog.getByLabel('Numer telefonu').fill(phone);
    await dialog.getByRole('button', { name: 'Połącz' }).click();
    await dialog.getByRole('heading', { name: 'Potwierdź w aplikacji InPost Mobile' }).waitFor({ timeout: 10_000 });
    steps.push('binding requested');

    const { requests } = await sandboxCall(sandbox, '/sandbox/binding-requests');
    const request = requests.find((pending) => pending.phone_number?.phone === phone);
    if (!request) throw new Error(`no binding request for ${phone}: ${JSON.stringify(requests)}`);
    const accepted = await sandboxCall(sandbox, `/sandbox/binding-requests/${request.request_id}/accept`, {});
    await page.getByRole('button', { name: /^Produkty w koszyku InPost Pay/ }).first().waitFor({ timeout: 10_000 });
    await page.getByRole('listitem').filter({ hasText: 'Kubek × 1' }).waitFor({ timeout: 10_000 });
    steps.push('bound in the app');

    await sandboxCall(sandbox, `/sandbox/baskets/${accepted.basket_id}/quantity`, { product_id: 'mug', quantity: 2 });
    await page.getByRole('listitem').filter({ hasText: 'Kubek × 2' }).waitFor({ timeout: 10_000 });
    steps.push('quantity 2 from the app on the page');

    const paid = await sandboxCall(sandbox, `/sandbox/baskets/${accepted.basket_id}/order`, {});
    if (paid.payment_status !== 'AUTHORIZED') throw new Error(`order: ${JSON.stringify(paid)}`);
    await page.waitForURL(`${shopUrl}/thank-you`, { timeout: 10_000 });
    await page.getByRole('heading', { name: 'Dziękujemy za zamówienie!' }).waitFor({ timeout: 10_000 });
    steps.push('paid: thank-you page');
    return { ok: problems.length === 0, detail: [...steps, ...problems].join('\n') };
  } catch (error) {
    return { ok: false, detail: [`after: ${steps.join(', ') || 'nothing'}`, String(error), ...problems, `shop output:\n${output.slice(-3000)}`].join('\n') };
  } finally {
    await page.close();
    shop.kill();
    await sandbox.close();
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
