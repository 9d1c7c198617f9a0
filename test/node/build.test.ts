/** The build's minifier of Lit's css`` literals. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { minifyLiterals } from '../../build/minify-css-literals.js';

describe('CSS minifier of the build', () => {
  test('keeps the space between values around interpolations and folds the rest', () => {
    const out = minifyLiterals('const a = css`\n  margin: ${x} ${y};\n  width:${w}px ${h}px;\n`;');
    assert.equal(out, 'const a = css`margin:${x} ${y};width:${w}px ${h}px;`;');
    assert.equal(minifyLiterals('const b = css`${t}${u}`;'), 'const b = css`${t}${u}`;');
    assert.equal(minifyLiterals("const c = css`:host([scheme='black']) { --_accent: 0.5em; }`;"), 'const c = css`:host([scheme=black]){--_0:.5em}`;');
  });
});
