const { execFileSync } = require('node:child_process');
const path = require('node:path');

/** Once per jest run: bundle the cloud functions, so tests never run stale `index.js` files. */
module.exports = async function globalSetup() {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'scripts', 'build-functions.ts')], {
    cwd: path.join(__dirname, '..'),
    stdio: 'inherit',
  });
};
