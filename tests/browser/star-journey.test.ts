import type { Page } from 'playwright-core';
import { starTitle, TALLY_SETTLE_MS } from '../../src/shared/domain/star';
import { signInAs, startSite, type Site } from './harness';

/**
 * The monthly 党员之星 vote in a real browser on the h5 build with demo data (issue 9): a counselor
 * opens a round and nominates two members, a member puts themself forward and is accepted, three students of its buildings vote, the counselor closes
 * and publishes, a voter objects and the counselor answers, 公示 ends (the timer), and the star's
 * plaque shows “YYYY年M月 每月之星”, as does the year's list of monthly stars.
 */
let site: Site;
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};
const MINUTE = 60_000;

beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.stop();
});

/** Taro's h5 modal (confirmDialog): press its confirm button (the wrapper has no box of its own; its content has). */
async function confirmModal(page: Page, text: string) {
  const modal = page.locator('.taro-modal__content', { hasText: text });
  await modal.waitFor({ state: 'visible' });
  await modal.locator('.taro-model__confirm').click();
}

/** Bound students of a building whom the local sign-in offers (the round's electorate). */
async function studentsOf(buildingIds: string[], n: number): Promise<string[]> {
  const demo = (await (await fetch(`${site.server.url}__dev/demo-users`)).json()) as { users: Array<{ openid: string }> };
  const offered = new Set(demo.users.map((u) => u.openid));
  const { data } = await site.server.db.collection('users').where({ role: 'student' }).limit(1000).get();
  const found = data.filter((u: { openid: string; buildingId: string }) => offered.has(u.openid) && buildingIds.includes(u.buildingId)).map((u: { openid: string }) => u.openid).slice(0, n);
  if (found.length < n) throw new Error(`only ${found.length} offered students in ${buildingIds.join()}`);
  return found;
}

/** A consenting full or probationary member of the scope whom the local sign-in offers, not yet nominated. */
async function standingMember(buildingIds: string[], taken: string[]): Promise<{ openid: string; name: string }> {
  const demo = (await (await fetch(`${site.server.url}__dev/demo-users`)).json()) as { users: Array<{ openid: string }> };
  const offered = new Set(demo.users.map((u) => u.openid));
  const { data: users } = await site.server.db.collection('users').where({ role: 'member' }).limit(1000).get();
  for (const u of users.filter((x: { openid: string; buildingId: string }) => offered.has(x.openid) && buildingIds.includes(x.buildingId))) {
    const { data: [m] } = await site.server.db.collection('members').doc(u.memberId).get();
    if (m && ['full', 'probationary'].includes(m.status) && m.consent?.public && !taken.includes(m.name)) return { openid: u.openid, name: m.name };
  }
  throw new Error('no member offered by the local sign-in can stand');
}

async function vote(openid: string, roundUrl: string, name: string) {
  const phone = await site.newPage();
  await signInAs(site, phone, openid);
  await phone.goto(roundUrl);
  await phone.getByText('你还可以选 1 人', { exact: false }).waitFor();
  await phone.locator('.candidate', { hasText: name }).click();
  await phone.getByText('已选满 1 人', { exact: false }).waitFor();
  await phone.locator('.btn', { hasText: '投票（已选 1 人）' }).click();
  await confirmModal(phone, '投票后不能更改');
  await phone.locator('.voted', { hasText: '已投票' }).waitFor();
  await phone.getByText(`你投给了：${name}`, { exact: false }).waitFor();
  return phone;
}

