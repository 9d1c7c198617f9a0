// The published ES modules loaded by Node with no DOM: server-side rendering set-ups, bundlers that
// evaluate modules at build time and the shop's backend all import them there.
// Needs the build output: `npm test` builds first; on its own, run `npm run build` before this file.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const dist = (file: string) => new URL(`../../dist/${file}`, import.meta.url);

function requireBuilt(file: string): URL {
  const url = dist(file);
  assert.ok(existsSync(fileURLToPath(url)), `dist/${file} is missing: run \`npm run build\` first`);
  return url;
}

/** Browser globals a module must not touch while it is imported on a server. */
const BROWSER_GLOBALS = ['window', 'document', 'location', 'navigator', 'self', 'localStorage', 'sessionStorage', 'HTMLElement', 'customElements', 'matchMedia'];

/**
 * Imports `url` with every browser global that Node lacks replaced by a getter that records who
 * reads it (even `typeof window`). Returns the module and the globals that were read.
 */
async function importWatchingGlobals(url: URL): Promise<{ module: Record<string, unknown>; read: string[] }> {
  const read: string[] = [];
  const trapped = BROWSER_GLOBALS.filter((name) => !(name in globalThis));
  for (const name of trapped) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        read.push(name);
        return undefined;
      },
    });
  }
  try {
    return { module: await import(url.href), read };
  } finally {
    for (const name of trapped) delete (globalThis as Record<string, unknown>)[name];
  }
}

test('the global watch catches a module that reads a browser global at import', async () => {
  const probe = new URL(`data:text/javascript,${encodeURIComponent('export const here = typeof window !== "undefined" || typeof document;')}`);
  const { read } = await importWatchingGlobals(probe);
  assert.deepEqual(read, ['window', 'document']);
  assert.equal('window' in globalThis, false, 'the traps are removed afterwards');
});

// First, in a process no widget module has touched yet (Lit's server shim adds globals).
test('dist/merchant reads no browser global at import and exports the client and the kit, nothing dev-only', async () => {
  const url = requireBuilt('merchant/index.js');
  const { module, read } = await importWatchingGlobals(url);
  assert.deepEqual(read, [], `dist/merchant read browser globals at import: ${read.join(', ')}`);
  for (const name of ['InpostPayClient', 'InpostPayApiError', 'createMerchantApi', 'MerchantApiError', 'verifySignedRequest', 'toNodeListener', 'memoryReplayStore']) {
    assert.equal(typeof module[name], 'function', name);
  }
  // Test helpers live in merchant/testing, not in the public API.
  for (const name of ['signRequest', 'TOKEN_PATH', 'parseRetryAfter']) assert.equal(name in module, false, `${name} is exported by merchant`);
  const files = readdirSync(fileURLToPath(dist('merchant/'))).filter((file) => file.endsWith('.js'));
  assert.ok(files.includes('redis.js') && files.includes('testing.js'), files.join(', '));
  for (const file of files) {
    const path = fileURLToPath(requireBuilt(`merchant/${file}`));
    const code = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const found = code.match(/\b(window|document|localStorage|sessionStorage|customElements|HTMLElement)\b/);
    assert.equal(found, null, `dist/merchant/${file} mentions the browser global ${found?.[0]}`);
  }
});

test('the merchant entries of the package resolve by name: merchant, merchant/testing, merchant/redis', async () => {
  const testing = (await import('inpost-pay-widget/merchant/testing')) as Record<string, unknown>;
  assert.equal(typeof testing.signRequest, 'function');
  assert.equal(typeof testing.TOKEN_PATH, 'string');
  const redis = (await import('inpost-pay-widget/merchant/redis')) as Record<string, unknown>;
  assert.equal(typeof redis.redisReplayStore, 'function');
  const merchant = (await import('inpost-pay-widget/merchant')) as Record<string, unknown>;
  assert.equal(typeof merchant.createMerchantApi, 'function');
});

test('dist/index.js imports in Node without a DOM, registers nothing, and exports the API', async () => {
  const url = requireBuilt('index.js');
  const module = await import(url.href);
  assert.equal(typeof module.configure, 'function');
  assert.equal(typeof module.InpostPayButton, 'function');
  assert.equal(typeof module.InpostPayBasket, 'function');
  assert.equal(typeof module.maskPhone, 'function');
  assert.equal((module.maskPhone as (v: string) => string)('600100200'), '60*****00');
  const registry = (globalThis as { customElements?: { get(name: string): unknown } }).customElements;
  assert.equal(registry?.get('inpost-pay-button'), undefined, 'importing the index must not register elements');
});

test('dist/define.js imports in Node without a DOM and exports the elements and configure()', async () => {
  const url = requireBuilt('define.js');
  const module = await import(url.href);
  const index = await import(dist('index.js').href);
  assert.equal(typeof module.configure, 'function');
  assert.equal(module.InpostPayButton, index.InpostPayButton, 'one class, shared with the index');
  assert.equal(module.InpostPayBasket, index.InpostPayBasket);
  assert.equal(module.configure, index.configure);
  const registry = (globalThis as { customElements?: { get(name: string): unknown } }).customElements;
  if (registry) assert.equal(registry.get('inpost-pay-button'), module.InpostPayButton);
  // Importing it again (a second copy of the widget) must not throw either.
  await import(`${url.href}?again`);
});

test('configure() works in Node: it takes callbacks and options, and rejects a non-function callback', async () => {
  const { configure } = (await import(requireBuilt('index.js').href)) as { configure: (options: unknown) => void };
  const logged: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => logged.push(args.map(String).join(' '));
  try {
    assert.doesNotThrow(() =>
      configure({
        iziCanBeBound: () => true,
        iziAddToCart: async () => undefined,
        iziGetOrderComplete: async () => ({}),
        language: 'en',
        callbackTimeout: 5000,
        orderWatch: { method: 'loop', interval: 1000 },
      }),
    );
    assert.deepEqual(logged, [], 'a valid configuration logs nothing');
    assert.doesNotThrow(() => configure({ iziBindingDelete: 'not a function' }));
    assert.match(logged.join('\n'), /iziBindingDelete must be a function/);
    assert.doesNotThrow(() => configure(undefined));
    assert.match(logged.at(-1) ?? '', /configure\(\) takes an object/);
  } finally {
    console.error = original;
  }
});
