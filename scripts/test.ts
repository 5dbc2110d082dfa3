import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * `npm test`: the type check and the two page builds at once (none needs another; each is mostly one
 * busy core, so on CI's two cores they overlap instead of queueing), then one jest run (its global
 * setup bundles the cloud functions). Each step's output is printed whole when it ends, with its
 * time; the first step that fails stops the others and the run. Arguments go to jest.
 */
const root = path.resolve(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const STEPS = ['typecheck', 'build:weapp', 'build:h5'];

const running = new Set<ChildProcess>();

/** Ends a step and whatever it started (tsc, webpack and its workers): each step leads its own process group. */
function stop(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const child of running) stop(child);
    process.exit(130);
  });
}

function runStep(script: string): Promise<void> {
  const started = Date.now();
  const child = spawn(npm, ['run', '-s', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
  running.add(child);
  const output: Buffer[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d));
  child.stderr!.on('data', (d: Buffer) => output.push(d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      running.delete(child);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const ok = code === 0;
      process.stdout.write(`\n── ${script}: ${ok ? 'done' : `failed (${signal ?? `exit ${code}`})`} in ${seconds} s\n`);
      process.stdout.write(Buffer.concat(output));
      if (ok) resolve();
      else reject(new Error(`${script} failed`));
    });
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  try {
    await Promise.all(STEPS.map(runStep));
  } catch (err) {
    for (const child of running) stop(child);
    console.error(`\n${(err as Error).message}: no tests were run.`);
    return 1;
  }
  console.log(`\n── checks and builds: ${((Date.now() - started) / 1000).toFixed(1)} s; jest next`);
  const jest = spawn(process.execPath, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  running.add(jest);
  return new Promise((resolve) => {
    jest.once('close', (code, signal) => {
      running.delete(jest);
      console.log(`\n── npm test: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

main().then((code) => process.exit(code));
