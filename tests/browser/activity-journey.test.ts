import type { Locator, Page } from 'playwright-core';
import { defaultSpan } from '../../src/member/log/form';
import { cstTime } from '../../src/shared/domain/activity';
import { cstDate, cstInstant } from '../../src/shared/domain/volunteer';
import { signInAs, startSite, type Site } from './harness';

/**
 * The UX fixes of issue 7 item 10, in a real browser on the h5 build with demo data, on phones set to
 * Los Angeles: a counselor creates an activity and shows its code, a member signs in with it, and a
 * counselor on a new page sees the attendee list from the server; an activity at 03:00 China time
 * reads 03:00; the log form's default time submits without a "future" error; the h5 navigation bar
 * goes back (with history) or home (without).
 */
let site: Site;
const LA = { timezoneId: 'America/Los_Angeles' };
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

/** Taro's h5 picker (as in volunteer-journey.test.ts): open, drag the wheel to `text` as a user would, confirm. */
const OPEN_SHEET = '.weui-picker__overlay:not([style*="display: none"])';
async function pick(page: Page, trigger: Locator, text: string) {
  await trigger.click();
  const sheet = page.locator(OPEN_SHEET);
  await sheet.waitFor({ state: 'attached' });
  const group = sheet.locator('taro-picker-group').first();
  const target = (await group.locator('.weui-picker__item').allInnerTexts()).map((s) => s.trim()).indexOf(text);
  if (target < 0) throw new Error(`picker has no "${text}"`);
  const current = () =>
    group.locator('.weui-picker__content').evaluate((el) => {
      const m = /translate3d\([^,]+,\s*(-?[\d.]+)px/.exec((el as HTMLElement).style.transform);
      return m ? Math.round((102 - Number(m[1])) / 34) : NaN;
    });
  for (let i = 0; i < 40 && (await current()) !== target; i++) {
    const at = await current();
    const lines = Math.max(-3, Math.min(3, at - target));
    const box = (await group.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + lines * 34, { steps: 6 });
    await page.mouse.up();
    for (let t = 0; t < 40 && (await current()) === at; t++) await page.waitForTimeout(50);
  }
  await sheet.getByText('确定', { exact: true }).click();
  await page.locator(OPEN_SHEET).waitFor({ state: 'detached' });
}

/** A bound member of building zy1 whose default log time (14:00-16:00) is free on its day. */
async function freeMember(now: Date): Promise<{ openid: string; name: string }> {
  const db = site.server.db;
  const span = defaultSpan(now);
  const { data: users } = await db.collection('users').where({ role: 'member' }).limit(100).get();
  for (const u of users) {
    const { data: [m] } = await db.collection('members').doc(u.memberId).get();
    if (m?.buildingId !== 'zy1') continue;
    const { data: same } = await db.collection('volunteer_entries').where({ memberId: m._id, date: span.date }).limit(20).get();
    if (same.some((e: { start: string; end: string }) => e.start < span.end && span.start < e.end)) continue;
    return { openid: u.openid, name: m.name };
  }
  throw new Error('no member of zy1 with a free default slot');
}

beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.stop();
});

