import { signInAs, startSite, type Site } from './harness';

/**
 * The eligibility journey (issue 11, points 5 and 6), in a real browser on the h5 build with demo
 * data: the counselor opens 发展条件与积分, opens a probationary member due for 转正, reads the
 * checklist with its evidence and the points ledger with each line's source, and issues the 转正
 * pack, which then shows in 我出具的转正材料.
 */
let site: Site;

beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.stop());

describe('journey: a probationary member\'s checklist, points and 转正 pack', () => {
  it('shows evidence and ledger lines with their sources and issues the pack', async () => {
    const db = site.server.db;
    const counselor = await site.newPage();
    await signInAs(site, counselor, 'demo-counselor-1');
    await counselor.goto(`${site.server.url}#/counselor/eligibility/index`);
    await counselor.getByText('积分仅供支部参考，不自动决定发展或转正。', { exact: true }).waitFor();

    // (1) 转正将到期: each row names the member and room, the due date and what blocks conversion.
    const rows = counselor.locator('.list-item', { hasText: '转正' });
    await rows.first().waitFor();
    // One with approved hours, so the checklist and the ledger have evidence lines to show.
    const texts = await rows.allInnerTexts();
    const at = texts.findIndex((t) => !/志愿服务 0\s*小时/.test(t));
    if (at < 0) throw new Error('no member due for 转正 with approved hours in the demo data');
    const row = rows.nth(at);
    const rowText = texts[at];
    expect(rowText).toMatch(/应于 \d{4}-\d{2}-\d{2} 转正/);
    expect(rowText).toMatch(/阻碍：|无阻碍/);
    const name = rowText.split(' · ')[0].trim();
    const { data: [member] } = await db.collection('members').where({ name, status: 'probationary' }).limit(1).get();
    expect(member).toBeDefined();

    // (2) The member's page: the checklist with each item's state and its evidence records.
    await row.dispatchEvent('click');
    await counselor.getByText(`${name} · 预备党员`, { exact: true }).waitFor();
    await counselor.getByText('发展条件（依据社区党建文件）', { exact: true }).waitFor();
    const hoursItem = counselor.locator('.list-item', { hasText: '志愿服务满 50 小时' }).first();
    await hoursItem.waitFor();
    const { data: entries } = await db.collection('volunteer_entries').where({ memberId: member._id, status: 'approved' }).limit(1000).get();
    expect(entries.length).toBeGreaterThan(0);
    const latest = [...entries].sort((a: { date: string }, b: { date: string }) => b.date.localeCompare(a.date))[0];
    const hours = latest.approvedHours ?? latest.hours;
    await hoursItem.getByText(`· ${latest.date} ${latest.title} ${hours} 小时`, { exact: false }).first().waitFor();
    await counselor.locator('.list-item', { hasText: '寝室无“脏乱差”' }).first().waitFor();

    // (3) The points ledger: the total equals its lines, each line names its source record.
    const title = counselor.locator('.card__title', { hasText: '发展积分' });
    const total = Number(/发展积分 (-?[\d.]+) 分/.exec(await title.innerText())?.[1]);
    const ledger = counselor.locator('.card', { has: title });
    const points = (await ledger.locator('.ledger__points').allInnerTexts()).map(Number);
    expect(points.length).toBeGreaterThan(0);
    expect(points.reduce((sum, p) => sum + p, 0)).toBeCloseTo(total);
    const line = ledger.locator('.list-item', { hasText: `${latest.title}（${latest.date}` }).first();
    await line.getByText(`来源：志愿服务记录（编号 ${latest._id}）`, { exact: true }).waitFor();
    expect(await ledger.innerText()).not.toMatch(/volunteer_entries|badge_awards|duty_records|visits_records/);

    // (4) Issuing the 转正 pack opens 我出具的转正材料 with it.
    await counselor.getByText('出具转正材料（PDF）', { exact: true }).dispatchEvent('click');
    const { data: [me] } = await db.collection('users').where({ openid: 'demo-counselor-1' }).limit(1).get();
    const pack = counselor.locator('.field', { hasText: name }).filter({ hasText: `出具人 ${me.name}` });
    await pack.first().waitFor();
    await pack.first().getByText('下载 PDF', { exact: true }).waitFor();
    const { data: packs } = await db.collection('develop_dossiers').where({ memberId: member._id }).limit(10).get();
    expect(packs).toHaveLength(1);
  });
});
