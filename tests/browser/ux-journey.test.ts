import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildEntry } from '../functions/builders';
import { signInAs, startSite, type Site } from './harness';

/**
 * The fixed stumbling blocks of issue 7, in a real browser on the h5 build with demo data:
 * feedback gets an answer the sender reads (and the member never sees), the wall keeps statuses
 * apart without "0 小时" or repeated honours, the review sheet marks the comment 必填 exactly when
 * hours are cut, and an overdue conversion says 已逾期 to the member and on the dashboard.
 * Screenshots go to $UX_SHOTS (default: a temporary directory) for a person to look at.
 */
let site: Site;
const shots = process.env.UX_SHOTS ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dph-ux-shots-'));
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

interface DemoUser { openid: string; role: string; label: string }
let demo: DemoUser[];

beforeAll(async () => {
  site = await startSite();
  fs.mkdirSync(shots, { recursive: true });
  demo = ((await (await fetch(`${site.server.url}__dev/demo-users`)).json()) as { users: DemoUser[] }).users;
});
afterAll(async () => {
  await site?.stop();
});

const db = () => site.server.db;
const one = async (coll: string, id: string) => (await db().collection(coll).doc(id).get()).data[0];
const counselorOf = async (buildingId: string) => (await db().collection('users').where({ role: 'counselor', buildingIds: buildingId }).limit(1).get()).data[0];

/** A consenting member on a plaque, whose building has a counselor. */
async function pickMember() {
  const { data: members } = await db().collection('members').where({ 'consent.public': true }).limit(50).get();
  for (const m of members) {
    const room = await one('rooms', m.roomId);
    const counselor = await counselorOf(m.buildingId);
    if (room?.plaqueCode && counselor) return { member: m, code: room.plaqueCode as string, counselor };
  }
  throw new Error('no consenting member with a plaque and a counselor in the demo data');
}

