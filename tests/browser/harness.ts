import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDevServer, type DevServer } from '../../scripts/dev/server';

/**
 * Browser journeys: the real h5 build served by the local demo server (local CloudBase, real
 * functions, demo data) in Debian's Chromium driven by playwright-core.
 */
const root = path.resolve(__dirname, '..', '..');
export const h5Dir = path.join(root, 'dist-h5');

export function chromePath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string => !!p);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`No Chromium found (tried ${candidates.join(', ')}). Install it (apt-get install -y chromium) or set CHROME_PATH.`);
  return found;
}

/** Signs in through the app's local sign-in list (h5 only) as the demo user with this openid. */
export async function signInAs(site: Site, page: Page, openid: string): Promise<void> {
  const demo = (await (await fetch(`${site.server.url}__dev/demo-users`)).json()) as { users: Array<{ openid: string; label: string }> };
  const user = demo.users.find((u) => u.openid === openid);
  if (!user) throw new Error(`${openid} is not offered by the local sign-in`);
  await page.goto(`${site.server.url}#/pages/me/index`);
  await page.getByText('本地演示登录').waitFor();
  await page.getByText(user.label, { exact: true }).first().click();
  await page.getByText('当前', { exact: true }).waitFor();
}

export interface Site {
  server: DevServer;
  browser: Browser;
  /** A fresh browser context (own localStorage: own sign-in) on the app; `timezoneId` sets the phone's zone. */
  newPage(options?: { timezoneId?: string }): Promise<Page>;
  stop(): Promise<void>;
}

export async function startSite(): Promise<Site> {
  if (!fs.existsSync(path.join(h5Dir, 'index.html'))) throw new Error('dist-h5/index.html missing: run npm run build:h5 first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dph-browser-'));
  const server = await startDevServer({ dataDir, port: 0, staticDir: h5Dir, log: () => undefined });
  const browser = await chromium.launch({
    executablePath: chromePath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  return {
    server,
    browser,
    newPage: async (options = {}) => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', ...options });
      const page = await context.newPage();
      page.setDefaultTimeout(15000);
      return page;
    },
    stop: async () => {
      await browser.close();
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
