const path = require('node:path');
const DefaultSequencer = require('@jest/test-sequencer').default;

/**
 * The suites that take longest (the ones that call every action, the 30,000-row import), started
 * first when jest has no times of its own yet (a clean clone, as CI is): jest then orders by file
 * size, which put the matrix, a short file and the longest suite, near the end, where it ran on
 * alone while the other worker had nothing left. With times cached, jest's own order (slowest
 * first) stands.
 */
const FIRST = [
  'tests/functions/matrix.test.ts',
  'tests/functions/scan-guard.test.ts',
  'tests/functions/fuzz.test.ts',
  'tests/functions/roster-import.test.ts',
  'tests/functions/volunteer-export-parts.test.ts',
];

class SlowFirstSequencer extends DefaultSequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const rank = (test) => {
      if (test.duration != null) return FIRST.length;
      const i = FIRST.indexOf(path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/'));
      return i < 0 ? FIRST.length : i;
    };
    // Array.prototype.sort is stable: everything else keeps jest's order.
    return sorted.map((test, i) => ({ test, i, r: rank(test) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.test);
  }
}

module.exports = SlowFirstSequencer;
