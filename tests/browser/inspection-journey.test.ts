import type { Page } from 'playwright-core';
import { signInAs, startSite, type Site } from './harness';

/**
 * The inspection journey (issue 10, point 3), in a real browser on the h5 build with demo data: a
 * counselor scores an activist's room 脏乱差 through the checklist form; the room shows on the
 * counselor's 整改 list with the activist, whose development step the server refuses with the room and
 * deadline; the same counselor's re-inspection is refused; another counselor of the building
 * re-inspects it 优秀, which clears the flag, and the resident reads both results on their room page.
 */
let site: Site;

beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.stop());

async function scoreAll(page: Page, score: (max: number) => number) {
  const inputs = page.locator('input[placeholder^="0-"]');
  await inputs.first().waitFor();
  for (let i = 0; i < (await inputs.count()); i++) {
    const max = Number((await inputs.nth(i).getAttribute('placeholder'))!.slice(2));
    await inputs.nth(i).fill(String(score(max)));
  }
}

describe('journey: an inspection with rectification', () => {
  it('flags, blocks development, refuses the same inspector, clears on another’s re-inspection', async () => {
    const db = site.server.db;
    const { data: [first] } = await db.collection('users').where({ openid: 'demo-counselor-1' }).limit(1).get();
    const buildingId = first.buildingIds[0] as string;
    // An activist whose room has a bound resident, who reads the results at the end.
    const { data: activists } = await db.collection('members').where({ buildingId, status: 'activist' }).limit(100).get();
    let activist: { _id: string; name: string; roomId: string; buildingName: string; roomNumber: string } | undefined;
    let residentOpenid = '';
    for (const m of activists) {
      const { data: entries } = await db.collection('roster').where({ roomId: m.roomId }).limit(10).get();
      const bound = entries.find((r: { boundUserId: string | null }) => r.boundUserId);
      if (!bound) continue;
      const { data: [user] } = await db.collection('users').doc(bound.boundUserId).get();
      if (!user) continue;
      [activist, residentOpenid] = [m, user.openid];
      break;
    }
    if (!activist) throw new Error('no activist with a bound roommate in the demo data');
    const roomLabel = `${activist.buildingName} ${activist.roomNumber}`;
    const inspectUrl = `${site.server.url}#/counselor/inspect/index?roomId=${activist.roomId}&buildingId=${buildingId}`;

    // (1) The first counselor scores the room at half marks: 脏乱差, with the deadline.
    const counselor = await site.newPage();
    await signInAs(site, counselor, 'demo-counselor-1');
    await counselor.goto(inspectUrl);
    await counselor.getByText('这间寝室还没有检查记录').waitFor();
    await scoreAll(counselor, (max) => Math.floor(max / 2));
    await counselor.getByText('评定：脏乱差', { exact: false }).waitFor();
    await counselor.getByText('提交检查结果', { exact: true }).click();
    await counselor.getByText('脏乱差，整改期限', { exact: false }).first().waitFor();

    // (2) The flagged list shows the room and the activist; their development step is refused.
    await counselor.goto(`${site.server.url}#/counselor/inspections/index`);
    const card = counselor.locator('.card', { hasText: roomLabel });
    await card.getByText(activist.name, { exact: false }).waitFor();
    await card.getByText('确定为发展对象', { exact: true }).first().click();
    await counselor.getByText('确定', { exact: true }).last().click();
    await counselor.getByText('一票否决', { exact: false }).last().waitFor();
    const { data: [still] } = await db.collection('members').doc(activist._id).get();
    expect(still.status).toBe('activist');

    // (3) The same counselor may not re-inspect it.
    await counselor.goto(inspectUrl);
    await counselor.getByText('整改中', { exact: false }).first().waitFor();
    await scoreAll(counselor, (max) => max);
    await counselor.getByText('提交检查结果', { exact: true }).click();
    await counselor.getByText('整改复查须由另一位检查员进行', { exact: false }).waitFor();

    // (4) Another counselor of the building re-inspects it 优秀: the flag clears.
    const other = await site.newPage();
    await signInAs(site, other, 'demo-counselor-3');
    await other.goto(inspectUrl);
    await scoreAll(other, (max) => max);
    await other.getByText('评定：优秀', { exact: false }).waitFor();
    await other.getByText('提交检查结果', { exact: true }).click();
    await other.getByText('已记录：优秀', { exact: false }).waitFor();
    const { data: [state] } = await db.collection('inspections_rooms').doc(activist.roomId).get();
    expect(state.flagged).toBe(false);
    await counselor.goto(`${site.server.url}#/counselor/inspections/index`);
    await counselor.getByText('没有整改中的寝室').waitFor();

    // (5) A bound resident of the room reads both results.
    const resident = await site.newPage();
    await signInAs(site, resident, residentOpenid);
    await resident.goto(`${site.server.url}#/member/room/index`);
    await resident.getByText('优秀 · 100分', { exact: false }).waitFor();
    await resident.getByText('脏乱差 · ', { exact: false }).first().waitFor();
  });
});
