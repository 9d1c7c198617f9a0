/**
 * The guide "Add InPost Pay to a Node shop" (docs/guide/node-shop.md): its code is the snippet files
 * under docs/snippets/node-shop/, each shown on the page, and a whole shop stays within 80 lines of
 * code (blank and comment-only lines not counted) for Express and for Next.js. The consumers suite
 * (test/consumers/run.mjs, projects express and next) builds and runs the same files.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

const dir = 'docs/snippets/node-shop/';
const EXPRESS = ['shop.ts', 'express/server.ts', 'express/public/index.html'];
const NEXT = [
  'shop.ts',
  'next/lib/inpost-pay.ts',
  'next/app/inpost-pay/[...path]/route.ts',
  'next/app/inpost/[...path]/route.ts',
  'next/app/cart/route.ts',
  'next/app/page.tsx',
  'next/app/thank-you/page.tsx',
  'next/app/layout.tsx',
];

/** Lines of code: not blank, not only a comment. */
export const linesOfCode = (files: string[]) =>
  files
    .flatMap((file) => readFileSync(dir + file, 'utf8').split('\n'))
    .filter((line) => line.trim() !== '' && !/^\s*(\/\/|\/\*\*.*\*\/\s*$)/.test(line)).length;

describe('node-shop guide', () => {
  test('a whole shop is at most 80 lines of code, with Express and with Next.js', () => {
    const express = linesOfCode(EXPRESS);
    const next = linesOfCode(NEXT);
    console.log(`node-shop guide: Express ${express} lines of code, Next.js ${next}`);
    assert.ok(express <= 80, `Express: ${express}`);
    assert.ok(next <= 80, `Next.js: ${next}`);
    assert.ok(express > 40 && next > 40, 'the count reads the files');
  });

  test('the page shows every file, and the consumers suite copies every one into its projects', () => {
    const page = readFileSync('docs/guide/node-shop.md', 'utf8');
    const suite = readFileSync('test/consumers/run.mjs', 'utf8');
    for (const file of new Set([...EXPRESS, ...NEXT])) {
      assert.ok(page.includes(`<<< @/snippets/node-shop/${file}`), `the guide includes ${file}`);
      assert.ok(suite.includes(`'node-shop/${file}'`), `the consumers suite copies ${file}`);
    }
  });

  test('the basket of the guide is the smallest valid one: the four fields InPost requires', () => {
    const shop = readFileSync(`${dir}shop.ts`, 'utf8');
    for (const field of ['summary', 'delivery', 'products', 'consents']) assert.match(shop, new RegExp(`^\\s+${field}: `, 'm'));
  });
});
