import { signInAs, startSite, type Site } from './harness';

/**
 * A duty shift in a real browser on the h5 build with demo data (issue 10, duty): an admin issues a
 * station's display key in 值班管理 and opens the station display; a member on the shift types the
 * displayed code in 我的值班 to check in, then checks out with the work log on a fresh code.
 * Journeys run on Wednesday 2026-11-18 at 10:05 China time (JOURNEY_NOW).
 */
let site: Site;

beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.stop());

async function demoUser(role: string, buildingId?: string): Promise<{ openid: string; memberId?: string }> {
  const db = site.server.db;
  const { data: users } = await db.collection('users').where({ role }).limit(100).get();
  for (const u of users as Array<{ openid: string; memberId?: string }>) {
    if (!buildingId || !u.memberId) { if (!buildingId) return u; continue; }
    const { data: [m] } = await db.collection('members').doc(u.memberId).get();
    if (m?.buildingId === buildingId) return u;
  }
  throw new Error(`no demo ${role}`);
}

describe('duty journey', () => {
  it('admin issues the display key, the station shows a code, a member checks in and out with the work log', async () => {
    const admin = await demoUser('admin');
    const member = await demoUser('member', 'zy1');
    const now = site.now();
    await site.server.db.collection('duty_stations').add({
      _id: 'st-journey', buildingId: 'zy1', name: '1号楼党员服务站', place: '一层大厅', keyHash: null, keyIssuedAt: null, createdBy: 'demo', createdAt: now,
    });
    await site.server.db.collection('duty_shifts').add({
      _id: 'sh-journey', stationId: 'st-journey', stationName: '1号楼党员服务站', buildingId: 'zy1', weekday: 3, start: '10:00', end: '12:00', slot: 3 * 1440 + 600,
      memberIds: [member.memberId], createdBy: 'demo', createdAt: now,
    });

    const desk = await site.newPage();
    await signInAs(site, desk, admin.openid);
    await desk.goto(`${site.server.url}#/counselor/duty/index`);
    await desk.getByText('1号楼党员服务站（一层大厅）').click();
    await desk.getByText('发放密钥', { exact: true }).click();
    await desk.locator('.code').waitFor();
    expect(await desk.locator('.code').innerText()).toMatch(/^st-journey\./);
    await desk.getByText('在本机打开展示页').click();
    const codeOnScreen = async () => ((await desk.locator('.station-code').innerText()).match(/[0-9A-HJKMNP-TV-Z]{16}/) ?? [''])[0];
    await desk.locator('.station-code').waitFor();
    const first = await codeOnScreen();
    expect(first).toHaveLength(16);

    const phone = await site.newPage();
    await signInAs(site, phone, member.openid);
    await phone.goto(`${site.server.url}#/member/duty/index`);
    await phone.getByPlaceholder('16位值班码').fill(first);
    await phone.getByText('扫码签到', { exact: true }).click();
    await phone.getByText('签到成功').waitFor();

    await phone.getByText('继续', { exact: true }).click();
    await phone.getByText('签退（填写工作记录）').click();
    await phone.getByText('咨询', { exact: true }).click();
    await desk.reload();
    await desk.locator('.station-code').waitFor();
    const second = await codeOnScreen();
    expect(second).not.toBe(first);
    await phone.getByPlaceholder('16位值班码').fill(second);
    await phone.getByText('扫码签退', { exact: true }).click();
    await phone.getByText(/签退成功/).waitFor();

    const { data: [record] } = await site.server.db.collection('duty_records').doc(`sh-journey_2026-11-18_${member.memberId}`).get();
    expect(record).toMatchObject({ state: 'completed', workLog: { topics: ['consult'] } });
  });
});
