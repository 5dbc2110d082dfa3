/**
 * Prints one plain closing line CI can read ("jest: N passed, N failed") and fails the run when any
 * test was skipped or marked todo, or when nothing ran: a skipped test hides a failure.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: pending, numTodoTests: todo, numTotalTests: total } = results;
    const skipped = pending + todo;
    console.log(`\njest: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
    if (skipped > 0 || total === 0) {
      console.error(skipped > 0 ? `${skipped} test(s) skipped or todo: that counts as a failure here.` : 'no test ran.');
      process.exitCode = 1;
      results.success = false;
    }
  }
}
module.exports = SummaryReporter;
