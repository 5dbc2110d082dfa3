import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/**
 * The one Chromium that browser tests, benchmarks and scripts drive: `CHROME_PATH` when set, else a
 * system Chromium, else the build the project installs from npm (`@sparticuz/chromium`), so a bare
 * machine needs nothing but `npm install`. A CJK font from npm (`@embedpdf/fonts-sc`) is added to
 * whatever fonts the machine has, so Chinese in screenshots is legible everywhere.
 */
const root = path.resolve(__dirname, '..');
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/**
 * Only what a headless launch needs here (root, no GPU, no calls home). Never @sparticuz's own
 * `args`: they turn off web security and site isolation, which would hide CORS and origin defects.
 */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export type ChromiumSource = 'CHROME_PATH' | 'system' | 'npm';

/** Where a package the project installs lives (its `exports` hide package.json from require). */
function packageDir(name: string): string {
  let dir = path.dirname(createRequire(path.join(root, 'package.json')).resolve(name));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

const packageVersion = (dir: string) => (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * Makes `dir` once per machine: built in a private directory beside it and renamed into place, so
 * concurrent callers (jest workers, a bench next to a test run) never see half a directory, and an
 * interrupted build leaves nothing that looks finished.
 */
function materialise(dir: string, done: string, build: (staging: string) => void): void {
  if (fs.existsSync(path.join(dir, done))) return;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const staging = fs.mkdtempSync(`${dir}.partial-`);
  try {
    fs.chmodSync(staging, 0o755);
    build(staging);
    try {
      fs.renameSync(staging, dir);
    } catch (err) {
      // Another process finished first; anything else there was not made here.
      if (!fs.existsSync(path.join(dir, done))) throw new Error(`${dir} exists but holds no ${done}: remove it (${(err as Error).message})`);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The npm Chromium, inflated (about 12 s the first time) into `<tmp>/dph-chromium-<version>/`. */
function npmChromium(): string {
  const pkg = packageDir('@sparticuz/chromium');
  const dir = path.join(os.tmpdir(), `dph-chromium-${packageVersion(pkg)}`);
  materialise(dir, 'chromium', (staging) => {
    // The package is ESM only and inflates into os.tmpdir(): run it in plain node, aimed at the staging directory.
    execFileSync(process.execPath, ['--input-type=module', '-e', "await (await import('@sparticuz/chromium')).default.executablePath();"], {
      cwd: root,
      env: { ...process.env, TMPDIR: staging },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  });
  return path.join(dir, 'chromium');
}

/** Finds the browser to drive; the npm one is extracted on first use. */
export function findChromium(): { path: string; source: ChromiumSource } {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`CHROME_PATH=${fromEnv} does not exist (unset it to use a system Chromium or the one from npm)`);
    return { path: fromEnv, source: 'CHROME_PATH' };
  }
  const system = SYSTEM_CHROMIUM.find((p) => fs.existsSync(p));
  if (system) return { path: system, source: 'system' };
  return { path: npmChromium(), source: 'npm' };
}

/** A fontconfig file: the machine's own configuration (if any) plus the CJK font from npm. */
export function fontConfigFile(): string {
  const pkg = packageDir('@embedpdf/fonts-sc');
  const dir = path.join(os.tmpdir(), `dph-fonts-sc-${packageVersion(pkg)}`);
  materialise(dir, 'fonts.conf', (staging) => {
    fs.copyFileSync(path.join(pkg, 'fonts', 'NotoSansHans-Regular.otf'), path.join(staging, 'NotoSansHans-Regular.otf'));
    fs.writeFileSync(
      path.join(staging, 'fonts.conf'),
      `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${dir}</dir>
  <cachedir>${dir}/cache</cachedir>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
</fontconfig>
`,
    );
  });
  return path.join(dir, 'fonts.conf');
}

/** A headless Chromium; the caller closes it. */
export async function launchChromium(): Promise<Browser> {
  const { path: executablePath } = findChromium();
  return chromium.launch({
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, FONTCONFIG_FILE: fontConfigFile() },
  });
}

// `tsx scripts/browser.ts`: find (and on first use extract) the browser, as jest's global setup does.
if (path.resolve(process.argv[1] ?? "") === __filename) {
  try {
    const found = findChromium();
    fontConfigFile();
    console.log(`Chromium for browser tests: ${found.path} (${found.source})`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
