import type { Page } from 'playwright-core';
import { signInAs, startSite, type Site } from './harness';

/**
 * Issue 12 point 3 and the issue 11 gaps in a real browser on the h5 build with demo data: a counselor
 * opens 发展党员 on the building's 名单, narrows it to 预备党员, opens one and withdraws the admission as
 * recorded by mistake (the record stays, struck through); the withdrawal then shows on the counselor's
 * 操作记录 with before and after, and on the admin's school-wide 操作记录.
 */
let site: Site;
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.stop());

describe('journey: the timeline list, a withdrawal and the audit view', () => {
  it('lists the building by stage, withdraws a mistaken admission, and shows it in both audit views', async () => {
    const db = site.server.db;
    const counselor = await site.newPage();
    await signInAs(site, counselor, 'demo-counselor-1');
    await counselor.goto(`${site.server.url}#/counselor/develop/index`);
    await counselor.locator('.list-item', { hasText: '入党' }).first().waitFor();
    await counselor.getByText('预备党员', { exact: true }).last().dispatchEvent('click');
    const first = counselor.locator('.list-item', { hasText: '预备党员（' }).first();
    await first.waitFor();
    await shot(counselor, 'develop-people-probationary');
    const name = (await first.locator('.list-item__main').innerText()).split('\n')[0].trim();

    await first.dispatchEvent('click');
    await counselor.getByText('撤回误记', { exact: true }).first().waitFor();
    await counselor.getByText('撤回误记', { exact: true }).first().dispatchEvent('click');
    await counselor.locator('textarea[placeholder="例如：录入时选错了学生"]').last().fill('误记：支部大会尚未讨论接收');
    await counselor.getByText('确认撤回', { exact: true }).last().dispatchEvent('click');
    await counselor.getByText('误记已撤回', { exact: true }).first().waitFor();
    await counselor.getByText('撤回原因：误记：支部大会尚未讨论接收', { exact: true }).waitFor();
    await shot(counselor, 'develop-timeline-withdrawn');
    const { data: [member] } = await db.collection('members').where({ name, status: 'candidate' }).limit(1).get();
    expect(member).toBeDefined();

    await counselor.goto(`${site.server.url}#/counselor/audit/index`);
    const record = counselor.locator('.card', { hasText: '撤回误记的发展步骤' }).first();
    await record.waitFor();
    await record.getByText('原因：误记：支部大会尚未讨论接收', { exact: true }).waitFor();
    expect(await record.innerText()).toContain('预备党员');
    expect(await record.innerText()).toContain('发展对象');
    await shot(counselor, 'counselor-audit');

    const admin = await site.newPage();
    await signInAs(site, admin, 'demo-admin');
    await admin.goto(`${site.server.url}#/admin/audit/index`);
    await admin.getByText('全校', { exact: true }).waitFor();
    await admin.locator('.card', { hasText: '撤回误记的发展步骤' }).first().waitFor();
    await shot(admin, 'admin-audit');
  });
});
