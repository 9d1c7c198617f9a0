import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { minifyCssLiterals } from './build/minify-css-literals.js';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** The script-tag bundles by build mode: entry and file name. */
const IIFE: Record<string, [string, string]> = {
  iife: ['src/iife.ts', 'inpost-pay.iife.js'],
  izi: ['src/izi-iife.ts', 'inpost-izi.iife.js'],
};

/**
 * Three library builds from one config:
 * - `vite build`: ES modules for bundlers (`dist/index.js` registers nothing, `dist/define.js`
 *   registers both elements, `dist/helpers.js` is `maskPhone` without the elements); lit stays an
 *   import, so a shop's bundler shares one Lit.
 * - `vite build --mode iife`: `dist/inpost-pay.iife.js`, self-contained, for a plain script tag.
 * - `vite build --mode izi`: `dist/inpost-izi.iife.js`, the same plus the first InPost widget's
 *   markup and globals (src/compat/), for shops that loaded `inpostizi.js`. A bundle of its own,
 *   so shops on `inpost-pay.iife.js` do not download it (an IIFE build has one entry).
 *
 * package.json's `sideEffects` names src/define.ts, src/iife.ts and src/izi-iife.ts besides their dist files: Vite
 * applies the package's own list to its sources, and would drop the registration (a side-effect
 * import) from the script-tag bundle if they were missing.
 *
 * ES2022 keeps `#private` members native: lowered to ES2021 they become WeakMap helpers, about
 * 0.6 KB gzipped more and slower to construct, which a listing page does hundreds of times.
 */
export default defineConfig(({ mode }) => ({
  define: { __VERSION__: JSON.stringify(version) },
  plugins: [minifyCssLiterals()],
  build: IIFE[mode]
    ? {
        emptyOutDir: false,
        target: 'es2022',
        lib: {
          entry: IIFE[mode][0],
          formats: ['iife'],
          name: 'InpostPayWidget',
          fileName: () => IIFE[mode][1],
        },
      }
    : {
        target: 'es2022',
        minify: false,
        lib: {
          entry: { index: 'src/index.ts', define: 'src/define.ts', helpers: 'src/helpers.ts' },
          formats: ['es'],
        },
        rolldownOptions: { external: [/^lit(\/|$)/, /^@lit\//], output: { chunkFileNames: 'inpost-pay-[hash].js' } },
      },
}));
