const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const tsx = (script) => execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', script)], { cwd: root, stdio: 'inherit' });

/**
 * Once per jest run: bundle the cloud functions, so tests never run stale `index.js` files; find the
 * browser, so the npm Chromium is extracted here once (about 12 s on a new machine) and not by two
 * browser suites at once inside their time limits.
 */
module.exports = async function globalSetup() {
  tsx('build-functions.ts');
  try {
    tsx('browser.ts');
  } catch {
    // Its error is printed above; only the browser suites need it, and they report it again.
    console.warn('WARNING: no Chromium for the browser suites (see above)');
  }
};
