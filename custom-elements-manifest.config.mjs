// The custom-elements manifest is generated from the elements' JSDoc (npm run analyze) and
// committed; the test run fails when it no longer matches the code (scripts/check-manifest.mjs).
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/env.d.ts'],
  outdir: process.env.CEM_OUTDIR ?? '.',
  litelement: true,
  packagejson: false,
};
