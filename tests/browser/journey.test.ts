import type { Page } from 'playwright-core';
import { signInAs, startSite, type Site } from './harness';

/**
 * The first journey, in a real browser on the real h5 build with demo data: a new student opens a
 * plaque URL and sees its members, binds their account, sends feedback; the counselor of that
 * building sees and closes it; the member withdraws consent and vanishes from the plaque.
 */
let site: Site;

interface Target {
  code: string;
  memberName: string;
  memberOpenid: string;
  counselorOpenid: string;
  bindable: { studentNo: string; name: string };
}

async function pickTarget(): Promise<Target> {
  const db = site.server.db;
  const { data: users } = await db.collection('users').where({ role: 'member' }).limit(100).get();
  for (const user of users) {
    const { data: [member] } = await db.collection('members').doc(user.memberId).get();
    if (!member?.consent?.public) continue;
    const { data: [room] } = await db.collection('rooms').doc(member.roomId).get();
    const { data: counselors } = await db.collection('users').where({ role: 'counselor', buildingIds: member.buildingId }).limit(1).get();
    if (!counselors.length) continue;
    const demo = (await (await fetch(`${site.server.url}__dev/demo-users`)).json()) as { bindable: Array<{ studentNo: string; name: string }> };
    return { code: room.plaqueCode, memberName: member.name, memberOpenid: user.openid, counselorOpenid: counselors[0].openid, bindable: demo.bindable[0] };
  }
  throw new Error('no bound, consenting member with a counselor in the demo data');
}

const plaqueUrl = (code: string) => `${site.server.url}#/pages/plaque/index?scene=${code}`;

beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.stop());

describe('journey: plaque, binding, feedback, counselor, consent', () => {
  it('runs end to end', async () => {
    const t = await pickTarget();
    const feedbackText = `希望${t.memberName}同学晚上十一点后提醒大家保持安静`;

    // A new student scans the door (no sign-in: the h5 app makes them a new guest).
    const student = await site.newPage();
    await student.goto(plaqueUrl(t.code));
    await student.getByText(t.memberName).first().waitFor();
    // No phone or student number anywhere in what the page shows.
    expect(await student.locator('body').innerText()).not.toMatch(/(?<!\d)(1[3-9]\d{9}|20\d{8})(?!\d)/);

    // They bind their account on 我的.
    await student.goto(`${site.server.url}#/pages/me/index`);
    await student.locator('input[placeholder="6到14位数字"]').fill(t.bindable.studentNo);
    await student.locator('input[placeholder="与学校名册一致"]').fill(t.bindable.name);
    await student.getByText('绑定', { exact: true }).click();
    await student.getByText(t.bindable.name).first().waitFor();

    // Back at the plaque, they send supervision feedback about the member.
    await student.goto(plaqueUrl(t.code));
    const card = student.locator('.card', { hasText: t.memberName }).first();
    await card.getByText('监督反馈').click();
    await student.locator('textarea').fill(feedbackText);
    await student.getByText('提交', { exact: true }).click();
    await student.getByText('已提交，辅导员会跟进').waitFor();

    // The counselor of that building sees it and closes it.
    const counselor = await site.newPage();
    await signInAs(site, counselor, t.counselorOpenid);
    await counselor.goto(`${site.server.url}#/counselor/feedback/index`);
    await counselor.getByText(feedbackText).waitFor();
    await counselor.locator('.card', { hasText: feedbackText }).getByText('处理完毕').click();
    await counselor.locator('textarea[placeholder="例如：已与该党员谈话，提出改进要求"]').fill('已当面沟通');
    await counselor.getByText('确认处理', { exact: true }).click();
    await counselor.getByText('没有待处理的反馈').waitFor();
    await counselor.locator('.chip', { hasText: '已处理' }).click();
    await counselor.getByText('已当面沟通', { exact: false }).first().waitFor();

    // The member withdraws consent and vanishes from the plaque.
    const member = await site.newPage();
    await signInAs(site, member, t.memberOpenid);
    await member.goto(`${site.server.url}#/member/profile/index`);
    await member.getByText('在门牌和公示墙上公示我').waitFor();
    await member.locator('.card', { hasText: '在门牌和公示墙上公示我' }).locator('input[type=checkbox], .weui-switch, taro-switch-core').first().click();
    await member.getByText('撤回', { exact: true }).click();
    await member.getByText('未同意').first().waitFor();

    await student.goto(plaqueUrl(t.code));
    await student.reload();
    // The room has loaded (its title and the wall link show) and the member is no longer on it.
    await student.locator('.hero__title').waitFor();
    await student.getByText('本楼公示墙').waitFor();
    expect(await student.locator('.member', { hasText: t.memberName }).count()).toBe(0);
    const view = await site.server.emu.functions.invoke('plaque', { action: 'view', input: { code: t.code } }, { openid: 'journey-check' });
    expect(JSON.stringify(view.ok && view.result)).not.toContain(t.memberName);
  });
});
