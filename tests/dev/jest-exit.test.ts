import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './helpers';

const root = path.resolve(__dirname, '..', '..');
const out = tempDir('dph-jest-exit-');
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

/** After its last suite, jest gets this long to exit; "never" is what a forgotten server or browser gives. */
const EXIT_BOUND_MS = 60_000;

/** Jest on the fixture suite alone, in band (the strictest case: a leaked server or browser in the one process keeps jest alive; `npm test` runs two workers, which jest force-exits). */
function runFixture(): Promise<{ code: number | null; output: string; results: { numFailedTests: number; testResults: Array<{ endTime: number }> }; exitedAfterMs: number }> {
  const config = {
    rootDir: root,
    roots: ['<rootDir>/tests/dev/fixtures'],
    testMatch: ['**/failing-site.fixture.ts'],
    testEnvironment: 'node',
    testTimeout: 60000,
    transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' } } }] },
  };
  const resultsFile = path.join(out, 'results.json');
  const child = spawn(process.execPath, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', JSON.stringify(config), '--runInBand', '--ci', '--json', '--outputFile', resultsFile], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    let killer: NodeJS.Timeout | undefined;
    // Jest writes its results when the last suite is done; from then on it has EXIT_BOUND_MS to exit.
    const watch = setInterval(() => {
      if (killer || !fs.existsSync(resultsFile)) return;
      killer = setTimeout(() => child.kill('SIGKILL'), EXIT_BOUND_MS);
    }, 200);
    const cap = setTimeout(() => child.kill('SIGKILL'), 4 * EXIT_BOUND_MS);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const exitedAt = Date.now();
      clearInterval(watch);
      clearTimeout(killer);
      clearTimeout(cap);
      if (signal || !fs.existsSync(resultsFile)) {
        reject(new Error(`jest did not exit ${signal ? `(killed with ${signal})` : ''}; its output:\n${output}`));
        return;
      }
      const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
      const lastEnd = Math.max(...results.testResults.map((r: { endTime: number }) => r.endTime));
      resolve({ code, output, results, exitedAfterMs: exitedAt - lastEnd });
    });
  });
}

describe('a failing browser suite ends the jest run', () => {
  it('exits non-zero soon after its last test, with the failures shown', async () => {
    const run = await runFixture();
    expect(run.code).toBe(1);
    expect(run.exitedAfterMs).toBeLessThan(EXIT_BOUND_MS);
    expect(run.results.numFailedTests).toBe(3);
    expect(run.output).toContain('serves the page, then expects what is not there');
    expect(run.output).toContain('这里本来就不是这段文字');
    expect(run.output).toMatch(/never gets a site[\s\S]*browserType\.launch/);
    expect(run.output).toContain('Exceeded timeout of 50 ms for a hook');
    expect(run.output).not.toContain('did not exit');
  }, 5 * EXIT_BOUND_MS);
});
