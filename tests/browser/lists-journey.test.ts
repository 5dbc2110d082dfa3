import type { Locator, Page } from 'playwright-core';
import { buildBuilding } from '../functions/builders';
import { startSite, type Site } from './harness';

/**
 * Issue 8's lists in a real browser on the h5 build with demo data: the wall's building picker in
 * the order people read (2号楼 before 10号楼) with “加载更多”, the admin's search by the start of a
 * name, and the export card with its optional days.
 */
let site: Site;

beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.stop();
});

/** The first line of each list item: its name (the muted line under it follows). */
const names = async (page: Page) => (await page.locator('.list-item__main').allInnerTexts()).map((t) => t.split('\n')[0].trim());

/** Signs in through the local sign-in list by the demo user's name (a role's label is also its section's title). */
async function signInByName(page: Page, name: string): Promise<void> {
  await page.goto(`${site.server.url}#/pages/me/index`);
  await page.getByText('本地演示登录').waitFor();
  const item = page.locator('.list-item', { hasText: name }).first();
  await item.click();
  await item.getByText('当前', { exact: true }).waitFor();
}

/**
 * Taps something below the fold of a pull-to-refresh page. Playwright's hit check counts the
 * pull-to-refresh host as covering it; the browser's own hit test finds the element itself, which is
 * asserted first, so a real obstruction still fails.
 */
async function tapBelowFold(target: Locator): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error('not shown');
  const hit = await target.evaluate((el, [x, y]) => el.contains(document.elementFromPoint(x, y)), [box.x + box.width / 2, box.y + box.height / 2]);
  expect(hit).toBe(true);
  await target.dispatchEvent('click');
}

const item = (page: Page, name: string) => page.locator('.list-item', { has: page.locator('.list-item__main', { hasText: name }) }).first();

describe('journey: lists that page and search', () => {
  it('the wall picker lists buildings by community then number, 50 at a time, and loads more', async () => {
    // A second community of 55 buildings, stored out of order; 慧园 sorts before 智园.
    const more = Array.from({ length: 55 }, (_, i) => buildBuilding({ communityId: 'c-huiyuan', communityName: '慧园社区', name: `${55 - i}号楼` }));
    await site.server.db.collection('buildings').add(more);
    const visitor = await site.newPage();
    await visitor.goto(`${site.server.url}#/pages/wall/index`);
    await visitor.getByText('选择楼栋').waitFor();
    await visitor.getByText('加载更多', { exact: true }).waitFor();
    expect(await names(visitor)).toEqual(Array.from({ length: 50 }, (_, i) => `${i + 1}号楼`));
    await tapBelowFold(visitor.getByText('加载更多', { exact: true }));
    await item(visitor, '智园2号楼').waitFor();
    expect(await names(visitor)).toEqual([...Array.from({ length: 55 }, (_, i) => `${i + 1}号楼`), '智园1号楼', '智园2号楼']);
    expect(await visitor.getByText('加载更多', { exact: true }).count()).toBe(0);
    await tapBelowFold(item(visitor, '智园2号楼'));
    await visitor.getByText('切换楼栋').waitFor();
  });

  it('the admin finds users by the start of a name', async () => {
    const admin = await site.newPage();
    await signInByName(admin, '王建国');
    await admin.goto(`${site.server.url}#/admin/users/index`);
    const box = admin.locator('input[placeholder="按学号或姓名开头搜索"]');
    await box.fill('王');
    await admin.getByText('查找', { exact: true }).click();
    await item(admin, '王建国').waitFor();
    const found = await names(admin);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((n) => n.startsWith('王'))).toBe(true);
  });

  it('the counselor exports this term, with the days optional', async () => {
    const counselor = await site.newPage();
    await signInByName(counselor, '刘静');
    await counselor.goto(`${site.server.url}#/counselor/dashboard/index`);
    await counselor.getByText('开始日期（可不选）').waitFor();
    await counselor.getByText('结束日期（可不选）').waitFor();
    await counselor.getByText('导出 Excel', { exact: true }).click();
    await counselor.getByText(/已导出 \d+ 条记录/).waitFor();
    expect(await counselor.getByText(/超过单次导出上限/).count()).toBe(0);
  });
});
