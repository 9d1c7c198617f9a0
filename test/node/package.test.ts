/**
 * The published package as `npm pack` makes it (after `npm run build`): what it contains, that every
 * entry it names exists in it, the manifest shops read, and the Subresource Integrity hash the build
 * prints, checked against the openssl CLI. And `prepack`: packing a fresh clone, which has no
 * dist/, builds it first.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';

interface PackEntry {
  files: { path: string }[];
}
// --ignore-scripts: the tarball of the build already made; prepack is tested on its own below.
const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' })) as PackEntry[];
const files = new Set(packed!.files.map((file) => file.path));
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/** Every file path an `exports` entry points at, with the subpath it belongs to. */
function exportTargets(value: unknown, subpath = ''): [string, string][] {
  if (typeof value === 'string') return [[subpath, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => exportTargets(inner, key.startsWith('.') ? key : subpath));
}

describe('the packed package', () => {
  test('holds the licence, changelog, readme, builds and generated typings, and no sources or tools', () => {
    for (const name of ['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json', 'custom-elements.json', 'dist/inpost-pay.iife.js', 'types/react.d.ts', 'types/vue.d.ts']) {
      assert.ok(files.has(name), `${name} is missing from the tarball`);
    }
    const stray = [...files].filter((path) => /^(src|dev|test|bench|scripts|build)\//.test(path) || path.endsWith('.map'));
    assert.deepEqual(stray, [], 'sources, development tools or source maps without their sources');
  });

  test('every export, the types, web-types and custom-elements fields and every sideEffects file are in it', () => {
    const named = [
      ...exportTargets(pkg.exports).map(([subpath, target]) => [`exports["${subpath}"]`, target]),
      ['types', pkg.types],
      ['web-types', pkg['web-types']],
      ['customElements', pkg.customElements],
      ...pkg.sideEffects.filter((path: string) => path.startsWith('./dist/')).map((path: string) => ['sideEffects', path]),
    ];
    for (const [field, target] of named) assert.ok(files.has(target.replace(/^\.\//, '')), `${field} names ${target}, which is not in the tarball`);
    assert.ok(pkg.exports['./package.json'], './package.json is exported');
    assert.equal(createRequire(import.meta.url).resolve('inpost-pay-widget/package.json'), `${process.cwd()}/package.json`);
  });

  test('says where it comes from: licence, repository, homepage, bugs, keywords', () => {
    assert.equal(pkg.license, 'MIT');
    assert.match(readFileSync('LICENSE', 'utf8'), /^MIT License/);
    assert.match(pkg.repository.url, /^git\+https:\/\//);
    assert.ok(pkg.homepage && pkg.bugs.url && pkg.keywords.length);
  });
});

describe('prepack', () => {
  test('packing a clean tree (the committed files, no dist/) builds dist/ into the tarball', () => {
    const clean = '.tmp/clean-pack';
    rmSync(clean, { recursive: true, force: true });
    try {
      for (const path of execFileSync('git', ['ls-files'], { encoding: 'utf8' }).split('\n').filter(Boolean)) {
        if (!existsSync(path)) continue; // deleted in the working tree
        mkdirSync(join(clean, dirname(path)), { recursive: true });
        cpSync(path, join(clean, path));
      }
      symlinkSync(join(process.cwd(), 'node_modules'), join(clean, 'node_modules'));
      assert.ok(!existsSync(join(clean, 'dist')));
      const output = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: clean, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      // prepack's own output comes first on stdout; the JSON report ends it.
      const [report] = JSON.parse(output.slice(output.lastIndexOf('\n[\n') + 1)) as PackEntry[];
      const listed = new Set(report!.files.map((file) => file.path));
      for (const name of ['dist/inpost-pay.iife.js', 'dist/inpost-izi.iife.js', 'dist/index.js', 'dist/define.js', 'dist/types/index.d.ts', 'dist/merchant/index.js', 'dist/merchant/index.d.ts']) {
        assert.ok(listed.has(name), `${name} is missing from a clean tree's tarball`);
      }
    } finally {
      rmSync(clean, { recursive: true, force: true });
    }
  });
});

describe('custom-elements.json', () => {
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  const declarations = manifest.modules.flatMap((mod: { declarations?: unknown[] }) => mod.declarations ?? []);

  test('describes the two elements only, at paths the package ships', () => {
    assert.deepEqual(declarations.map((d: { tagName?: string }) => d.tagName), ['inpost-pay-basket', 'inpost-pay-button']);
    for (const mod of manifest.modules) assert.ok(files.has(mod.path), `${mod.path} is not in the tarball`);
  });

  test('registers both tags, lists no private member, and types every event', () => {
    const definitions = manifest.modules.flatMap((mod: { exports?: { kind: string; name: string }[] }) =>
      (mod.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => e.name),
    );
    assert.deepEqual(definitions.sort(), ['inpost-pay-basket', 'inpost-pay-button']);
    for (const element of declarations) {
      for (const member of element.members) {
        assert.ok(!member.name.startsWith('#') && member.privacy !== 'private' && member.privacy !== 'protected', `${element.tagName}: ${member.name}`);
      }
      for (const event of element.events) assert.match(event.type?.text ?? '', /^CustomEvent<\w+>$/, `${element.tagName}: ${event.name}`);
    }
  });
});

describe('the script tag the build prints', () => {
  test('carries the SHA-384 of dist/inpost-pay.iife.js as openssl computes it, and the package version', () => {
    const printed = execFileSync('node', ['scripts/sri.mjs'], { encoding: 'utf8' });
    const digest = execFileSync('openssl', ['dgst', '-sha384', '-binary', 'dist/inpost-pay.iife.js']);
    const expected = `sha384-${execFileSync('openssl', ['base64', '-A'], { input: digest, encoding: 'utf8' }).trim()}`;
    assert.ok(printed.includes(`integrity="${expected}"`), printed);
    assert.ok(printed.includes(`inpost-pay-widget@${pkg.version}/dist/inpost-pay.iife.js`), printed);
  });
});
