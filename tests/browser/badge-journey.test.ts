import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { applicationStatusLabels } from '../../src/shared/domain/badge-rules';
import { termOf } from '../../src/shared/domain/term';
import { signInAs, startSite, type Site } from './harness';

/**
 * The badge journeys (issue 11, points 1 to 3), in a real browser on the h5 build with demo data:
 * (a) a room leader applies for 党员示范寝室 with a statement and a photo, the counselor declines with
 * a reason, the leader reads it and applies again, the counselor approves and the room's plaque shows
 * the badge; (b) the counselor gives a member a badge on 徽章授予 and revokes it with a reason: the
 * member's home shows it, then not.
 */
let site: Site;
let tmpDir: string;

// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  site = await startSite();
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dph-badge-'));
});
afterAll(async () => {
  await site?.stop();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

interface DemoUser { openid: string; label: string; role: string }
async function demoUsers(): Promise<DemoUser[]> {
  return ((await (await fetch(`${site.server.url}__dev/demo-users`)).json()) as { users: DemoUser[] }).users;
}

async function counselorBuildings(openid: string): Promise<string[]> {
  const { data: [counselor] } = await site.server.db.collection('users').where({ openid }).limit(1).get();
  return counselor.buildingIds as string[];
}

/** The room badges the plaque's hero shows (the room's own, apart from the members' posts). */
const plaqueRoomBadges = (page: Page) => page.locator('.hero .tag--badge');

describe('journey: 党员示范寝室 applied for, declined with a reason, applied again, approved, on the plaque', () => {
  it('runs end to end through the leader\'s and the counselor\'s pages', async () => {
    const db = site.server.db;
    const buildingIds = await counselorBuildings('demo-counselor-1');
    const term = termOf(site.now());
    // A room leader the local sign-in offers, in the counselor's buildings, whose room has a plaque,
    // no application this term and is not flagged (a flag hides room badges on the plaque).
    let leader: { openid: string; member: { _id: string; name: string; roomId: string; roomNumber: string; buildingId: string } } | undefined;
    for (const u of (await demoUsers()).filter((x) => x.role === 'member')) {
      const { data: [user] } = await db.collection('users').where({ openid: u.openid }).limit(1).get();
      const { data: [member] } = await db.collection('members').doc(user.memberId).get();
      if (!member?.posts?.includes('roomLeader') || !buildingIds.includes(member.buildingId)) continue;
      const { data: [app] } = await db.collection('badge_applications').doc(`mr_${term.key}_${member.roomId}`).get();
      const { data: [state] } = await db.collection('inspections_rooms').doc(member.roomId).get();
      const { data: [plaque] } = await db.collection('plaques').where({ roomId: member.roomId, status: 'active' }).limit(1).get();
      if (!app && !state?.flagged && plaque) {
        leader = { openid: u.openid, member };
        break;
      }
    }
    if (!leader) throw new Error('no room leader offered by the local sign-in with a plaque and no application this term');
    const { member } = leader;
    const { data: [plaque] } = await db.collection('plaques').where({ roomId: member.roomId, status: 'active' }).limit(1).get();
    const { data: [building] } = await db.collection('buildings').doc(member.buildingId).get();
    const roomText = `${building.name} ${member.roomNumber}`;
    const photo = path.join(tmpDir, 'room.png');
    fs.writeFileSync(photo, PNG);

    // Before: the plaque shows no 党员示范寝室 for the room.
    const scanner = await site.newPage();
    await scanner.goto(`${site.server.url}#/pages/plaque/index?scene=${plaque._id}`);
    await scanner.getByText(`${member.roomNumber}室`, { exact: false }).first().waitFor();
    expect(await plaqueRoomBadges(scanner).allInnerTexts()).not.toContain('党员示范寝室');

    // (1) The leader applies: the page says which room and term, and why the button waits.
    const page = await site.newPage();
    await signInAs(site, page, leader.openid);
    // Reached from 我的, where a member looks for it.
    await page.goto(`${site.server.url}#/pages/me/index`);
    // (Dispatched: below the fold the h5 pull-to-refresh wrapper sits over a plain click's coordinates.)
    await page.locator('.list-item', { hasText: '党员示范寝室申请' }).dispatchEvent('click');
    const intro = page.locator('.card', { hasText: `${term.label}党员示范寝室` });
    await intro.getByText(`${roomText}室`, { exact: false }).waitFor();
    await page.getByText('申请陈述还差 20 字', { exact: true }).waitFor();
    const first = '寝室两名党员带头亮身份，每周集体学习一次，卫生检查连续优秀，主动帮助同学。';
    await page.locator('textarea').last().fill(first);
    await page.getByText('请至少上传 1 张寝室照片', { exact: true }).waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.locator('.photo--add').click();
    await (await chooser).setFiles(photo);
    await page.locator('.photo__remove').waitFor();
    await page.getByText('提交申请', { exact: true }).last().click();
    await page.getByText(`本学期申请：${applicationStatusLabels.pending}`, { exact: true }).waitFor();
    await page.getByText('辅导员审核后，结果会显示在这里。', { exact: true }).waitFor();
    await page.locator('.card', { hasText: '本学期申请' }).locator('.photo__img').first().waitFor();

    // (2) The counselor sees it with its photo and declines with a reason.
    const counselor = await site.newPage();
    await signInAs(site, counselor, 'demo-counselor-1');
    await counselor.goto(`${site.server.url}#/pages/me/index`);
    await counselor.locator('.list-item', { hasText: '示范寝室审核' }).dispatchEvent('click');
    let card = counselor.locator('.card', { hasText: first });
    await card.waitFor();
    await card.getByText(`宿舍长 ${member.name}`, { exact: false }).waitFor();
    expect(await card.locator('.photo__img').count()).toBe(1);
    await card.getByText('不通过', { exact: true }).click();
    const reason = '请补充本月寝室卫生检查的照片';
    await counselor.locator('.sheet textarea').fill(reason);
    await counselor.getByText('确认不通过', { exact: true }).click();
    await counselor.getByText('没有待审核的示范寝室申请', { exact: true }).waitFor();

    // (3) The leader reads the reason; the form opens again with the earlier statement.
    await page.reload();
    await page.getByText(`本学期申请：${applicationStatusLabels.declined}`, { exact: true }).waitFor();
    await page.locator('.notice', { hasText: reason }).waitFor();
    await page.getByText('按辅导员的意见补充后再次申请', { exact: true }).waitFor();
    expect(await page.locator('textarea').last().inputValue()).toBe(first);
    const second = `${first}已补充本月检查照片。`;
    await page.locator('textarea').last().fill(second);
    const chooser2 = page.waitForEvent('filechooser');
    await page.locator('.photo--add').click();
    await (await chooser2).setFiles(photo);
    await page.locator('.photo__remove').waitFor();
    await page.getByText('再次提交申请', { exact: true }).click();
    await page.getByText(`本学期申请：${applicationStatusLabels.pending}`, { exact: true }).waitFor();
    await page.getByText(`此前未通过`, { exact: false }).waitFor();

    // (4) The counselor sees the second attempt with the earlier reason, and approves after confirming.
    await counselor.reload();
    card = counselor.locator('.card', { hasText: second });
    await card.waitFor();
    await card.getByText('第2次申请', { exact: false }).waitFor();
    await card.getByText(`未通过：${reason}`, { exact: false }).waitFor();
    await card.getByText('通过', { exact: true }).click();
    await counselor.getByText('将获得本学期“党员示范寝室”徽章', { exact: false }).waitFor();
    // The dialog's button (appended last to the page).
    await counselor.getByText('通过', { exact: true }).last().click();
    await counselor.getByText('没有待审核的示范寝室申请', { exact: true }).waitFor();

    // (5) The leader sees the approval; the plaque shows the room's badge.
    await page.reload();
    await page.getByText(`本学期申请：${applicationStatusLabels.approved}`, { exact: true }).waitFor();
    await scanner.reload();
    await plaqueRoomBadges(scanner).filter({ hasText: '党员示范寝室' }).waitFor();
    const { data: [app] } = await db.collection('badge_applications').doc(`mr_${term.key}_${member.roomId}`).get();
    expect(app).toMatchObject({ status: 'approved', statement: second });
    expect(app.declines).toMatchObject([{ reason }]);
  });
});

describe('journey: a badge given by hand and revoked with a reason', () => {
  it("shows on the member's home, then not", async () => {
    const db = site.server.db;
    const buildingIds = await counselorBuildings('demo-counselor-1');
    // A member the local sign-in offers, in the counselor's buildings, not holding 理论宣讲团 now.
    let target: { openid: string; member: { _id: string; name: string; roomNumber: string; buildingId: string } } | undefined;
    for (const u of (await demoUsers()).filter((x) => x.role === 'member')) {
      const { data: [user] } = await db.collection('users').where({ openid: u.openid }).limit(1).get();
      const { data: [member] } = await db.collection('members').doc(user.memberId).get();
      if (!member || !buildingIds.includes(member.buildingId)) continue;
      if ((member.awards ?? []).some((a: { code: string }) => a.code === 'theoryTeam')) continue;
      target = { openid: u.openid, member };
      break;
    }
    if (!target) throw new Error('no offered member in the counselor\'s buildings without 理论宣讲团');
    const { member } = target;
    const { data: [building] } = await db.collection('buildings').doc(member.buildingId).get();

    const home = await site.newPage();
    await signInAs(site, home, target.openid);
    await home.goto(`${site.server.url}#/pages/home/index`);
    // The greeting comes from the same answer as the badges: once it shows, the badges have too.
    await home.getByText(`${member.name}，你好`, { exact: false }).waitFor();
    expect(await home.locator('.tag--badge').allInnerTexts()).not.toContain('理论宣讲团');

    // (1) The counselor finds the member by name on 授予徽章 and gives 理论宣讲团 with a reason.
    const counselor = await site.newPage();
    await signInAs(site, counselor, 'demo-counselor-1');
    await counselor.goto(`${site.server.url}#/counselor/badges/index`);
    await counselor.locator('.chip', { hasText: building.name }).click();
    await counselor.getByText('授予徽章', { exact: true }).click();
    await counselor.locator('input[placeholder="按姓名或寝室号查找党员"]').fill(member.name);
    const row = counselor.locator('.list-item', { hasText: `${member.roomNumber}室` }).filter({ hasText: member.name });
    await row.first().getByText('徽章', { exact: true }).click();
    const sheet = counselor.locator('.sheet', { hasText: `${member.name}（${member.roomNumber}室）的徽章` });
    await sheet.waitFor();
    await sheet.getByText('请先选择徽章', { exact: true }).waitFor();
    await sheet.locator('.chip', { hasText: '理论宣讲团' }).click();
    const why = '担任本学期楼栋理论宣讲团主讲';
    await sheet.locator('textarea').fill(why);
    await sheet.getByText('授予', { exact: true }).click();
    const awarded = sheet.locator('.list-item', { hasText: why });
    await awarded.getByText('理论宣讲团', { exact: true }).waitFor();
    await sheet.locator('.chip', { hasText: '理论宣讲团（已获得）' }).waitFor();

    // The member's home shows it.
    await home.reload();
    await home.locator('.tag--badge', { hasText: '理论宣讲团' }).waitFor();

    // (2) Revoking asks for a reason first; the record stays, marked 已撤销 with the reason.
    await awarded.getByText('撤销', { exact: true }).click();
    const revoke = counselor.locator('.sheet', { hasText: '撤销“理论宣讲团”' });
    await revoke.getByText(`撤销 ${member.name}`, { exact: false }).waitFor();
    const because = '已转入其他宣讲队伍，授予有误';
    await revoke.locator('textarea').fill(because);
    await revoke.getByText('确认撤销', { exact: true }).click();
    await sheet.getByText(`：${because}`, { exact: false }).waitFor();
    await sheet.getByText('已撤销', { exact: false }).first().waitFor();

    // The member's home no longer shows it.
    await home.reload();
    await home.getByText(`${member.name}，你好`, { exact: false }).waitFor();
    expect(await home.locator('.tag--badge').allInnerTexts()).not.toContain('理论宣讲团');
    const { data: given } = await db.collection('badge_awards').where({ code: 'theoryTeam' }).limit(1000).get();
    const awards = given.filter((a: { holder: { id: string } }) => a.holder.id === member._id);
    expect(awards).toHaveLength(1);
    expect(awards[0].revoked).toMatchObject({ reason: because });
  });
});
