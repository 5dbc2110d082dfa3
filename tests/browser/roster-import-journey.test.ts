import type { Page } from 'playwright-core';
import { signInAs, startSite, type Site } from './harness';

/**
 * The roster import in a real browser on the h5 build with demo data (issue 12 point 2): from 我的 the
 * admin opens 名单导入, uploads a students .csv with a bad 学号 (the local CloudBase takes the file in
 * the admin's own imports folder), sees the row error by its row number, fixes the file, previews the
 * two additions, confirms and applies; then prints 智园1号楼's plaques on 寝室二维码 and downloads the
 * PDF. SCREENSHOT_DIR keeps the pages.
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

const HEADERS = '学号,姓名,学院,班级,楼栋,房间';
const csv = (rows: string[]) => Buffer.from(`\ufeff${[HEADERS, ...rows].join('\r\n')}\r\n`, 'utf8');

async function chooseFile(page: Page, name: string, bytes: Buffer) {
  const chooser = page.waitForEvent('filechooser');
  await page.locator('.btn:visible', { hasText: '选择文件并预览' }).click();
  await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: bytes });
}

/** Taro's h5 modal (confirmDialog): press its confirm button. */
async function confirmModal(page: Page, text: string) {
  const modal = page.locator('.taro-modal__content', { hasText: text });
  await modal.waitFor({ state: 'visible' });
  await modal.locator('.taro-model__confirm').click();
}

it('an admin imports students (a bad row, fixed, applied) and prints a building\'s plaques', async () => {
  const page = await site.newPage();
  await signInAs(site, page, 'demo-admin');
  await page.goto(`${site.server.url}#/pages/me/index`);
  await page.locator('.list-item', { hasText: '名单导入' }).click();
  await page.getByText('下载学生模板', { exact: true }).waitFor();
  // The page says how long the uploaded file (personal data) is kept.
  await page.getByText('预览7天后自动删除', { exact: false }).waitFor();

  // (1) A bad 学号 on the file's third line: the row error, and no way to apply.
  await chooseFile(page, '新生名单.csv', csv(['2026990001,测试一,计算机学院,计科2601,智园1号楼,301', '12AB,测试二,计算机学院,计科2601,智园1号楼,302']));
  await page.getByText('有 1 行错误', { exact: false }).waitFor();
  await page.getByText('第 3 行：学号“12AB”应为6到14位数字', { exact: true }).waitFor();
  expect(await page.locator('.btn:visible', { hasText: '确认导入' }).count()).toBe(0);
  await shot(page, 'roster-import-errors');

  // (2) The fixed file: two additions in the diff, then applied chunk by chunk.
  await chooseFile(page, '新生名单.csv', csv(['2026990001,测试一,计算机学院,计科2601,智园1号楼,301', '2026990002,测试二,计算机学院,计科2601,智园1号楼,302']));
  await page.getByText('新增 2', { exact: false }).waitFor();
  await page.locator('.diff-item', { hasText: '2026990002' }).waitFor();
  expect(await page.getByText('行错误', { exact: false }).count()).toBe(0);
  await shot(page, 'roster-import-preview');
  // Reopened, the page finds its previewed job again (roster.job) rather than starting over.
  await page.reload();
  await page.getByText('新增 2', { exact: false }).waitFor();
  await page.locator('.btn:visible', { hasText: '确认导入 2 项' }).click();
  await confirmModal(page, '导入后不能撤销');
  await page.getByText('导入完成', { exact: true }).waitFor();
  await shot(page, 'roster-import-done');
  const { data: added } = await site.server.db.collection('roster').where({ studentNo: site.server.db.command.in(['2026990001', '2026990002']) }).get();
  expect(added.map((r) => (r as { name: string }).name).sort()).toEqual(['测试一', '测试二']);

  // (3) 寝室二维码: the building's plaques as PDF, downloaded from the page.
  await page.goto(`${site.server.url}#/pages/me/index`);
  await page.getByText('寝室二维码', { exact: true }).click();
  await page.locator('.chip:visible', { hasText: '智园1号楼' }).click();
  await page.locator('.btn:visible', { hasText: '生成门牌PDF' }).click();
  await page.getByText('第 1 份', { exact: false }).waitFor({ timeout: 120_000 });
  await page.getByText('正在生成第', { exact: false }).waitFor({ state: 'hidden', timeout: 120_000 });
  const download = page.waitForEvent('download');
  await page.locator('.list-item', { hasText: '第 1 份' }).locator('.btn', { hasText: '下载' }).click();
  expect((await download).suggestedFilename()).toMatch(/^智园1号楼门牌-.*\.pdf$/);
  await shot(page, 'roster-import-plaques');
}, 300_000);
