// A node:test reporter that prints only the plain closing line CI logs are read for,
// e.g. `node: 30 passed, 0 failed`. A file that cannot be loaded is reported by node as a failed test.
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  for await (const event of source) {
    if (event.data?.details?.type === 'suite') continue;
    if (event.type === 'test:pass' && !event.data.skip && !event.data.todo) passed++;
    if (event.type === 'test:fail') failed++;
  }
  yield `node: ${passed} passed, ${failed} failed\n`;
}
