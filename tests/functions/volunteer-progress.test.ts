import ExcelJS from 'exceljs';
import { sdkFor } from 'cloudbase-local/testing';
import { termOf } from '../../src/shared/domain/term';
import { conversionDue, overdueDays } from '../../src/shared/domain/volunteer';
import { startApp, type App } from './harness';
import { expectIndexServed } from './index-served';

const cost = (m: unknown) => ({ reads: (m as { reads: number }).reads, writes: (m as { writes: number }).writes });
import { daysAgo, seedVolunteer, type SeededMember, type VolunteerSeed } from './volunteer-seed';

/** Totals read from the member document, the counselor dashboard and the .xlsx export. */
let app: App;
let seed: VolunteerSeed;
const now = new Date();
const term = termOf(now);
const monthsAgo = (n: number) => new Date(now.getTime() - n * 30.4 * 86_400_000);

beforeAll(async () => {
  app = await startApp();
  seed = await seedVolunteer(app);
});
afterAll(() => app.stop());

type Behind = { memberId: string; name: string; total: number; expectedByNow: number; dueAt: string; overdueDays: number };
/** Walks volunteer.behindPace to its end, every page index-served; fails on a duplicate. */
async function behindAll(openid: string, limit = 20): Promise<Behind[]> {
  const seen: Behind[] = [];
  let cursor: string | undefined;
  do {
    const reply = await app.call(openid, 'volunteer', 'behindPace', { limit, ...(cursor ? { cursor } : {}) });
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    expectIndexServed(app, reply.invocationId);
    expect(reply.data.items.length).toBeLessThanOrEqual(limit);
    seen.push(...reply.data.items);
    cursor = reply.data.nextCursor ?? undefined;
  } while (cursor);
  expect(new Set(seen.map((m) => m.memberId)).size).toBe(seen.length);
  return seen;
}

describe('volunteer.myProgress', () => {
  it('reads this term and overall, by kind, and probation progress from the member document (2 reads)', async () => {
    const m = await seed.member({
      name: '韩梅梅', status: 'probationary', probationStartedAt: monthsAgo(6),
      hours: { [term.key]: 12, '2025-2026-2': 8 },
      hoursByKind: { [term.key]: { verified: 4, selfReported: 8 }, '2025-2026-2': { verified: 0, selfReported: 8 } },
      hoursOverall: { verified: 4, selfReported: 16 },
    });
    const reply = await app.call(m.openid, 'volunteer', 'myProgress', {});
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    expect(reply.data).toMatchObject({
      term: { key: term.key, label: term.label },
      thisTerm: { verified: 4, selfReported: 8, total: 12 },
      overall: { verified: 4, selfReported: 16, total: 20 },
      probation: { target: 50, total: 20, remaining: 30, behindPace: true, dueAt: expect.any(String) },
    });
    expect(reply.data.probation!.expectedByNow).toBeGreaterThan(20);
    // An instance loads the school's term calendar once a minute (cloudfunctions/_common/terms.ts): one
    // more read on a cold instance; the cost of the member home is that of a warm one.
    const warm = await app.call(m.openid, 'volunteer', 'myProgress', {});
    expect(warm).toEqual(reply);
    const meter = app.meterOf(warm.invocationId);
    console.log('DB per call: myProgress (member home)', JSON.stringify(cost(meter)));
    expect(meter).toMatchObject({ reads: 2, writes: 0 });
    expect(meter!.byCollection.volunteer_entries).toBeUndefined();
  });

  it('has no probation block for full members; starts at zero', async () => {
    const m = await seed.member({ name: '赵强', status: 'full' });
    const reply = await app.call(m.openid, 'volunteer', 'myProgress', {});
    expect(reply).toMatchObject({ ok: true, data: { thisTerm: { total: 0 }, overall: { total: 0 }, probation: null } });
  });

  it('follows an approval', async () => {
    const m = await seed.member({ name: '孙丽', status: 'probationary', probationStartedAt: monthsAgo(1) });
    const entry = await seed.pendingEntry(m, { date: daysAgo(1), start: '08:00', end: '11:00' });
    await app.call(seed.counselorX.openid, 'volunteer', 'review', { id: entry._id, decision: 'approve' });
    const reply = await app.call(m.openid, 'volunteer', 'myProgress', {});
    const thisTerm = entry.termKey === term.key ? 3 : 0;
    expect(reply).toMatchObject({ ok: true, data: { thisTerm: { selfReported: thisTerm }, overall: { selfReported: 3, total: 3 }, probation: { total: 3 } } });
  });
});