describe('journey: activities and attendees from the server, China time, the log default, the way back', () => {
  it('runs end to end on phones set to Los Angeles', async () => {
    const now = site.now();
    const today = cstDate(now);
    const member = await freeMember(now);
    // An activity at 03:00-05:00 China time today (as if created earlier): LA reads it as the day before, 11:00.
    await site.server.db.collection('activities').add({
      _id: 'act-journey-0300', title: '凌晨宿舍安全巡查', category: 'dormSafety', place: '智园1号楼值班室', buildingId: 'zy1',
      startAt: cstInstant(today, '03:00'), endAt: cstInstant(today, '05:00'), createdBy: 'u-counselor-1', createdAt: now,
    });

    // (1) The counselor opens 组织活动 from home: the page has a back button (history), and lists from the server.
    const counselor = await site.newPage(LA);
    expect(await counselor.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/Los_Angeles');
    await signInAs(site, counselor, 'demo-counselor-1');
    await counselor.goto(`${site.server.url}#/pages/home/index`);
    await counselor.locator('.menu__title', { hasText: '组织活动' }).click();
    await counselor.getByText('我的活动', { exact: true }).waitFor();
    const early = counselor.locator('.list-item', { hasText: '凌晨宿舍安全巡查' });
    await early.waitFor();
    expect(await early.innerText()).toContain(`${today} 03:00-05:00`);

    const title = `楼道环境整治${Date.now() % 10000}`;
    await counselor.locator('input[placeholder="例如：宿舍安全隐患排查"]').fill(title);
    await counselor.locator('input[placeholder="例如：1号楼一层活动室"]').fill('智园1号楼一层大厅');
    await counselor.getByText('创建活动并显示签到码', { exact: true }).click();
    const code = (await counselor.locator('.big-code').innerText()).trim();
    expect(code).toMatch(/^[0-9A-Z]{16}$/);
    await counselor.locator('.list-item', { hasText: title }).waitFor();
    await shot(counselor, 'activity-created');
    await early.scrollIntoViewIfNeeded();
    await shot(counselor, 'activity-list');

    // The h5 bar's back button returns to home.
    const back = counselor.locator('#taro-navigation-bar .taro-navigation-bar-back');
    await back.waitFor({ state: 'visible' });
    await back.click();
    await counselor.locator('.menu__title', { hasText: '组织活动' }).waitFor();
    expect(counselor.url()).toContain('#/pages/home/index');

    // (2) A member signs in with the code.
    const phone = await site.newPage(LA);
    await signInAs(site, phone, member.openid);
    await phone.goto(`${site.server.url}#/member/scan/index`);
    await phone.locator('input[placeholder="16位签到码"]').fill(code);
    await phone.getByText('签到 / 签退', { exact: true }).click();
    await phone.getByText('签到成功', { exact: true }).waitFor();

    // (3) A counselor on a new page (no phone storage) opens the activity and sees the attendee, from the server.
    const later = await site.newPage(LA);
    await signInAs(site, later, 'demo-counselor-3');
    await later.goto(`${site.server.url}#/counselor/activity/index`);
    await later.locator('.list-item', { hasText: title }).click();
    const attendee = later.locator('.attendee', { hasText: member.name });
    await attendee.waitFor();
    const { data: [created] } = await site.server.db.collection('activities').where({ title }).get();
    const { data: [attendance] } = await site.server.db.collection('attendance').where({ activityId: created._id }).get();
    expect(await attendee.innerText()).toContain(`签到 ${cstTime(new Date(attendance.signInAt))}`);
    expect(await attendee.innerText()).toContain('未签退');
    await later.locator('.big-code').waitFor();
    await shot(later, 'activity-attendees');
    // Opened directly (no history): the bar offers home instead of back.
    const home = later.locator('#taro-navigation-bar .taro-navigation-bar-home');
    await home.waitFor({ state: 'visible' });
    await home.click();
    await later.locator('.menu__title', { hasText: '组织活动' }).waitFor();
    expect(later.url()).toContain('#/pages/home/index');

    // (4) The log form's default time is already over, so it submits as it stands.
    const span = defaultSpan(site.now());
    await phone.goto(`${site.server.url}#/member/log/index`);
    await phone.locator('#date .field__picker', { hasText: span.date }).waitFor();
    await phone.locator('#start .field__picker', { hasText: '14:00' }).waitFor();
    await phone.locator('input[placeholder="参加了什么志愿服务"]').fill('楼道垃圾分类宣传');
    await pick(phone, phone.locator('#category .field__picker'), '环境卫生');
    await phone.locator('input[placeholder="例如：智园1号楼3层"]').fill('智园1号楼2层');
    await shot(phone, 'log-default');
    await phone.getByText('提交审核', { exact: true }).click();
    await phone.getByText('已提交，等待辅导员审核').waitFor();
    expect(await phone.getByText('不能登记未来的服务时间', { exact: false }).count()).toBe(0);
    await phone.getByText(`${span.date} 14:00-16:00`, { exact: false }).waitFor();
  });
});
