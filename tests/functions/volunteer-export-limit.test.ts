import ExcelJS from 'exceljs';
import { sdkFor } from '../../emulator/test/helpers';
import { EXPORT_LIMIT } from '../../src/shared/domain/export-range';
import { cutNote } from '../../cloudfunctions/volunteer/src/export-hours';
import { buildEntry, buildUser } from './builders';
import { startApp, type App } from './harness';
import { expectIndexServed } from './index-served';

/**
 * An export holds at most EXPORT_LIMIT entries. Past it the file is cut, and both the reply and the
 * file say so; a narrower range of days (from/to) gets the rest. Seeded past the limit in bulk.
 */
let app: App;
const admin = buildUser({ openid: 'o-export-admin', role: 'admin', name: '管理员' });
const TERM = '2025-2026-2';
/** Writing and reading back a 10,000-row workbook takes a while on a busy machine (a limit, not a measure). */
const BIG_FILE_MS = 180_000;
const LAST_DAY = '2026-06-30';
const day = (i: number) => new Date(Date.UTC(2026, 2, 1 + (i % 100))).toISOString().slice(0, 10);
// EXPORT_LIMIT entries over 100 days of March-June, and one more on the term's last day.
const entries = [
  ...Array.from({ length: EXPORT_LIMIT }, (_, i) => buildEntry({ date: day(i), start: '08:00', end: '09:00', status: 'approved', approvedHours: 1, memberName: `党员${i % 50}` })),
  buildEntry({ date: LAST_DAY, start: '08:00', end: '09:00', status: 'approved', approvedHours: 1, memberName: '最后一条' }),
];

async function firstSheet(fileID: string): Promise<unknown[][]> {
  const { fileContent } = await sdkFor(app.emu).downloadFile({ fileID });
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(fileContent as never);
  const rows: unknown[][] = [];
  book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const exportHours = async (input: object) => {
  const reply = await app.call(admin.openid, 'volunteer', 'exportHours', input as never);
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  return { ...reply.data, invocationId: reply.invocationId };
};

beforeAll(async () => {
  app = await startApp();
  await app.insert('users', admin);
  expect(entries.every((e) => e.termKey === TERM)).toBe(true);
  await app.insert('volunteer_entries', entries);
});
afterAll(() => app.stop());

describe('volunteer.exportHours past EXPORT_LIMIT', () => {
  it('says the file is cut, in the reply and in a note above the headers, and holds the earliest entries', async () => {
    const reply = await exportHours({ termKey: TERM });
    expect(reply).toMatchObject({ rows: EXPORT_LIMIT, truncated: true, rowsTotal: EXPORT_LIMIT + 1 });
    const rows = await firstSheet(reply.fileID);
    expect(rows[0][0]).toBe(cutNote(EXPORT_LIMIT, EXPORT_LIMIT + 1));
    expect(rows[0][0]).toMatch(/缩小日期范围/);
    expect(rows[1]).toEqual(['姓名', '学号', '支部', '日期', '活动', '类别', '时长（小时）', '认定方式', '审核人']);
    expect(rows).toHaveLength(EXPORT_LIMIT + 2);
    expect(rows.some((r) => r[3] === LAST_DAY)).toBe(false);
    const audits = (await app.db.collection('audit').where({ action: 'volunteer.exportHours', actorOpenid: admin.openid }).get()).data;
    expect(audits[0]).toMatchObject({ after: { rows: EXPORT_LIMIT, rowsTotal: EXPORT_LIMIT + 1, truncated: true } });
  }, BIG_FILE_MS);

  it('exactly EXPORT_LIMIT entries are the whole file, not a cut one', async () => {
    const reply = await exportHours({ termKey: TERM, to: '2026-06-29' });
    expect(reply).toMatchObject({ rows: EXPORT_LIMIT, truncated: false, rowsTotal: EXPORT_LIMIT });
    const rows = await firstSheet(reply.fileID);
    expect(rows[0][0]).toBe('姓名');
    expect(rows).toHaveLength(EXPORT_LIMIT + 1);
  }, BIG_FILE_MS);

  it('a narrower range of days gets the rest, whole, on the index (the term follows the days)', async () => {
    const reply = await exportHours({ from: '2026-06-01', to: LAST_DAY });
    const june = entries.filter((e) => e.date >= '2026-06-01').length;
    expect(reply).toMatchObject({ rows: june, truncated: false, rowsTotal: june });
    expectIndexServed(app, reply.invocationId);
    const rows = await firstSheet(reply.fileID);
    expect(rows.slice(1).map((r) => r[3]).every((d) => typeof d === 'string' && d >= '2026-06-01')).toBe(true);
    expect(rows[rows.length - 1][0]).toBe('最后一条');
  });

  it.each([
    [{ from: LAST_DAY, to: '2026-03-01' }, '开始日期不能晚于结束日期'],
    [{ from: '2026-07-01', to: '2026-09-01' }, '开始和结束日期需在同一学期内（2025-2026学年第二学期）'],
    [{ termKey: '2026-2027-1', from: LAST_DAY }, `日期 ${LAST_DAY} 不在所选学期（2026-2027-1）内`],
    [{ from: '2026-02-30' }, undefined],
  ])('a range it cannot export (%j) is INVALID_INPUT and stores nothing', async (input, message) => {
    const before = (await app.db.collection('exports').count()).total;
    const reply = await app.call(admin.openid, 'volunteer', 'exportHours', input as never);
    expect(reply.ok ? 'ok' : reply.error.code).toBe('INVALID_INPUT');
    if (message) expect(reply.ok ? '' : reply.error.message).toBe(message);
    expect((await app.db.collection('exports').count()).total).toBe(before);
  });
});
