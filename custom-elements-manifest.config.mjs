// The custom-elements manifest is generated from the elements' JSDoc (npm run analyze) and
// committed; the test run fails when it no longer matches the code (scripts/check-manifest.mjs).
export default {
  globs: ['src/**/*.ts'],
  // src/compat/: the first InPost widget's markup, documented in the README's mapping table, not a third element.
  exclude: ['src/**/*.test.ts', 'src/env.d.ts', 'src/merchant/**', 'src/compat/**'],
  outdir: process.env.CEM_OUTDIR ?? '.',
  litelement: true,
  packagejson: false,
  plugins: [
    {
      // The analyzer lists modules in the order its file search happens to return them, which
      // differs on a cold file cache (a fresh clone): sorted, the manifest is the same every time.
      name: 'sort-modules',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      },
    },
  ],
};
