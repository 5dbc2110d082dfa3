import { cstDate } from '../../src/shared/domain/china-time';
import { signInAs, startSite, type Site } from './harness';

/**
 * The visit journey (issue 10, point 2), in a real browser on the real h5 build with demo data: the
 * counselor links a member to a student's room on 联系寝室与走访; the member records a visit on 走访联系寝室
 * with that room's plaque code; the student, a resident of the room, confirms it on 我的; the member
 * sees it confirmed and counted toward this month's target; the counselor voids it with a reason (the
 * visit stays, corrected), finds it under 本月未达标 per member and per room, and makes a visit up (补录)
 * on the date picker's date; the room's plaque shows 联系党员.
 */
let site: Site;

interface Cast {
  counselorOpenid: string;
  buildingName: string;
  member: { openid: string; name: string; consenting: boolean };
  student: { openid: string };
  room: { number: string; code: string };
}

async function pickCast(): Promise<Cast> {
  const db = site.server.db;
  const demo = (await (await fetch(`${site.server.url}__dev/demo-users`)).json()) as { users: Array<{ openid: string; role: string }> };
  const offered = (role: string) => demo.users.filter((u) => u.role === role).map((u) => u.openid);
  const userOf = async (openid: string) => (await db.collection('users').where({ openid }).limit(1).get()).data[0];
  for (const studentOpenid of offered('student')) {
    const student = await userOf(studentOpenid);
    const { data: [entry] } = await db.collection('roster').doc(student.rosterId).get();
    const { data: [room] } = await db.collection('rooms').doc(entry.roomId).get();
    const { data: [building] } = await db.collection('buildings').doc(entry.buildingId).get();
    const { data: counselors } = await db.collection('users').where({ role: 'counselor', buildingIds: entry.buildingId }).limit(1).get();
    if (!counselors.length || !offered('counselor').includes(counselors[0].openid)) continue;
    for (const memberOpenid of offered('member')) {
      const user = await userOf(memberOpenid);
      const { data: [member] } = await db.collection('members').doc(user.memberId).get();
      if (member.buildingId !== entry.buildingId || member.roomId === entry.roomId || member.linkedRoomIds.includes(entry.roomId)) continue;
      return {
        counselorOpenid: counselors[0].openid,
        buildingName: building.name,
        member: { openid: memberOpenid, name: member.name, consenting: member.consent.public },
        student: { openid: studentOpenid },
        room: { number: room.number, code: room.plaqueCode },
      };
    }
  }
  throw new Error('no offered student with an offered member and counselor of the same building in the demo data');
}

beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.stop());

