import type { Locator, Page } from 'playwright-core';
import { signInAs, startSite, type Site } from './harness';

/**
 * A duty shift in a real browser on the h5 build with demo data (issue 10, duty): the counselor sets
 * up a station and a weekly shift in 值班管理, choosing the member with the picker (by 学号); the admin
 * issues the station's display key there and opens the station display with it; a member on the
 * shift types the code in 我的值班 to check in, then checks out with the work log on a fresh code;
 * the week's coverage shows it. Journeys run on Wednesday 2026-11-18 at 10:05 China time (JOURNEY_NOW).
 */
let site: Site;

beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.stop());

/** A member of building zy1 that the local sign-in offers, with their 学号. */
async function demoMember(): Promise<{ openid: string; memberId: string; name: string; studentNo: string }> {
  const demo = (await (await fetch(`${site.server.url}__dev/demo-users`)).json()) as { users: Array<{ openid: string; role: string }> };
  for (const offered of demo.users.filter((u) => u.role === 'member')) {
    const { data: [u] } = await site.server.db.collection('users').where({ openid: offered.openid }).get();
    const { data: [m] } = await site.server.db.collection('members').doc(u.memberId).get();
    if (m?.buildingId !== 'zy1') continue;
    const { data: [entry] } = await site.server.db.collection('roster').doc(m.rosterId).get();
    return { openid: offered.openid, memberId: m._id, name: m.name, studentNo: entry.studentNo };
  }
  throw new Error('no demo member in zy1');
}

// --- Taro h5 pickers (as in volunteer-journey.test.ts): drag a wheel as a user would, confirm ---
const TOP = 102;
const LINE = 34;
const OPEN_SHEET = '.weui-picker__overlay:not([style*="display: none"])';

async function turnWheel(page: Page, sheet: Locator, column: number, text: string, fromIndex: number) {
  const group = sheet.locator('taro-picker-group').nth(column);
  const target = (await group.locator('.weui-picker__item').allInnerTexts()).map((t) => t.trim()).indexOf(text, fromIndex);
  if (target < 0) throw new Error(`picker column ${column} has no "${text}"`);
  const current = () =>
    group.locator('.weui-picker__content').evaluate((el, [top, line]) => {
      const m = /translate3d\([^,]+,\s*(-?[\d.]+)px/.exec((el as HTMLElement).style.transform);
      return m ? Math.round((top - Number(m[1])) / line) : NaN;
    }, [TOP, LINE] as const);
  for (let i = 0; i < 40; i++) {
    const at = await current();
    if (at === target) return;
    const lines = Math.max(-3, Math.min(3, at - target));
    const box = (await group.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + lines * LINE, { steps: 6 });
    await page.mouse.up();
    for (let t = 0; t < 40 && (await current()) === at; t++) await page.waitForTimeout(50);
  }
  throw new Error(`could not turn picker column ${column} to "${text}"`);
}

async function pickTime(page: Page, id: string, time: string) {
  await page.locator(OPEN_SHEET).first().waitFor({ state: 'detached', timeout: 2000 }).catch(() => undefined);
  await page.locator(`#${id} .field__picker`).click();
  const sheet = page.locator(OPEN_SHEET);
  await sheet.waitFor({ state: 'attached' });
  // The wheels carry 4 wrap-around items before 00: look from index 4.
  await turnWheel(page, sheet, 0, time.slice(0, 2), 4);
  await turnWheel(page, sheet, 1, time.slice(3, 5), 4);
  await sheet.getByText('确定', { exact: true }).click();
  await page.locator(OPEN_SHEET).waitFor({ state: 'detached' });
  await page.locator(`#${id} .field__picker`, { hasText: time }).waitFor();
}

describe('duty journey', () => {
  it('the counselor sets up a station and a shift with the member picker, the admin issues the display key, a member checks in and out, the week shows it', async () => {
    const member = await demoMember();
    const stationName = '旅程党员服务站';

    // The counselor of zy1 sets up the station and a Wednesday 10:00-12:00 shift, picking the member by 学号.
    const counselor = await site.newPage();
    await signInAs(site, counselor, 'demo-counselor-1');
    await counselor.goto(`${site.server.url}#/counselor/duty/index`);
    await counselor.getByRole('textbox', { name: '如：1号楼党员服务站' }).fill(stationName);
    await counselor.getByRole('textbox', { name: '如：1号楼一层大厅' }).fill('一层大厅');
    await counselor.getByText('新建', { exact: true }).click();
    await counselor.getByText(`${stationName}（一层大厅）`).click();
    await counselor.locator('#shift-weekday .field__picker', { hasText: '周三' }).waitFor();
    await pickTime(counselor, 'shift-start', '10:00');
    await pickTime(counselor, 'shift-end', '12:00');
    await counselor.getByRole('textbox', { name: '姓名或学号' }).fill(member.studentNo);
    await counselor.getByText('搜索本楼党员', { exact: true }).click();
    await counselor.locator('.member-option', { hasText: member.name }).click();
    await counselor.locator('.chip--on', { hasText: member.name }).waitFor();
    await counselor.getByText('添加班次', { exact: true }).click();
    await counselor.getByText(`周三 10:00-12:00 · ${member.name}`).waitFor();

    // The admin issues the display key in 值班管理 and opens the station display with it on this screen.
    const desk = await site.newPage();
    await signInAs(site, desk, 'demo-admin');
    await desk.goto(`${site.server.url}#/counselor/duty/index`);
    await desk.getByText(`${stationName}（一层大厅）`).click();
    await desk.getByText('发放密钥', { exact: true }).click();
    const key = (await desk.locator('.code').innerText()).trim();
    expect(key).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{20,}$/);
    await desk.getByText('在本机打开展示页', { exact: true }).click();
    // The page the admin came from stays in h5's page stack, hidden: look at what is shown.
    await desk.locator(`text=${stationName} >> visible=true`).first().waitFor();
    const codeOnScreen = async () => ((await desk.locator('.station-code').innerText()).match(/[0-9A-HJKMNP-TV-Z]{16}/) ?? [''])[0];
    await desk.locator('.station-code').waitFor();
    const first = await codeOnScreen();
    expect(first).toHaveLength(16);

    const phone = await site.newPage();
    await signInAs(site, phone, member.openid);
    await phone.goto(`${site.server.url}#/member/duty/index`);
    await phone.getByRole('textbox', { name: '位值班码' }).fill(first);
    await phone.getByText('扫码签到', { exact: true }).click();
    await phone.getByText('签到成功').waitFor();

    await phone.getByText('继续', { exact: true }).click();
    await phone.getByText('签退（填写工作记录）').click();
    await phone.getByText('咨询', { exact: true }).click();
    await desk.reload();
    await desk.locator('.station-code').waitFor();
    const second = await codeOnScreen();
    expect(second).not.toBe(first);
    await phone.getByRole('textbox', { name: '位值班码' }).fill(second);
    await phone.getByText('扫码签退', { exact: true }).click();
    await phone.getByText(/签退成功/).waitFor();

    const { data: records } = await site.server.db.collection('duty_records').where({ memberId: member.memberId, stationName }).get();
    expect(records).toEqual([expect.objectContaining({ stationName, state: 'completed', workLog: expect.objectContaining({ topics: ['consult'] }) })]);

    await counselor.reload();
    await counselor.getByText(new RegExp(`${stationName}：到岗 1`)).waitFor();
  }, 180_000);
});
