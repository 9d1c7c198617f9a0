import type { FullResult, Reporter, TestCase, TestError, TestResult } from '@playwright/test/reporter';

/**
 * Prints the plain closing line CI logs are read for: `e2e: N passed, N failed`. A test file that
 * cannot be loaded reaches `onError`, and counts as a failure.
 */
export default class SummaryReporter implements Reporter {
  #outcomes = new Map<TestCase, string>();
  #errors = 0;

  onTestEnd(test: TestCase, _result: TestResult): void {
    this.#outcomes.set(test, test.outcome());
  }

  onError(_error: TestError): void {
    this.#errors++;
  }

  onEnd(_result: FullResult): void {
    const outcomes = [...this.#outcomes.values()];
    const passed = outcomes.filter((o) => o === 'expected' || o === 'flaky').length;
    const failed = outcomes.filter((o) => o === 'unexpected').length + this.#errors;
    console.log(`e2e: ${passed} passed, ${failed} failed`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
