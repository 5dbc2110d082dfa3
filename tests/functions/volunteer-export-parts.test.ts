import ExcelJS from 'exceljs';
import { sdkFor } from 'cloudbase-local/testing';
import { EXPORT_PART_ROWS } from '../../src/shared/domain/export-range';
import { buildEntry } from './builders';
import { startApp, type App } from './harness';
import { expectIndexServed } from './index-served';
import { seedWorld, type World } from './world';

/**
 * A large export comes in parts, one call each: every part holds at most EXPORT_PART_ROWS entries, the
 * next part starts where the last ended (its cursor carries the filters and the first call's instant),
 * and the parts together hold every entry approved by the first call exactly once, even while more
 * entries are approved between and during the calls. Seeded past two parts in bulk.
 */
let app: App;
let world: World;
/** A fixed Friday 10:00 China time: the term and every date below follow from it. */
const NOW = new Date('2026-11-20T02:00:00Z');
const TERM = '2026-2027-1';
/** Writing and reading back workbooks of 5,000 rows takes a while on a busy machine (a limit, not a measure). */
const BIG_FILE_MS = 240_000;
const day = (i: number) => new Date(Date.UTC(2026, 8, 5 + (i % 70))).toISOString().slice(0, 10);

type Sheet = { note: unknown; rows: unknown[][] };
async function sheetsOf(fileID: string): Promise<{ entries: Sheet; members: Sheet }> {
  const { fileContent } = await sdkFor(app.emu).downloadFile({ fileID });
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(fileContent as never);
  const read = (i: number): Sheet => {
    const rows: unknown[][] = [];
    book.worksheets[i].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    // A part's first row is its note, then the headers.
    return rows[0][0] === '姓名' ? { note: null, rows: rows.slice(1) } : { note: rows[0][0], rows: rows.slice(2) };
  };
  return { entries: read(0), members: read(1) };
}

const exportAs = async (openid: string, input: object) => {
  const reply = await app.call(openid, 'volunteer', 'exportHours', input as never);
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  return { ...reply.data, invocationId: reply.invocationId };
};

/** What identifies an entry's row on the sheet: member, date and title (titles are unique here). */
const rowKey = (r: unknown[]) => `${r[0]}|${r[3]}|${r[4]}`;

beforeAll(async () => {
  app = await startApp();
  app.emu.clock.set(NOW);
  world = await seedWorld(app);
  const of = { memberId: world.member._id, userId: world.users.member._id, memberName: world.member.name, buildingId: world.a._id };
  // Two parts and one entry more; half approved before reviews were stamped (no reviewedAt), half stamped.
  const bulk = Array.from({ length: 2 * EXPORT_PART_ROWS + 1 }, (_, i) =>
    buildEntry({ ...of, date: day(i), start: '08:00', end: '09:00', title: `服务${i}`, status: 'approved', approvedHours: 1, reviewedAt: i % 2 ? new Date(NOW.getTime() - 86_400_000) : null }),
  );
  expect(bulk.every((e) => e.termKey === TERM)).toBe(true);
  await app.insert('volunteer_entries', bulk);
});
afterAll(() => app.stop());

