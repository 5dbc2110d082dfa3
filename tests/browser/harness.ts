import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDevServer, type DevServer } from '../../scripts/dev/server';
import { launchChromium } from '../../scripts/browser';

/**
 * Browser journeys: the real h5 build served by the local demo server (local CloudBase, real
 * functions, demo data) in Chromium (see scripts/browser.ts) driven by playwright-core.
 */
const root = path.resolve(__dirname, '..', '..');
export const h5Dir = path.join(root, 'dist-h5');

/** Signs in through the app's local sign-in list (h5 only) as the demo user with this openid. */
export async function signInAs(site: Site, page: Page, openid: string): Promise<void> {
  const demo = (await (await fetch(`${site.server.url}__dev/demo-users`)).json()) as { users: Array<{ openid: string; label: string }> };
  const user = demo.users.find((u) => u.openid === openid);
  if (!user) throw new Error(`${openid} is not offered by the local sign-in`);
  await page.goto(`${site.server.url}#/pages/me/index`);
  await page.getByText('本地演示登录').waitFor();
  // The user's row (the admin's label, 管理员, is also its section's title).
  await page.locator('.list-item', { has: page.getByText(user.label, { exact: true }) }).first().click();
  await page.getByText('当前', { exact: true }).waitFor();
}

export interface Site {
  server: DevServer;
  browser: Browser;
  /** A fresh browser context (own localStorage: own sign-in) on the app; `timezoneId` sets the phone's zone. */
  newPage(options?: { timezoneId?: string }): Promise<Page>;
  /** The site's time: the functions' clock, which every page's clock follows too. */
  now(): Date;
  stop(): Promise<void>;
}

export interface SiteOptions {
  /** The h5 build to serve (default: the real one in dist-h5/). */
  staticDir?: string;
  /** When the journey happens (default JOURNEY_NOW): server and pages start there, so no journey depends on the hour. */
  now?: Date;
}

/** A Wednesday mid-morning in China: every journey runs at this time, whenever the test runs. */
export const JOURNEY_NOW = new Date('2026-11-18T10:05:00+08:00');

/**
 * Every site a test file starts, finished or still starting. A start that outlives beforeAll's time
 * limit resolves after the file's own afterAll has run, so this file's afterAll waits for it too.
 */
const started = new Set<Promise<Site | undefined>>();
if (typeof afterAll === 'function') {
  afterAll(async () => {
    await Promise.all([...started].map(async (start) => (await start)?.stop()));
  });
}

/** The demo server and a browser; stop() ends both (it is also called after the test file). */
export function startSite(options: SiteOptions = {}): Promise<Site> {
  const start = launchSite(options.staticDir ?? h5Dir, options.now ?? JOURNEY_NOW);
  started.add(start.catch(() => undefined));
  return start;
}

async function launchSite(staticDir: string, now: Date): Promise<Site> {
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) throw new Error(`${staticDir}/index.html missing: run npm run build:h5 first`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dph-browser-'));
  let server: DevServer | undefined;
  let browser: Browser | undefined;
  let stopping: Promise<void> | undefined;
  // Every part is stopped even when another failed to start or fails to stop: a failing suite must let jest exit.
  const stop = () =>
    (stopping ??= (async () => {
      const results = await Promise.allSettled([browser?.close(), server?.stop()]);
      fs.rmSync(dataDir, { recursive: true, force: true });
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    })());
  try {
    server = await startDevServer({ dataDir, port: 0, staticDir, now, triggers: false, log: () => undefined });
    browser = await launchChromium();
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  const open = { server, browser };
  return {
    ...open,
    newPage: async (options = {}) => {
      const context = await open.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', ...options });
      // The phone's clock agrees with the server's (which runs on from `now`).
      await context.clock.install({ time: open.server.emu.clock.now() });
      const page = await context.newPage();
      page.setDefaultTimeout(15000);
      return page;
    },
    now: () => open.server.emu.clock.now(),
    stop,
  };
}
