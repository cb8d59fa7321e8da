// Prints why tests were skipped (the warnings suites give when a store or container runtime is
// missing: the default reporter shows nothing for a file whose tests are all skipped), then one
// plain closing line ("Tests: N passed, N failed, N skipped") after Jest's own summary, in the form
// CI tooling reads regardless of the test runner. It also names the Node that ran Jest, which
// .ci/run checks when it runs the suite a second time on Node 24.
class PlainSummaryReporter {
  constructor() {
    this.skipReasons = new Set();
  }

  onTestResult(_test, testResult) {
    for (const entry of testResult.console ?? []) {
      if (entry.type === 'warn' && /skipped/i.test(entry.message)) this.skipReasons.add(entry.message.split('\n')[0]);
    }
  }

  onRunComplete(_contexts, results) {
    if (this.skipReasons.size > 0)
      process.stdout.write(`\nSkipped, and why:\n${[...this.skipReasons].map((reason) => `  - ${reason}`).join('\n')}\n`);
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`\nJest ran on Node ${process.version}\n`);
    process.stdout.write(`\nTests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`);
  }
}
module.exports = PlainSummaryReporter;