describe('volunteer.exportHours in parts', () => {
  it('the parts hold every entry approved by the first call once, while more are approved between and during the calls', async () => {
    const approvedBefore = async () => {
      const keys: string[] = [];
      const _ = app.db.command;
      for (let after = ''; ; ) {
        const { data } = await app.db.collection('volunteer_entries').where({ _id: _.gt(after), termKey: TERM, status: 'approved' }).orderBy('_id', 'asc').limit(1000).get();
        keys.push(...data.map((e) => `${e.memberName}|${e.date}|${e.title}`));
        if (data.length < 1000) return keys.sort();
        after = data[data.length - 1]._id;
      }
    };
    const expected = await approvedBefore();
    expect(expected.length).toBeGreaterThan(2 * EXPORT_PART_ROWS);
    // Waiting entries that the counselor approves once the export has begun: one dated before every exported entry, two after the first part's last.
    const of = { memberId: world.member._id, userId: world.users.member._id, memberName: world.member.name, buildingId: world.a._id };
    const late = [
      buildEntry({ ...of, date: '2026-09-01', start: '20:00', end: '21:00', title: '后批准-最早' }),
      buildEntry({ ...of, date: '2026-11-16', start: '20:00', end: '21:00', title: '后批准-最晚' }),
      buildEntry({ ...of, date: '2026-11-17', start: '20:00', end: '21:00', title: '并发批准' }),
    ];
    await app.insert('volunteer_entries', late);
    const approve = async (id: string) => {
      const reply = await app.call(world.users.counselor.openid, 'volunteer', 'review', { id, decision: 'approve' });
      expect(reply).toMatchObject({ ok: true });
    };

    const parts = [await exportAs(world.users.admin.openid, { termKey: TERM })];
    app.emu.clock.advance(60_000);
    await approve(late[0]._id);
    await approve(late[1]._id);
    while (parts[parts.length - 1].nextCursor) {
      const cursor = parts[parts.length - 1].nextCursor!;
      // An approval at the same moment as a part's call joins no part either.
      const [next] = await Promise.all([exportAs(world.users.admin.openid, { cursor }), parts.length === 1 ? approve(late[2]._id) : Promise.resolve()]);
      parts.push(next);
    }

    expect(parts.map((p) => [p.part, p.rows, p.truncated])).toEqual([[1, EXPORT_PART_ROWS, false], [2, EXPORT_PART_ROWS, false], [3, expected.length - 2 * EXPORT_PART_ROWS, false]]);
    expect(parts.every((p) => p.rowsTotal === expected.length)).toBe(true);
    const got: string[] = [];
    for (const p of parts) {
      const { entries, members } = await sheetsOf(p.fileID);
      expect(entries.note).toMatch(new RegExp(`^第 ${p.part} 部分：本文件含 ${p.rows} 条记录（各部分共 ${expected.length} 条`));
      expect(members.note).toBe(entries.note);
      expect(entries.rows).toHaveLength(p.rows);
      got.push(...entries.rows.map(rowKey));
      // Each part is by date, and starts after the last one ended.
      const dates = entries.rows.map((r) => String(r[3]));
      expect([...dates].sort()).toEqual(dates);
    }
    expect(got.sort()).toEqual(expected);
    expect(got.some((k) => k.includes('批准'))).toBe(false);
    // A later part seeks past its cursor: the entries share days and a start (08:00), so a part that begins
    // inside a day's tie group reads on from the cursor's key, not the group's keys before it.
    const overRead = parts.slice(1).flatMap((p) =>
      app.meterOf(p.invocationId)!.requests
        .filter((r) => r.collection === 'volunteer_entries' && r.op !== 'lookup' && r.keysExamined > r.matched + 5)
        .map((r) => `part ${p.part}: ${r.shape} read ${r.keysExamined} keys for ${r.matched}`),
    );
    expect(overRead).toEqual([]);
    // The per-member sheet is cut by members, not by entries: this world's members fit in the first part.
    expect((await sheetsOf(parts[0].fileID)).members.rows.length).toBe(parts[0].members);
    expect(parts.slice(1).map((p) => p.members)).toEqual([0, 0]);

    const audits = (await app.db.collection('audit').where({ action: 'volunteer.exportHours', actorOpenid: world.users.admin.openid }).get()).data;
    expect(audits.map((a) => [a.after.part, a.after.rows, a.after.last, a.after.fileID]).sort()).toEqual(parts.map((p) => [p.part, p.rows, p.nextCursor === null, p.fileID]));
  }, BIG_FILE_MS);

  it('a part reads on the index, and a small scope is one call', async () => {
    const first = await exportAs(world.users.admin.openid, { termKey: TERM, from: '2026-11-01' });
    expect(first).toMatchObject({ part: 1, nextCursor: null, truncated: false });
    expect(first.rows).toBe(first.rowsTotal);
    expectIndexServed(app, first.invocationId);
    const { entries } = await sheetsOf(first.fileID);
    expect(entries.note).toBeNull();
    expect(entries.rows.every((r) => String(r[3]) >= '2026-11-01')).toBe(true);
  }, BIG_FILE_MS);

  it('a cursor holds its filters and scope: changed, edited or used by another scope, it is INVALID_INPUT and stores nothing', async () => {
    const first = await exportAs(world.users.admin.openid, { termKey: TERM });
    const cursor = first.nextCursor!;
    const [body, sum] = cursor.split('.');
    const state = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const forged = `${Buffer.from(JSON.stringify({ ...state, part: 9 })).toString('base64url')}.${sum}`;
    const before = (await app.db.collection('exports').count()).total;
    for (const [who, input, message] of [
      [world.users.admin.openid, { cursor, termKey: '2025-2026-2' }, '续导出的学期或日期与第一部分不同，请重新导出'],
      [world.users.admin.openid, { cursor: forged }, '导出进度无效，请重新导出'],
      [world.users.admin.openid, { cursor: `${cursor}x` }, '导出进度无效，请重新导出'],
      [world.users.counselor.openid, { cursor }, '您负责的楼栋在导出过程中有变化，请重新导出'],
    ] as const) {
      const reply = await app.call(who, 'volunteer', 'exportHours', input as never);
      expect(reply.ok ? 'ok' : [reply.error.code, reply.error.message]).toEqual(['INVALID_INPUT', message]);
    }
    expect((await app.db.collection('exports').count()).total).toBe(before);
  }, BIG_FILE_MS);

  it.each([
    [{ from: '2026-11-30', to: '2026-11-01' }, '开始日期不能晚于结束日期'],
    [{ from: '2026-07-01', to: '2026-09-01' }, '开始和结束日期需在同一学期内（2025-2026学年第二学期）'],
    [{ termKey: '2025-2026-2', from: '2026-11-01' }, '日期 2026-11-01 不在所选学期（2025-2026-2）内'],
    [{ from: '2026-02-30' }, undefined],
  ])('a range it cannot export (%j) is INVALID_INPUT and stores nothing', async (input, message) => {
    const before = (await app.db.collection('exports').count()).total;
    const reply = await app.call(world.users.admin.openid, 'volunteer', 'exportHours', input as never);
    expect(reply.ok ? 'ok' : reply.error.code).toBe('INVALID_INPUT');
    if (message) expect(reply.ok ? '' : reply.error.message).toBe(message);
    expect((await app.db.collection('exports').count()).total).toBe(before);
  });
});
