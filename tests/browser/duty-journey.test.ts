import { createHash } from 'node:crypto';
import { signInAs, startSite, type Site } from './harness';

/**
 * A duty shift in a real browser on the h5 build with demo data (issue 10, duty): the station display
 * opened with its key shows a code; a member on the shift types it in 我的值班 to check in, then checks
 * out with the work log on a fresh code; the counselor's 值班管理 shows the week's coverage.
 * Journeys run on Wednesday 2026-11-18 at 10:05 China time (JOURNEY_NOW).
 */
let site: Site;

beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.stop());

/** A member of building zy1 that the local sign-in offers. */
async function demoMember(): Promise<{ openid: string; memberId: string }> {
  const demo = (await (await fetch(`${site.server.url}__dev/demo-users`)).json()) as { users: Array<{ openid: string; role: string }> };
  for (const offered of demo.users.filter((u) => u.role === 'member')) {
    const { data: [u] } = await site.server.db.collection('users').where({ openid: offered.openid }).get();
    const { data: [m] } = await site.server.db.collection('members').doc(u.memberId).get();
    if (m?.buildingId === 'zy1') return { openid: offered.openid, memberId: m._id };
  }
  throw new Error('no demo member in zy1');
}

describe('duty journey', () => {
  it('the station display shows a code, a member checks in and out with the work log, the counselor sees the week', async () => {
    const member = await demoMember();
    const now = site.now();
    const secret = 'journey-display-secret';
    await site.server.db.collection('duty_stations').add({
      _id: 'st-journey', buildingId: 'zy1', name: '1号楼党员服务站', place: '一层大厅', keyHash: createHash('sha256').update(secret).digest('hex'), keyIssuedAt: now, createdBy: 'demo', createdAt: now,
    });
    await site.server.db.collection('duty_shifts').add({
      _id: 'sh-journey', stationId: 'st-journey', stationName: '1号楼党员服务站', buildingId: 'zy1', weekday: 3, start: '10:00', end: '12:00', slot: 3 * 1440 + 600,
      memberIds: [member.memberId], createdBy: 'demo', createdAt: now,
    });

    // The station's screen (here a counselor's phone) opened with the key an admin issued.
    const desk = await site.newPage();
    await signInAs(site, desk, 'demo-counselor-1');
    await desk.goto(`${site.server.url}#/station/display/index?key=${encodeURIComponent(`st-journey.${secret}`)}`);
    await desk.getByText('1号楼党员服务站').first().waitFor();
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

    const { data: [record] } = await site.server.db.collection('duty_records').doc(`sh-journey_2026-11-18_${member.memberId}`).get();
    expect(record).toMatchObject({ state: 'completed', workLog: { topics: ['consult'] } });

    await desk.goto(`${site.server.url}#/counselor/duty/index`);
    await desk.getByText(/1号楼党员服务站：到岗 1/).waitFor();
  });
});