describe('journey: the monthly star vote from nomination to the plaque', () => {
  it('nominate, vote as three students, close, publish, object, answer, final', async () => {
    const db = site.server.db;
    const clock = site.server.emu.clock;

    // (1) The counselor of both buildings opens a round from home with the form's defaults (this month, their buildings, K = 1).
    const counselor = await site.newPage();
    await signInAs(site, counselor, 'demo-counselor-3');
    await counselor.goto(`${site.server.url}#/pages/home/index`);
    await counselor.locator('.menu__title', { hasText: '组织活动' }).waitFor();
    await counselor.locator('.menu__title', { hasText: '党员之星评选' }).click();
    await counselor.getByText('发起每月之星评选', { exact: true }).waitFor();
    await shot(counselor, 'star-counselor-form');
    await counselor.getByText('发起评选', { exact: true }).click();
    await counselor.getByText('提名候选人', { exact: true }).waitFor();
    const { data: [round] } = await db.collection('star_rounds').where({ createdBy: 'u-counselor-3' }).get();
    expect([...round.buildingIds].sort()).toEqual(['zy1', 'zy2']);
    expect(await counselor.locator('.round-hero:visible').innerText()).toContain('提名中');

    // (2) Two nominations from the eligible members, with their deeds.
    const nominate = counselor.locator('.nominate');
    await nominate.locator('.list-item').first().waitFor();
    const names: string[] = [];
    for (let i = 0; i < 2; i++) {
      const item = nominate.locator('.list-item').filter({ hasNotText: '已提名' }).first();
      const name = (await item.innerText()).trim().split(/\s+/)[0];
      await item.click();
      const sheet = counselor.locator('.sheet', { hasText: `提名${name}` });
      await sheet.locator('textarea').fill(`本月组织楼层垃圾分类宣传${i + 3}次，帮助同学补习高数`);
      if (i === 0) await shot(counselor, 'star-counselor-nominate');
      await sheet.locator('.btn', { hasText: `提名${name}` }).click();
      await counselor.locator('.candidate', { hasText: name }).waitFor();
      names.push(name);
    }
    const [first, second] = names;

    // (2b) A member of the scope puts themself forward (自荐); the counselor accepts.
    const selfie = await standingMember(round.buildingIds, names);
    const memberPhone = await site.newPage();
    await signInAs(site, memberPhone, selfie.openid);
    await memberPhone.goto(`${site.server.url}#/pages/star/index?id=${round._id}`);
    await memberPhone.locator('.btn', { hasText: '自荐参评' }).click();
    await memberPhone.locator('.sheet textarea').fill('本月每周三晚在楼层自习室答疑，组织宿舍安全检查两次');
    await memberPhone.locator('.sheet .btn', { hasText: '提交自荐' }).click();
    await memberPhone.getByText('我的自荐：待辅导员确认', { exact: true }).waitFor();
    await counselor.reload();
    const proposed = counselor.locator('.candidate', { hasText: selfie.name });
    expect(await proposed.innerText()).toContain('待辅导员确认');
    await proposed.locator('.btn', { hasText: '通过自荐' }).click();
    const accepted = counselor.locator('.candidate', { hasText: selfie.name }).filter({ hasNotText: '待辅导员确认' });
    await accepted.waitFor();
    expect(await accepted.innerText()).toContain('自荐');
    expect(await accepted.locator('.btn').count()).toBe(0);
    await shot(counselor, 'star-counselor-nominated');

    // (3) Voting opens; three students vote (two for the first, one for the second); the counselor sees turnout only.
    clock.set(new Date(new Date(round.voteFrom).getTime() + 10 * MINUTE));
    const roundUrl = `${site.server.url}#/pages/star/index?id=${round._id}`;
    const [s1, s2, s3] = await studentsOf(round.buildingIds, 3);
    const voter = await site.newPage();
    await signInAs(site, voter, s1);
    await voter.goto(`${site.server.url}#/pages/home/index`);
    await voter.locator('.menu__title', { hasText: '党员之星评选' }).click();
    const listed = voter.locator('.list-item', { hasText: '投票中' });
    await listed.waitFor();
    await shot(voter, 'star-student-list');
    await listed.click();
    await voter.getByText('你还可以选 1 人', { exact: false }).waitFor();
    await voter.locator('.candidate', { hasText: first }).click();
    await shot(voter, 'star-student-ballot');
    await voter.locator('.btn', { hasText: '投票（已选 1 人）' }).click();
    await confirmModal(voter, '投票后不能更改');
    await voter.locator('.voted', { hasText: '已投票' }).waitFor();
    await shot(voter, 'star-student-voted');
    await vote(s2, roundUrl, first);
    await vote(s3, roundUrl, second);

    await counselor.reload();
    const turnout = counselor.locator('.turnout');
    await turnout.waitFor();
    expect(await turnout.innerText()).toContain('3');
    expect(await counselor.locator('.tally').count()).toBe(0);

    // (4) Voting ends: the counselor closes, sees the tally, publishes the top of it.
    clock.set(new Date(new Date(round.voteUntil).getTime() + TALLY_SETTLE_MS + MINUTE));
    await counselor.reload();
    await counselor.getByText('结束投票并计票', { exact: true }).click();
    const tally = counselor.locator('.tally');
    await tally.waitFor();
    expect(await tally.innerText()).toContain(`第1名 ${first}`);
    expect(await tally.innerText()).toContain('2 票');
    await shot(counselor, 'star-counselor-tally');
    await counselor.locator('.publish .btn', { hasText: '确认并公示' }).click();
    await confirmModal(counselor, first);
    await counselor.locator('.objections').waitFor();
    expect(await counselor.locator('.round-hero:visible').innerText()).toContain('公示中');

    // (5) A voter sees the result and objects; the counselor answers (dismissed); the voter reads the answer.
    await voter.reload();
    await voter.getByText(`每月之星：${first}`, { exact: false }).waitFor();
    await voter.locator('.btn', { hasText: '提出异议' }).click();
    await voter.locator('.sheet textarea').fill('希望公布候选人本月志愿时长的核实情况');
    await voter.locator('.sheet .btn', { hasText: '提交异议' }).click();
    await voter.locator('.objection', { hasText: '待答复' }).waitFor();
    await shot(voter, 'star-student-results');

    await counselor.reload();
    const objection = counselor.locator('.objections .list-item', { hasText: '希望公布候选人' });
    await objection.locator('.btn', { hasText: '答复' }).click();
    await counselor.locator('.sheet textarea').fill('经核实，志愿时长均已由辅导员审核认定');
    await counselor.locator('.sheet .btn', { hasText: '提交答复' }).click();
    await counselor.locator('.objections .list-item', { hasText: '异议不成立' }).waitFor();
    await shot(counselor, 'star-counselor-objections');

    await voter.reload();
    await voter.locator('.objection', { hasText: '异议不成立' }).waitFor();
    expect(await voter.locator('.objection').innerText()).toContain('经核实，志愿时长均已由辅导员审核认定');

    // (6) 公示 ends; the timer makes the star final; the star's plaque carries the title.
    const { data: [published] } = await db.collection('star_rounds').doc(round._id).get();
    clock.set(new Date(new Date(published.noticeUntil).getTime() + TALLY_SETTLE_MS + MINUTE));
    const fired = await site.server.emu.triggers.fire('star', 'rounds-due');
    expect(fired.ok).toBe(true);
    const { data: [final] } = await db.collection('star_rounds').doc(round._id).get();
    expect(final.state).toBe('final');
    await voter.reload();
    await voter.locator('.round-hero:visible', { hasText: '已评定' }).waitFor();

    const { data: [star] } = await db.collection('members').doc(final.star.memberId).get();
    expect(star.name).toBe(first);
    const { data: [plaque] } = await db.collection('plaques').where({ roomId: star.roomId, status: 'active' }).get();
    const scanner = await site.newPage();
    await scanner.goto(`${site.server.url}#/pages/plaque/index?scene=${plaque._id}`);
    const card = scanner.locator('.card', { hasText: first });
    await card.waitFor();
    expect(await card.innerText()).toContain(starTitle(round.month));
    await shot(scanner, 'star-plaque');

    // (7) The year's monthly stars, from which the year-end 党员之星 is chosen.
    await counselor.goto(`${site.server.url}#/counselor/star/index`);
    await counselor.getByText('年度每月之星', { exact: true }).click();
    const yearStar = counselor.locator('.year-stars .list-item', { hasText: first });
    await yearStar.waitFor();
    expect(await yearStar.innerText()).toContain(starTitle(round.month));
    await shot(counselor, 'star-year');
  }, 180_000);
});
