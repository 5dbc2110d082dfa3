/**
 * Prints one plain closing line CI can read ("jest: N passed, N failed") and fails the run when any
 * test was skipped or marked todo, or when nothing ran: a skipped test hides a failure.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: pending, numTodoTests: todo, numTotalTests: total } = results;
    const skipped = pending + todo;
    // The ten slowest suites: CI has a time budget, and this says where it goes.
    const slowest = results.testResults
      .map((r) => ({ path: require('path').relative(process.cwd(), r.testFilePath), ms: r.perfStats.end - r.perfStats.start }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10);
    if (slowest.length > 1) console.log(`\nslowest suites:\n${slowest.map((s) => `  ${(s.ms / 1000).toFixed(1).padStart(6)} s  ${s.path}`).join('\n')}`);
    console.log(`\njest: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
    if (skipped > 0 || total === 0) {
      console.error(skipped > 0 ? `${skipped} test(s) skipped or todo: that counts as a failure here.` : 'no test ran.');
      process.exitCode = 1;
      results.success = false;
    }
  }
}
module.exports = SummaryReporter;
