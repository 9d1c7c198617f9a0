/**
 * The snippets of "Going live" (docs/going-live.md): the production setup type-checks against the
 * package's published types, and the test-mode rule hides InPost Pay from everyone but the tester.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { inpostPayOnPage, showInPostPay } from '../../docs/snippets/going-live/test-mode.js';

describe('going live snippets', () => {
  test('docs/snippets/going-live/production.ts and test-mode.ts type-check against the built package', () => {
    const files = ['docs/snippets/going-live/production.ts', 'docs/snippets/going-live/test-mode.ts'];
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.deepEqual(problems, []);
  });

  test('?showInPostPay=true shows it and remembers it; false forgets; nothing else shows it', () => {
    const url = (query: string) => new URL(`https://shop.example/product${query}`);
    assert.deepEqual(showInPostPay(url('?showInPostPay=true')), { show: true, setCookie: 'showInPostPay=true; Path=/; HttpOnly; SameSite=Lax' });
    assert.equal(showInPostPay(url(''), 'a=1; showInPostPay=true').show, true);
    assert.equal(showInPostPay(url(''), 'notshowInPostPay=true').show, false);
    assert.equal(showInPostPay(url('?showInPostPay=1')).show, false);
    assert.deepEqual(showInPostPay(url('?showInPostPay=false'), 'showInPostPay=true'), { show: false, setCookie: 'showInPostPay=; Path=/; Max-Age=0' });
    assert.equal(showInPostPay(url('')).show, false);
  });

  test('the page handler shows it to everyone unless INPOST_PAY_TEST_MODE=on', () => {
    const cookies: string[] = [];
    const res = { append: (name: string, value: string) => cookies.push(`${name}: ${value}`) } as never;
    const req = (path: string, cookie?: string) => ({ originalUrl: path, headers: { cookie } }) as never;
    const saved = process.env.INPOST_PAY_TEST_MODE;
    try {
      delete process.env.INPOST_PAY_TEST_MODE;
      assert.equal(inpostPayOnPage(req('/'), res), true);
      process.env.INPOST_PAY_TEST_MODE = 'on';
      assert.equal(inpostPayOnPage(req('/'), res), false);
      assert.equal(inpostPayOnPage(req('/?showInPostPay=true'), res), true);
      assert.deepEqual(cookies, ['set-cookie: showInPostPay=true; Path=/; HttpOnly; SameSite=Lax']);
      assert.equal(inpostPayOnPage(req('/basket', 'showInPostPay=true'), res), true);
    } finally {
      if (saved === undefined) delete process.env.INPOST_PAY_TEST_MODE;
      else process.env.INPOST_PAY_TEST_MODE = saved;
    }
  });
});
