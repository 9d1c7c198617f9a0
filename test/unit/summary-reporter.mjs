// Prints the plain closing line CI logs are read for, e.g. `unit: 42 passed, 0 failed`.
// A test file that could not be imported (it has errors but no results) counts as a failure,
// where web-test-runner's own summary would read "0 passed, 0 failed".
export function summaryReporter(suite) {
  let passed = 0;
  let failed = 0;
  const count = (result) => {
    for (const test of result.tests) {
      if (test.skipped) continue;
      if (test.passed) passed++;
      else failed++;
    }
    for (const child of result.suites) count(child);
  };
  return {
    onTestRunFinished({ sessions }) {
      passed = 0;
      failed = 0;
      for (const session of sessions) {
        if (session.testResults) count(session.testResults);
        const importFailed = !session.testResults || (session.errors.length > 0 && !session.passed);
        if (importFailed && session.errors.length > 0) failed++;
      }
    },
    stop() {
      // On a line of its own, whatever the runner's terminal output left before it.
      process.stdout.write(`\n${suite}: ${passed} passed, ${failed} failed\n`);
    },
  };
}
