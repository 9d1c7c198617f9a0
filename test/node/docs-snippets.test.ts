/**
 * Every code snippet of the documentation site comes from a file under docs/snippets/ that a test
 * compiles or runs. The one rule for every page, whichever branch writes it:
 *
 * - a page has no fenced code of its own: its code is `<<< @/snippets/<path>[#region]`, and the file
 *   (and region) exists;
 * - every snippet file is checked somewhere: TypeScript and JavaScript by docs/snippets/tsconfig.json
 *   (`npm run typecheck`) unless it is excluded there, and every other file (HTML, CSS, JSON, shell,
 *   Vue, the excluded ones) is named by a test or by the consumers suite, which compiles or runs it;
 * - the install lines name this package's version and files as they are.
 * The generated API pages (docs/api/) are exempt: TypeDoc writes signatures as code.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const docs = 'docs';
const snippets = join(docs, 'snippets');
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === '.vitepress' || name === '.generated') return [];
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
const pages = walk(docs).filter((path) => path.endsWith('.md') && !path.startsWith(join(docs, 'api')) && !path.startsWith(snippets));
const snippetFiles = walk(snippets).filter((path) => !path.endsWith('tsconfig.json') || path.includes('frameworks'));
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/** `<<< @/snippets/path#region{…} [title]` lines of a page: [path, region]. */
function includes(page: string): [string, string | undefined][] {
  return [...readFileSync(page, 'utf8').matchAll(/^\s*<<< @\/(snippets\/[^\s#{]+)(?:#([\w-]+))?/gm)].map((m) => [join(docs, m[1]!), m[2]]);
}

describe('documentation snippets', () => {
  test('no page has fenced code of its own: code comes from docs/snippets/', () => {
    const fenced = pages.filter((page) => /^\s*(```|~~~)/m.test(readFileSync(page, 'utf8')));
    assert.deepEqual(fenced, [], 'move the code into a file under docs/snippets/ and include it with <<< @/snippets/...');
  });

  test('every included snippet file and region exists', () => {
    const missing: string[] = [];
    for (const page of pages) {
      for (const [path, region] of includes(page)) {
        let text: string;
        try {
          text = readFileSync(path, 'utf8');
        } catch {
          missing.push(`${page}: ${path}`);
          continue;
        }
        if (region && !new RegExp(`#region ${region}\\b`).test(text)) missing.push(`${page}: ${path}#${region}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  test('every snippet file is shown on a page', () => {
    const shown = new Set(pages.flatMap((page) => includes(page).map(([path]) => path)));
    // The stand-ins other snippets import, and the type stub their project compiles them with.
    const helpers = [join(snippets, 'merchant/shop-state.ts'), join(snippets, 'widget-api/hono-stub.d.ts')];
    assert.deepEqual(snippetFiles.filter((path) => !shown.has(path) && !helpers.includes(path)), []);
  });

  test('every snippet file is compiled or run by a test', () => {
    // What docs/snippets/tsconfig.json, and the snippet projects of their own that a test compiles
    // (widget-api/tsconfig.json), type-check, as tsc lists it.
    const projects = [join(snippets, 'tsconfig.json'), join(snippets, 'widget-api/tsconfig.json')];
    const checked = new Set(
      projects.flatMap((project) =>
        execFileSync('npx', ['tsc', '-p', project, '--listFilesOnly'], { encoding: 'utf8' })
          .split('\n')
          .map((line) => line.trim().replace(`${process.cwd()}/`, ''))
          .filter((path) => path.startsWith(snippets)),
      ),
    );
    const tests = ['test/consumers/run.mjs', ...walk('test/node'), ...walk('test/e2e'), ...walk('test/unit')].filter((path) => /\.(ts|mjs)$/.test(path)).map((path) => readFileSync(path, 'utf8'));
    const named = (path: string) => tests.some((text) => text.includes(path.slice(snippets.length + 1)));
    assert.deepEqual(snippetFiles.filter((path) => !checked.has(path) && !named(path)), [], 'type-check it (docs/snippets/tsconfig.json) or run it in a test');
  });
});

describe('the README', () => {
  test('its code is a snippet file of the site, or the two commands', () => {
    const readme = readFileSync('README.md', 'utf8');
    const blocks = [...readme.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => [m[1], m[2]!] as const);
    assert.ok(blocks.length >= 2);
    const dedent = (text: string) => text.split('\n').map((line) => line.trim()).join('\n');
    const snippetTexts = snippetFiles.map((path) => dedent(readFileSync(path, 'utf8')));
    for (const [language, code] of blocks) {
      if (language === 'sh') {
        // The two commands: scripts this package has.
        for (const [, script] of code.matchAll(/npm run (\S+)/g)) assert.ok(pkg.scripts[script!], `npm run ${script}`);
        assert.match(code, /npm ci && npm test/);
      } else assert.ok(snippetTexts.some((text) => text.includes(dedent(code).trim())), `README block not in docs/snippets/:\n${code}`);
    }
  });
});

describe('shell snippets', () => {
  test('the visual-test commands are scripts of this package', () => {
    const text = readFileSync(join(snippets, 'visual-tests/commands.sh'), 'utf8');
    const scripts = [...text.matchAll(/npm run (\S+)/g)].map((m) => m[1]!);
    assert.deepEqual(scripts, ['test:visual', 'test:visual:update']);
    for (const script of scripts) assert.ok(pkg.scripts[script], `npm run ${script}`);
  });

  test('the two-instance commands set only what the demo reads, and share the cookie secret', () => {
    const text = readFileSync(join(snippets, 'widget-api/two-instances.sh'), 'utf8');
    const demo = readFileSync('dev/demo.ts', 'utf8');
    const names = new Set([...text.matchAll(/\b([A-Z_]+)=/g)].map((m) => m[1]!));
    for (const name of names) assert.ok(demo.includes(`env.${name}`) || demo.includes(`'${name}'`), `dev/demo.ts reads ${name}`);
    const secrets = [...text.matchAll(/SHOP_COOKIE_SECRET=(\S+)/g)].map((m) => m[1]);
    assert.equal(secrets.length, 2);
    assert.equal(secrets[0], secrets[1]);
  });
});

describe('install snippets', () => {
  test('the tarball lines name the file npm pack writes for this version', () => {
    const text = readFileSync(join(snippets, 'install/tarball.sh'), 'utf8');
    assert.ok(text.includes(`inpost-pay-widget-${pkg.version}.tgz`), text);
    assert.match(text, /npm ci && npm pack/);
    assert.equal(pkg.scripts.prepack, 'npm run build', 'npm pack builds dist/ first');
    assert.match(readFileSync(join(snippets, 'install/npm.sh'), 'utf8'), /^npm install inpost-pay-widget$/m);
  });

  test('the CDN and self-hosted tags load the bundle this version publishes', () => {
    const cdn = readFileSync(join(snippets, 'install/cdn.html'), 'utf8');
    assert.ok(cdn.includes(`inpost-pay-widget@${pkg.version}/dist/inpost-pay.iife.js`), cdn);
    assert.match(cdn, /integrity="sha384-/);
    assert.match(readFileSync('scripts/sri.mjs', 'utf8'), /integrity=/, 'npm run build prints the integrity the tag asks for');
    assert.match(readFileSync(join(snippets, 'install/self-hosted.html'), 'utf8'), /src="\/assets\/inpost-pay\.iife\.js"/);
    assert.ok(pkg.exports['./inpost-pay.iife.js'].default === './dist/inpost-pay.iife.js');
  });

  test("the editors' settings point at files the package ships", () => {
    const settings = JSON.parse(readFileSync(join(snippets, 'editors/settings.json'), 'utf8')) as Record<string, string[]>;
    const paths = Object.values(settings).flat();
    assert.equal(paths.length, 2);
    for (const path of paths) {
      const inPackage = path.replace('./node_modules/inpost-pay-widget/', '');
      assert.ok(pkg.files.some((entry: string) => inPackage.startsWith(`${entry}/`)), `${inPackage} is not in the package's files`);
      statSync(inPackage);
    }
  });
});
