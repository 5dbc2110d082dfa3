import type { Page } from 'playwright-core';
import { signInAs, startSite, type Site } from './harness';

/**
 * The organisation admin in a real browser on the h5 build with demo data: from 我的 the admin adds a
 * floor's rooms by a range, sees the branches and groups of a building, saves the term calendar (the
 * default rule's terms), and opens a counselor's buildings. SCREENSHOT_DIR keeps the pages.
 */
let site: Site;
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.stop();
});

it('an admin manages buildings and rooms, branches, terms and counselors from 我的', async () => {
  const page = await site.newPage();
  await signInAs(site, page, 'demo-admin');
  await page.goto(`${site.server.url}#/pages/me/index`);

  await page.getByText('楼栋与房间', { exact: true }).click();
  await page.getByText('添加房间', { exact: false }).first().waitFor();
  await page.locator('input[placeholder="如 3"]').fill('6');
  await page.locator('input[placeholder="如 301"]').fill('690');
  await page.locator('input[placeholder="可不填"]').fill('692');
  await page.getByText('将添加 690 至 692，共3间', { exact: false }).waitFor();
  await page.locator('.btn:visible', { hasText: '添加房间' }).click();
  await page.getByText('已添加3间', { exact: false }).waitFor();
  const { data: added } = await site.server.db.collection('rooms').where({ number: '691' }).get();
  expect(added).toHaveLength(1);
  await shot(page, 'org-places');

  await page.goto(`${site.server.url}#/pages/me/index`);
  await page.getByText('支部与党小组', { exact: true }).click();
  await page.locator('.chip:visible').first().click();
  await page.locator('.list-item__main:visible', { hasText: '支部' }).first().click();
  await page.getByText('的党小组', { exact: false }).waitFor();
  await shot(page, 'org-branches');

  await page.goto(`${site.server.url}#/pages/me/index`);
  await page.getByText('学期', { exact: true }).click();
  await page.getByText('当前学期：2026-2027学年第一学期').waitFor();
  await shot(page, 'org-terms');
  await page.locator('.btn:visible', { hasText: '保存校历' }).click();
  await page.getByText('按学校设置的校历计算', { exact: false }).waitFor();
  const { data: calendar } = await site.server.db.collection('school_settings').doc('termCalendar').get();
  expect(calendar).toHaveLength(1);

  await page.goto(`${site.server.url}#/pages/me/index`);
  await page.getByText('辅导员负责楼栋', { exact: true }).click();
  await page.locator('.btn:visible', { hasText: '设置楼栋' }).first().click();
  await page.getByText('下一次操作起', { exact: false }).waitFor();
  await shot(page, 'org-scopes');
});