describe('journey: link a room, visit it, a resident confirms', () => {
  it('runs end to end', async () => {
    const t = await pickCast();

    // The counselor links the member to the student's room.
    const counselor = await site.newPage();
    await signInAs(site, counselor, t.counselorOpenid);
    await counselor.goto(`${site.server.url}#/counselor/visits/index`);
    await counselor.locator('.chip', { hasText: t.buildingName }).click();
    await counselor.locator('.chip', { hasText: '联系寝室' }).click();
    // The list is paged by member: load pages until the member's row shows.
    const findRow = async (extra?: string) => {
      const row = () => {
        const base = counselor.locator('.list-item', { hasText: `${t.member.name}（住` });
        return (extra ? base.filter({ hasText: extra }) : base).first();
      };
      await counselor.locator('.list-item').first().waitFor();
      while (!(await row().isVisible())) await counselor.getByText('加载更多').click();
      return row();
    };
    await (await findRow()).click();
    // The building's rooms are paged too (50 a page): load pages in the editor until the room shows.
    const editor = counselor.locator('.card', { hasText: '的联系寝室' });
    const roomChip = () => editor.locator('.chip', { hasText: new RegExp(`^${t.room.number}$`) });
    await editor.locator('.chip').first().waitFor();
    while (!(await roomChip().isVisible())) await editor.getByText('加载更多').click();
    await roomChip().click();
    await counselor.getByText('保存联系寝室').click();
    await counselor.getByText('保存联系寝室').waitFor({ state: 'detached' });
    // The list reloads from its first page after the save: wait until the member's row shows the new room.
    let linkedText = '';
    for (let i = 0; i < 30 && !linkedText.includes(t.room.number); i += 1) {
      linkedText = await (await findRow()).innerText();
      if (!linkedText.includes(t.room.number)) await counselor.waitForTimeout(500);
    }
    expect(linkedText).toContain(t.room.number);

    // The member records a visit with the room's plaque code.
    const member = await site.newPage();
    await signInAs(site, member, t.member.openid);
    await member.goto(`${site.server.url}#/member/visits/index`);
    await member.getByText(`${t.room.number}室`).first().waitFor();
    await member.locator('.chip', { hasText: '学习' }).click();
    await member.locator('textarea').fill('了解期末复习情况，约好周末一起自习');
    await member.locator('input[placeholder="16位门牌编号"]').fill(t.room.code);
    await member.getByText('记录走访', { exact: true }).click();
    await member.getByText(`已记录对 ${t.room.number} 室的走访`, { exact: false }).waitFor();

    // The student, who lives there, confirms it on 我的.
    const student = await site.newPage();
    await signInAs(site, student, t.student.openid);
    await student.reload();
    const pending = student.locator('.card', { hasText: '待确认的走访' });
    await pending.getByText(`${t.member.name} 走访了本寝室`, { exact: false }).waitFor();
    await pending.getByText('确认走访').click();
    await student.getByText('已确认，谢谢').waitFor();

    // The member sees it confirmed and counted.
    await member.reload();
    await member.getByText(`${t.room.number}室 · 学习 · 已确认`).waitFor();
    await member.locator('.list-item', { hasText: `${t.room.number}室` }).getByText('本月已确认 1', { exact: false }).first().waitFor();

    // The counselor sees the confirmed visit on the coverage list and voids it with a reason: the visit stays, corrected.
    await counselor.reload();
    await counselor.locator('.chip', { hasText: t.buildingName }).click();
    const coverageRow = counselor.locator('.list-item', { hasText: `${t.member.name} → ${t.room.number}室` }).first();
    await coverageRow.getByText('本月已确认 1 次', { exact: false }).waitFor();
    await coverageRow.click();
    await counselor.locator('input[placeholder="例如：已当面向寝室同学核实"]').fill('经核实当天未走访');
    await counselor.locator('.list-item', { hasText: '了解期末复习情况' }).getByText('作废').click();
    await counselor.getByText('已更正：已作废（经核实当天未走访）').waitFor();
    await coverageRow.getByText('本月已确认 0 次', { exact: false }).waitFor();

    // The filters: the voided link is behind this month's target; per room, the room shows with its linked member.
    const showUntil = async (row: ReturnType<typeof counselor.locator>) => {
      await counselor.locator('.card--list .list-item').first().waitFor();
      while (!(await row.isVisible())) await counselor.locator('.card--list').getByText('加载更多').click();
    };
    await counselor.locator('.chip', { hasText: '本月未达标' }).click();
    await showUntil(counselor.locator('.list-item', { hasText: `${t.member.name} → ${t.room.number}室` }).first());
    await counselor.locator('.chip', { hasText: '按寝室' }).click();
    const roomRow = counselor.locator('.list-item', { hasText: `${t.room.number}室 · 联系党员` }).filter({ hasText: t.member.name }).first();
    await showUntil(roomRow);
    await roomRow.getByText('未达标', { exact: false }).waitFor();

    // A make-up (补录) on the date picker's default, today: the link counts again.
    await counselor.locator('.chip', { hasText: '按党员' }).click();
    await counselor.locator('.chip', { hasText: '全部' }).click();
    await coverageRow.click();
    const today = cstDate(site.now());
    await counselor.locator('#make-up-date').getByText(today).waitFor();
    await counselor.locator('input[placeholder="例如：已当面向寝室同学核实"]').fill('线下走访时手机没电');
    await counselor.locator('input[placeholder="走访时谈了什么"]').fill('谈了期末复习安排');
    await counselor.getByText('补录走访', { exact: true }).click();
    await counselor.locator('.list-item', { hasText: '谈了期末复习安排' }).getByText('补录', { exact: false }).first().waitFor();
    await coverageRow.getByText('本月已确认 1 次', { exact: false }).waitFor();

    // The room's plaque shows the member as its 联系党员 (if they consent to appear).
    const scanner = await site.newPage();
    await scanner.goto(`${site.server.url}#/pages/plaque/index?scene=${t.room.code}`);
    await scanner.getByText(`${t.room.number}室`).first().waitFor();
    if (t.member.consenting) {
      await scanner.getByText('联系党员').waitFor();
      await scanner.getByText(t.member.name).first().waitFor();
    } else {
      expect(await scanner.locator('body').innerText()).not.toContain(t.member.name);
    }
  });
});