describe('volunteer.dashboard', () => {
  it('backlog, hours by branch and members behind pace, in the counselor’s scope (no entry scan)', async () => {
    const a = await seed.member({ name: '周杰', hours: { [term.key]: 6 } });
    const behind = await seed.member({ name: '吴敏', status: 'probationary', probationStartedAt: monthsAgo(9), hours: { [term.key]: 5 }, hoursOverall: { verified: 0, selfReported: 5 } });
    await seed.member({ name: '郑好', status: 'probationary', probationStartedAt: monthsAgo(3), hoursOverall: { verified: 10, selfReported: 10 } });
    const inY = await seed.member({ name: '王五', building: seed.y, status: 'probationary', probationStartedAt: monthsAgo(10), hours: { [term.key]: 40 } });
    await seed.pendingEntry(a, { date: daysAgo(9), submittedAt: new Date(now.getTime() - 5.2 * 86_400_000) });
    await seed.pendingEntry(a, { date: daysAgo(8), submittedAt: new Date(now.getTime() - 86_400_000) });
    await seed.pendingEntry(inY, { date: daysAgo(8), submittedAt: new Date(now.getTime() - 20 * 86_400_000) });

    const reply = await app.call(seed.counselorX.openid, 'volunteer', 'dashboard', {});
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    expect(reply.data.backlog).toBeGreaterThanOrEqual(2);
    expect(reply.data.oldestPendingDays).toBeGreaterThanOrEqual(5);
    expect(reply.data.oldestPendingDays).toBeLessThan(20);
    expect(reply.data.branches).toContainEqual({ branchId: a.doc.branchId, branchName: a.doc.branchName, hours: expect.any(Number) });
    expect(reply.data.branches.map((b) => b.branchId)).not.toContain(inY.doc.branchId);
    const behindX = await behindAll(seed.counselorX.openid);
    expect(behindX.map((m) => m.name)).toContain('吴敏');
    expect(behindX.map((m) => m.name)).not.toContain('郑好');
    expect(behindX.map((m) => m.name)).not.toContain('王五');
    expect(behindX.find((m) => m.memberId === behind.doc._id)).toMatchObject({ total: 5, expectedByNow: expect.any(Number), dueAt: expect.any(String) });
    const meter = app.meterOf(reply.invocationId);
    console.log('DB per call: dashboard (counselor)', JSON.stringify(cost(meter)));
    // The caller, the backlog (2), the branch aggregate and the overdue read: the same at any size.
    expect(meter).toMatchObject({ reads: 5, writes: 0 });

    const all = await app.call(seed.admin.openid, 'volunteer', 'dashboard', {});
    if (!all.ok) throw new Error(JSON.stringify(all));
    expect(all.data.oldestPendingDays).toBeGreaterThanOrEqual(20);
    expect(all.data.branches.find((b) => b.branchId === inY.doc.branchId)).toMatchObject({ hours: 40 });
    expect((await behindAll(seed.admin.openid)).map((m) => m.name)).toContain('王五');
  });

  it('a conversion date in the past is flagged overdue, for the member and on the dashboard, whatever the hours', async () => {
    const started = new Date(now.getTime() - 400 * 86_400_000);
    const late = await seed.member({ name: '逾期甲', status: 'probationary', probationStartedAt: started, hoursOverall: { verified: 10, selfReported: 10 } });
    const doneButLate = await seed.member({ name: '逾期乙', status: 'probationary', probationStartedAt: started, hoursOverall: { verified: 50, selfReported: 0 } });
    const onTime = await seed.member({ name: '未到期', status: 'probationary', probationStartedAt: monthsAgo(11), hoursOverall: { verified: 50, selfReported: 0 } });
    const expected = overdueDays(conversionDue(started), now);
    expect(expected).toBeGreaterThan(30);

    const mine = await app.call(late.openid, 'volunteer', 'myProgress', {});
    expect(mine).toMatchObject({ ok: true, data: { probation: { overdueDays: expect.any(Number) } } });
    expect(mine.ok && mine.data.probation!.overdueDays).toBeGreaterThanOrEqual(expected);
    expect(await app.call(onTime.openid, 'volunteer', 'myProgress', {})).toMatchObject({ ok: true, data: { probation: { overdueDays: 0 } } });

    const reply = await app.call(seed.counselorX.openid, 'volunteer', 'dashboard', {});
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    const overdue = reply.data.overdue.filter((m) => [late.doc._id, doneButLate.doc._id, onTime.doc._id].includes(m.memberId));
    expect(overdue.map((m) => m.name).sort()).toEqual(['逾期乙', '逾期甲'].sort());
    expect(overdue.every((m) => m.overdueDays >= expected)).toBe(true);
    expect((await behindAll(seed.counselorX.openid)).find((m) => m.memberId === late.doc._id)).toMatchObject({ overdueDays: expect.any(Number) });
  });

  it('behind pace pages past a read of probationary members, earliest due first, none lost or doubled, equal to the rule applied to all', async () => {
    const { buildBuilding, buildUser, buildMember } = await import('./builders');
    const { hoursProgress } = await import('../../src/shared/domain/volunteer');
    const w = buildBuilding({ name: '智园8号楼' });
    await app.insert('buildings', w);
    const counselorW = buildUser({ role: 'counselor', buildingIds: [w._id] });
    await app.insert('users', counselorW);
    // 260 probationary members (more than two reads of 100), starts 0.5-11.5 months ago, ties on the start;
    // hours vary so some are behind pace, some not; plus full members that never count.
    const people = Array.from({ length: 260 }, (_, i) => buildMember({
      name: `预备${i}`, buildingId: w._id, status: 'probationary', probationStartedAt: monthsAgo((i % 12) + 0.5),
      hoursOverall: { verified: (i * 7) % 45, selfReported: 0 },
    }));
    await app.insert('members', [...people, ...Array.from({ length: 30 }, (_, i) => buildMember({ name: `正式${i}`, buildingId: w._id, status: 'full' }))]);
    const expected = people
      .filter((m) => hoursProgress(m.hoursOverall!.verified, m.probationStartedAt!, now).behindPace)
      .sort((a, b) => a.probationStartedAt!.getTime() - b.probationStartedAt!.getTime() || (a._id < b._id ? -1 : 1))
      .map((m) => m._id);
    expect(expected.length).toBeGreaterThan(20);
    expect(expected.length).toBeLessThan(260);
    for (const limit of [7, 50]) expect((await behindAll(counselorW.openid, limit)).map((m) => m.memberId)).toEqual(expected);
    expect(await app.call(counselorW.openid, 'volunteer', 'behindPace', { cursor: 'nope' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('branch totals are summed by the database: equal to a brute-force sum past 1,000 members, for a counselor and an admin', async () => {
    const { buildBuilding, buildUser, buildMember } = await import('./builders');
    const v = buildBuilding({ name: '智园7号楼' });
    await app.insert('buildings', v);
    const counselorV = buildUser({ role: 'counselor', buildingIds: [v._id] });
    await app.insert('users', counselorV);
    const crowd = Array.from({ length: 1200 }, (_, i) => buildMember({
      name: `成员${i}`, buildingId: v._id, branchId: `br-v${i % 3}`, branchName: `智园7号楼第${i % 3 + 1}党支部`, status: 'full',
      ...(i % 5 === 0 ? {} : { hours: { [term.key]: (i % 4) * 0.5, '2020-2021-1': 9 } }),
    }));
    await app.insert('members', crowd);
    const brute = new Map<string, number>();
    for (const m of crowd) brute.set(m.branchId!, (brute.get(m.branchId!) ?? 0) + (m.hours?.[term.key] ?? 0));

    const dash = await app.call(counselorV.openid, 'volunteer', 'dashboard', {});
    if (!dash.ok) throw new Error(JSON.stringify(dash));
    expect(Object.fromEntries(dash.data.branches.map((b) => [b.branchId, b.hours]))).toEqual(Object.fromEntries(brute));
    expectIndexServed(app, dash.invocationId);
    const meter = app.meterOf(dash.invocationId)!;
    console.log('DB per call: dashboard (counselor of 1,200)', JSON.stringify(cost(meter)));
    expect(meter.reads).toBe(5);

    // An admin's sum over every member: the same figure for that branch.
    const all = await app.call(seed.admin.openid, 'volunteer', 'dashboard', {});
    if (!all.ok) throw new Error(JSON.stringify(all));
    expect(all.data.branches.find((b) => b.branchId === 'br-v1')).toEqual({ branchId: 'br-v1', branchName: '智园7号楼第2党支部', hours: brute.get('br-v1') });
  });

  it('a counselor with no buildings sees an empty dashboard', async () => {
    const { buildUser } = await import('./builders');
    const lonely = buildUser({ role: 'counselor', buildingIds: [] });
    await app.insert('users', lonely);
    expect(await app.call(lonely.openid, 'volunteer', 'dashboard', {})).toEqual({ ok: true, data: { backlog: 0, oldestPendingDays: null, branches: [], overdue: [], overdueMore: false } });
    expect(await app.call(lonely.openid, 'volunteer', 'behindPace', {})).toEqual({ ok: true, data: { items: [], nextCursor: null } });
  });
});

describe('volunteer.exportHours', () => {
  let alice: SeededMember;
  let bob: SeededMember;

  async function openExport(fileID: string) {
    const { fileContent } = await sdkFor(app.emu).downloadFile({ fileID });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(fileContent as never);
    const sheet = book.worksheets[0];
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  }

  it('writes the term’s approved hours in scope as .xlsx with Chinese headers and student numbers; audited', async () => {
    alice = await seed.member({ name: '冯雪' });
    bob = await seed.member({ name: '蒋涛', building: seed.y });
    const date = daysAgo(2);
    const key = termOf(new Date(`${date}T12:00:00+08:00`)).key;
    const e1 = await seed.pendingEntry(alice, { date, title: '楼道清扫', start: '08:00', end: '10:00' });
    const e2 = await seed.pendingEntry(alice, { date, title: '朋辈辅导', category: 'peerTutoring', start: '14:00', end: '17:00' });
    await seed.pendingEntry(alice, { date: daysAgo(3) }); // still pending: not exported
    const inY = await seed.pendingEntry(bob, { date });
    await app.call(seed.counselorX.openid, 'volunteer', 'review', { id: e1._id, decision: 'approve' });
    await app.call(seed.counselorX.openid, 'volunteer', 'review', { id: e2._id, decision: 'approve', approvedHours: 2, comment: '按签到' });
    await app.call(seed.counselorY.openid, 'volunteer', 'review', { id: inY._id, decision: 'approve' });
    await seed.pendingEntry(alice, { date, title: '安全巡查', category: 'dormSafety', start: '19:00', end: '20:30', status: 'approved', approvedHours: 1.5, verified: true, reviewedBy: null });

    const reply = await app.call(seed.counselorX.openid, 'volunteer', 'exportHours', { termKey: key });
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    expect(reply.data).toEqual({
      fileID: expect.stringMatching(/^cloud:\/\/.*exports\/.*\.xlsx$/), rows: expect.any(Number), truncated: false, rowsTotal: reply.data.rows, url: expect.stringMatching(/^http/),
      part: 1, members: expect.any(Number), nextCursor: null,
    });
    const rows = await openExport(reply.data.fileID);
    expect(rows).toHaveLength(reply.data.rows + 1);
    expect(rows.map((r) => r[0])).not.toContain('蒋涛');
    expect(rows[0]).toEqual(['姓名', '学号', '支部', '日期', '活动', '类别', '时长（小时）', '认定方式', '审核人']);
    expect(rows.slice(1).filter((r) => r[0] === '冯雪')).toEqual([
      ['冯雪', alice.roster.studentNo, alice.doc.branchName, date, '楼道清扫', '环境卫生', 2, '本人申报', '张老师'],
      ['冯雪', alice.roster.studentNo, alice.doc.branchName, date, '朋辈辅导', '朋辈辅导/学业帮扶', 2, '本人申报', '张老师'],
      ['冯雪', alice.roster.studentNo, alice.doc.branchName, date, '安全巡查', '宿舍安全', 1.5, '活动签到核实', ''],
    ]);
    const audits = (await app.db.collection('audit').where({ action: 'volunteer.exportHours', actorOpenid: seed.counselorX.openid }).get()).data;
    expect(audits).toEqual([expect.objectContaining({ actorRole: 'counselor', after: expect.objectContaining({ termKey: key, rows: reply.data.rows, fileID: reply.data.fileID }) })]);

    const all = await app.call(seed.admin.openid, 'volunteer', 'exportHours', { termKey: key });
    if (!all.ok) throw new Error(JSON.stringify(all));
    const allRows = await openExport(all.data.fileID);
    expect(allRows.map((r) => r[0])).toContain('蒋涛');
    expect(allRows.find((r) => r[0] === '蒋涛')).toEqual(expect.arrayContaining([bob.roster.studentNo, '王老师']));
  });

  it('an empty term gives a file with only the headers', async () => {
    const reply = await app.call(seed.counselorX.openid, 'volunteer', 'exportHours', { termKey: '2019-2020-1' });
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    expect(reply.data.rows).toBe(0);
    expect(await openExport(reply.data.fileID)).toHaveLength(1);
  });
});

describe('volunteer.exportHours: the per-member sheet', () => {
  async function memberSheet(fileID: string) {
    const { fileContent } = await sdkFor(app.emu).downloadFile({ fileID });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(fileContent as never);
    const sheet = book.getWorksheet('党员时长汇总');
    if (!sheet) throw new Error('no per-member sheet');
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return { headers: rows[0], rows: rows.slice(1) };
  }
  const HEADERS = ['姓名', '学号', '支部', '政治面貌', '本学期核实（小时）', '本学期自报（小时）', '本学期合计（小时）', '累计核实（小时）', '累计自报（小时）', '累计合计（小时）', '50小时进度', '转正预计时间'];

  it('lists every member in scope with the totals, 50-hour status and due date the dashboard shows', async () => {
    const { buildBuilding, buildUser } = await import('./builders');
    const { conversionDue, cstDate } = await import('../../src/shared/domain/volunteer');
    const z = buildBuilding({ name: '智园9号楼' });
    await app.insert('buildings', z);
    const counselorZ = buildUser({ role: 'counselor', name: '刘老师', buildingIds: [z._id] });
    await app.insert('users', counselorZ);
    const started = monthsAgo(8);
    const near = await seed.member({
      name: '林静', building: z, status: 'probationary', probationStartedAt: started,
      hours: { [term.key]: 12, '2024-2025-2': 20 }, hoursByKind: { [term.key]: { verified: 4, selfReported: 8 }, '2024-2025-2': { verified: 0, selfReported: 20 } },
      hoursOverall: { verified: 4, selfReported: 28 },
    });
    await seed.member({ name: '高远', building: z, status: 'probationary', probationStartedAt: monthsAgo(11), hours: { [term.key]: 51 }, hoursByKind: { [term.key]: { verified: 1, selfReported: 50 } }, hoursOverall: { verified: 1, selfReported: 50 } });
    await seed.member({ name: '钱多', building: z, status: 'full', hours: { [term.key]: 3.5 } });
    // More members than one page of the old single read (1000): the sheet and the dashboard see all.
    const { buildMember } = await import('./builders');
    const crowd = Array.from({ length: 1050 }, (_, i) => buildMember({
      name: `群众${i}`, buildingId: z._id, branchId: 'br-crowd', branchName: '智园9号楼第二党支部', status: 'activist',
      hours: { [term.key]: 1 }, hoursByKind: { [term.key]: { verified: 1, selfReported: 0 } }, hoursOverall: { verified: 1, selfReported: 0 },
    }));
    await app.insert('members', crowd);

    const dash = await app.call(counselorZ.openid, 'volunteer', 'dashboard', {});
    const exported = await app.call(counselorZ.openid, 'volunteer', 'exportHours', {});
    if (!dash.ok || !exported.ok) throw new Error(JSON.stringify([dash, exported]));
    const { headers, rows } = await memberSheet(exported.data.fileID);
    expect(headers).toEqual(HEADERS);
    expect(rows).toHaveLength(1053);

    // Hours by branch: the sheet's term totals per 支部 equal the dashboard's figures.
    const byBranch = new Map<string, number>();
    for (const r of rows) byBranch.set(r[2] as string, (byBranch.get(r[2] as string) ?? 0) + (r[6] as number));
    expect(Object.fromEntries(byBranch)).toEqual(Object.fromEntries(dash.data.branches.map((b) => [b.branchName, b.hours])));
    expect(byBranch.get('智园9号楼第二党支部')).toBe(1050);

    expect(rows.find((r) => r[0] === '林静')).toEqual([
      '林静', near.roster.studentNo, near.doc.branchName, '预备党员', 4, 8, 12, 4, 28, 32, '还差 18 小时', cstDate(conversionDue(started)),
    ]);
    expect(rows.find((r) => r[0] === '高远')).toEqual(expect.arrayContaining(['预备党员', 51, '已达标']));
    expect(rows.find((r) => r[0] === '钱多')).toEqual(expect.arrayContaining(['正式党员', 0, 3.5, 3.5, '', '']));
    // Behind pace on the dashboard: the same overall total and the same due date (China date).
    const behindZ = await behindAll(counselorZ.openid);
    for (const m of behindZ) {
      const row = rows.find((r) => r[0] === m.name)!;
      expect(row[9]).toBe(m.total);
      expect(row[11]).toBe(cstDate(new Date(m.dueAt)));
    }
    expect(behindZ.map((m) => m.name)).toContain('林静');
    // The dashboard sums in the database: one request examines the members once, index-served.
    expectIndexServed(app, dash.invocationId);
  });
});