describe('journey: the UX points of issue 7', () => {
  it('feedback: a student sends it, the counselor closes it with a reply, the student sees status and reply', async () => {
    const { member, code, counselor } = await pickMember();
    const studentUser = demo.find((u) => u.role === 'student')!;
    const text = `晚上十一点后寝室还在外放视频，希望带头注意${Date.now() % 1000}`;
    const reply = '已与该同学沟通，他表示会注意，谢谢你的监督';

    const student = await site.newPage();
    await signInAs(site, student, studentUser.openid);
    await student.goto(`${site.server.url}#/pages/plaque/index?scene=${code}`);
    const card = student.locator('.card', { has: student.locator('.member__name', { hasText: member.name }) }).first();
    await card.getByText('监督反馈', { exact: true }).click();
    await student.getByText('我的反馈', { exact: false }).first().waitFor();
    await student.locator('textarea').fill(text);
    await student.getByText('提交', { exact: true }).click();
    await student.locator('.sheet', { hasText: text }).waitFor({ state: 'hidden' }).catch(() => undefined);

    await student.goto(`${site.server.url}#/pages/me/index`);
    const mine = student.locator('.card', { hasText: '我的反馈' });
    await mine.getByText(text, { exact: false }).waitFor();
    await mine.getByText('待处理', { exact: true }).waitFor();

    const staff = await site.newPage();
    await signInAs(site, staff, counselor.openid);
    await staff.goto(`${site.server.url}#/counselor/feedback/index`);
    const item = staff.locator('.card', { hasText: text });
    await item.getByText('处理完毕', { exact: true }).click();
    await staff.locator('textarea[placeholder="例如：已与该党员沟通，谢谢你的监督"]').fill(reply);
    await staff.locator('textarea[placeholder="例如：已与该党员谈话，提出改进要求"]').fill('内部记录：已约谈');
    await shot(staff, 'counselor-close-feedback');
    await staff.getByText('确认处理', { exact: true }).click();
    await staff.locator('.card', { hasText: text }).waitFor({ state: 'detached' });

    await student.reload();
    await mine.getByText('已处理', { exact: true }).waitFor();
    await mine.getByText(`辅导员回复：${reply}`).waitFor();
    expect(await mine.innerText()).not.toContain('内部记录');
    await shot(student, 'student-my-feedback');

    // The member it is about has nothing of it: not the text, not the reply, not the sender.
    const memberUser = (await db().collection('users').where({ memberId: member._id }).limit(1).get()).data[0];
    if (memberUser) {
      const theirs = await site.server.emu.functions.invoke('plaque', { action: 'myFeedback', input: {} }, { openid: memberUser.openid });
      const seen = JSON.stringify(theirs.ok && theirs.result);
      for (const secret of [text, reply, studentUser.openid]) expect(seen).not.toContain(secret);
    }
  });

  it('the wall: labelled sections per status, no "0 小时", each honour once', async () => {
    const { member } = await pickMember();
    // Make the repeat visible if it were still there: a post and the same-named badge (awards projection, issue 11).
    const awards = [{ awardId: 'aw-ux-1', code: 'vanguardPost', name: '党员先锋岗', until: null }, { awardId: 'aw-ux-2', code: 'modelPost', name: '党员示范岗', until: null }];
    await db().collection('members').doc(member._id).update({ posts: ['vanguardPost'], awards });
    const visitor = await site.newPage();
    await visitor.goto(`${site.server.url}#/pages/wall/index?buildingId=${member.buildingId}`);
    await visitor.locator('.floor__title').first().waitFor();
    await visitor.locator('.hero__sub', { hasText: '党员及入党积极分子公示' }).waitFor();
    const titles = (await visitor.locator('.floor__title').allInnerTexts()).map((t) => t.split(' · ')[0].trim());
    const order = ['正式党员', '预备党员', '发展对象', '入党积极分子'];
    expect(titles.length).toBeGreaterThan(1);
    expect(titles.every((t) => order.includes(t))).toBe(true);
    expect([...titles].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(titles);
    // Each card sits in the section of its own status.
    for (const section of await visitor.locator('.floor').all()) {
      const label = (await section.locator('.floor__title').innerText()).split(' · ')[0].trim();
      const statuses = await section.locator('.tag--status').allInnerTexts();
      expect(new Set(statuses.map((s) => s.trim()))).toEqual(new Set([label]));
    }
    const body = await visitor.locator('.page').innerText();
    expect(body).not.toMatch(/(^|[^\d.])0 小时/);
    const card = visitor.locator('.card', { has: visitor.locator('.member__name', { hasText: member.name }) }).first();
    expect(await card.getByText('党员先锋岗', { exact: true }).count()).toBe(1);
    await card.getByText('党员示范岗', { exact: true }).waitFor();
    await shot(visitor, 'wall');
  });

  it('the review sheet labels the comment 必填 exactly when hours are cut', async () => {
    const { member, counselor } = await pickMember();
    const memberUser = (await db().collection('users').where({ memberId: member._id }).limit(1).get()).data[0];
    const title = `楼道消防通道清理${Date.now() % 1000}`;
    const entry = buildEntry({
      title, memberId: member._id, userId: memberUser?._id ?? 'u-none', memberName: member.name, buildingId: member.buildingId,
      branchId: member.branchId, branchName: member.branchName, start: '08:00', end: '10:00', submittedAt: site.now(),
    });
    await db().collection('volunteer_entries').add(entry);
    const staff = await site.newPage();
    await signInAs(site, staff, counselor.openid);
    await staff.goto(`${site.server.url}#/counselor/review/index`);
    const card = staff.locator('.card', { hasText: title });
    await card.getByText('通过', { exact: true }).click();
    await staff.getByText('审核意见（选填）').waitFor();
    await staff.locator('input[placeholder="2"]').fill('1.5');
    await staff.getByText('审核意见（必填）').waitFor();
    await staff.getByText('确认通过', { exact: true }).click();
    await staff.getByText('少于申报时长时请写明原因').waitFor();
    await shot(staff, 'review-sheet-required');
    await staff.locator('input[placeholder="2"]').fill('');
    await staff.getByText('审核意见（选填）').waitFor();
    await staff.getByText('取消', { exact: true }).click();
    await card.getByText('驳回', { exact: true }).click();
    await staff.getByText('驳回原因（必填）').waitFor();
  });

  it('a rate-limited scan says when to retry and offers the way home', async () => {
    const { code } = await pickMember();
    const guest = demo.find((u) => u.role === 'guest')!;
    const page = await site.newPage();
    await signInAs(site, page, guest.openid);
    // Use up the public limit as this user, then scan once more in the browser.
    for (let i = 0; i < 30; i += 1) await site.server.emu.functions.invoke('plaque', { action: 'view', input: { code } }, { openid: guest.openid });
    await page.goto(`${site.server.url}#/pages/plaque/index?scene=${code}`);
    await page.getByText('访问太频繁', { exact: true }).waitFor();
    await page.getByText(/操作太频繁，请\d+(秒|分钟)后再试/).waitFor();
    await shot(page, 'plaque-rate-limited');
    await page.getByText('回到首页', { exact: true }).click();
    await page.waitForURL(/pages\/home\/index/);
  });

  it('an overdue conversion says 已逾期 N 天 to the member and on the dashboard', async () => {
    const probationary = demo.find((u) => u.role === 'member' && u.label.startsWith('预备党员'))!;
    const user = (await db().collection('users').where({ openid: probationary.openid }).limit(1).get()).data[0];
    const m = await one('members', user.memberId);
    // Probation began 400 days ago: the conversion was due about 35 days ago.
    await db().collection('members').doc(m._id).update({ probationStartedAt: new Date(site.now().getTime() - 400 * 86_400_000) });

    const page = await site.newPage();
    await signInAs(site, page, probationary.openid);
    await page.goto(`${site.server.url}#/member/hours/index`);
    const progress = page.locator('.card', { hasText: '已认定的志愿时长' });
    await progress.getByText(/转正时间已逾期 \d+ 天/).waitFor();
    expect(await progress.innerText()).not.toContain('转正预计时间');
    await shot(page, 'member-overdue');

    const counselor = await counselorOf(m.buildingId);
    const staff = await site.newPage();
    await signInAs(site, staff, counselor.openid);
    await staff.goto(`${site.server.url}#/counselor/dashboard/index`);
    const overdue = staff.locator('.card', { hasText: '转正时间已过的预备党员' });
    await overdue.locator('.list-item', { hasText: m.name }).getByText(/已逾期 \d+ 天/).first().waitFor();
    await shot(staff, 'dashboard-overdue');
  });
});
