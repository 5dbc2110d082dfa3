import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { MemberDoc, RoomDoc, RosterDoc } from '../../cloudfunctions/_common/docs';
import { APPLY_CHUNK } from '../../cloudfunctions/_common/repositories/roster-imports';
import { sdkFor } from 'cloudbase-local/testing';
import { auditOf, docOf, findDocs } from './account-seed';
import { buildBuilding, buildMember, buildRoom, buildRoster, buildUser, plaqueFor } from './builders';
import { startApp, type App } from './harness';
import { importCalls } from './roster-import-calls';
import { expectIndexServed } from './index-served';

/**
 * Issue 12 point 2: the roster import through the real function. Messy .xlsx (title rows above the
 * table, a merged 楼栋 column, full-width digits, blanks, duplicates) and a GBK .csv give the expected
 * diff and row errors; nothing applies while a row is refused; the fixed file applies chunk by chunk,
 * audited, and the same file again changes nothing; a stop after a chunk resumes; a full roster marks
 * the missing as left (never deleted); a 30,000-row file goes in bounded chunks.
 */
let app: App;
const a = buildBuilding({ name: '智园1号楼', floors: 6 });
const b = buildBuilding({ name: '智园2号楼', floors: 6 });
const r301 = buildRoom({ buildingId: a._id, number: '301', floor: 3 });
const r302 = buildRoom({ buildingId: a._id, number: '302', floor: 3 });
const rB101 = buildRoom({ buildingId: b._id, number: '101', floor: 1 });
const renamed = buildRoster({ name: '李磊', buildingId: a._id, roomId: r301._id });
const mover = buildRoster({ name: '王芳', buildingId: a._id, roomId: r301._id, memberStatus: 'probationary' });
const moverMember = buildMember({ rosterId: mover._id, name: '王芳', status: 'probationary', buildingId: a._id, buildingName: a.name, roomId: r301._id, roomNumber: '301', linkedRoomIds: [rB101._id] });
const stayer = buildRoster({ name: '赵强', buildingId: b._id, roomId: rB101._id });
const admin = buildUser({ role: 'admin', name: '管理员' });
const counselor = buildUser({ role: 'counselor', name: '张老师', buildingIds: [a._id] });

let files = 0;
async function upload(content: Buffer, ext = 'xlsx', owner = admin.openid): Promise<string> {
  files += 1;
  return (await sdkFor(app.emu).uploadFile({ cloudPath: `user/${owner}/imports/f${files}.${ext}`, fileContent: content })).fileID as string;
}

async function xlsx(build: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  build(book.addWorksheet('名单'));
  return Buffer.from(await book.xlsx.writeBuffer());
}

const HEADERS = ['学号', '姓名', '学院', '班级', '楼栋', '房间'];
const studentsCsv = (rows: string[][]) => [HEADERS, ...rows].map((r) => r.join(',')).join('\r\n');

async function preview(fileID: string, o: { kind?: string; full?: boolean } = {}) {
  const reply = await app.call(admin.openid, 'roster', 'preview', { kind: o.kind ?? 'students', fileID, fileName: 'x', full: o.full ?? false });
  if (!reply.ok) throw new Error(JSON.stringify(reply.error));
  return reply.data;
}

const count = async (collection: string, where: object) => (await app.db.collection(collection).where(where).count()).total as number;

const { applyAll, allChanges } = importCalls(() => app, admin.openid);

beforeAll(async () => {
  app = await startApp();
  await app.insert('communities', { _id: a.communityId, name: a.communityName });
  await app.insert('buildings', [a, b]);
  await app.insert('rooms', [r301, r302, rB101]);
  await app.insert('plaques', [plaqueFor(r301, a), plaqueFor(r302, a), plaqueFor(rB101, b)]);
  await app.insert('roster', [renamed, mover, stayer]);
  await app.insert('members', moverMember);
  await app.insert('users', [admin, counselor]);
}, 60_000);
afterAll(() => app?.stop());

describe('a messy .xlsx', () => {
  let messy: string;
  beforeAll(async () => {
    messy = await upload(
      await xlsx((s) => {
        s.addRow(['2026年秋季学期学生住宿名单']);
        s.mergeCells('A1:F1');
        s.addRow(['导出日期：2026-11-30', '', '', '', '', '']);
        s.addRow(['学 号', '姓名 ', '学院', '班级', '楼栋', '房间号（必填）']);
        s.addRow(['２０２６０００１', ' 张 三 ', '计算机学院', '计科 2601', '智园1号楼', '３０１']); // row 4
        s.addRow([renamed.studentNo, '李雷', '', '', '', '301']); // row 5: 楼栋 from the merged cell
        s.addRow([`  ${mover.studentNo} `, '王芳', '', '', '', '302室']); // row 6: moved
        s.mergeCells('E4:E6');
        s.addRow(['２０２６０００１', '张三', '计算机学院', '计科2601', '智园1号楼', '301']); // row 7: identical to row 4
        s.addRow(['20260002', '钱七', '', '', '智园1号楼', '302']); // row 8
        s.addRow(['20260002', '钱八', '', '', '智园1号楼', '302']); // row 9: same 学号, other name
        s.addRow(['abc', '孙九', '', '', '智园1号楼', '302']); // row 10
        s.addRow(['20260003', '周十', '', '', '智园1号楼', '305']); // row 11: room not there yet
        s.addRow(['20260004', '吴一', '', '', '智园9号楼', '101']); // row 12: no such building
        s.addRow(['20260005', '郑二', '', '', '智园1号楼', '901']); // row 13: floor 9 of 6
        s.addRow([]);
        s.addRow([stayer.studentNo, '赵强', '', '', '智园2号楼', '101']); // row 15: unchanged
      }),
    );
  });

  it('finds the table under its title rows, normalises what is clear and refuses the rest by row, writing nothing but the job', async () => {
    const rosterBefore = await findDocs(app, 'roster', {});
    const job = await preview(messy);
    expect(job).toMatchObject({ headerRow: 3, rows: 11, collapsed: 1, status: 'previewed', applied: 0, full: false });
    expect(job.errors).toEqual([
      { row: 8, message: expect.stringContaining('学号与第9行相同但内容不同') },
      { row: 9, message: expect.stringContaining('学号与第8行相同但内容不同') },
      { row: 10, message: '学号“abc”应为6到14位数字' },
      { row: 12, message: expect.stringContaining('楼栋“智园9号楼”不存在') },
      { row: 13, message: '房间901在第9层，但智园1号楼只有6层' },
    ]);
    expect(job.errorCount).toBe(5);
    expect(job.counts).toEqual({ added: 2, changed: 1, moved: 1, left: 0, roomCreated: 1, buildingCreated: 0, notListed: 0, unchanged: 1 });

    const diff = await allChanges(job.jobId);
    expect(diff.map((c) => [c.kind, c.row, c.subject, c.name, c.before, c.after])).toEqual([
      ['added', 4, '20260001', '张三', null, { name: '张三', college: '计算机学院', className: '计科2601', room: '智园1号楼 301' }],
      ['changed', 5, renamed.studentNo, '李雷', { name: '李磊' }, { name: '李雷' }],
      ['moved', 6, mover.studentNo, '王芳', { room: '智园1号楼 301' }, { room: '智园1号楼 302' }],
      ['roomCreated', 11, '智园1号楼 305', '', null, { room: '智园1号楼 305' }],
      ['added', 11, '20260003', '周十', null, { name: '周十', college: '', className: '', room: '智园1号楼 305' }],
    ]);
    const moved = await app.call(admin.openid, 'roster', 'changes', { jobId: job.jobId, kind: 'moved' });
    expect(moved.ok && moved.data.items.map((c) => c.subject)).toEqual([mover.studentNo]);
    expectIndexServed(app, moved.invocationId);

    expect(await findDocs(app, 'roster', {})).toEqual(rosterBefore);
    expect(await docOf(app, 'rooms', `${a._id}-305`)).toBeNull();
    const refused = await app.call(admin.openid, 'roster', 'apply', { jobId: job.jobId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '文件有5行错误，请修改后重新上传预览，无误后才能导入' } });
  });

  it('applies the fixed file, audited, and the same file again changes nothing', async () => {
    const fixed = await upload(
      await xlsx((s) => {
        s.addRow(['2026年秋季学期学生住宿名单']);
        s.addRow(['学号', '姓名', '学院', '班级', '楼栋', '房间']);
        s.addRow(['２０２６０００１', ' 张 三 ', '计算机学院', '计科 2601', '智园1号楼', '３０１']);
        s.addRow([renamed.studentNo, '李雷', '', '', '智园1号楼', '301']);
        s.addRow([mover.studentNo, '王芳', '', '', '智园1号楼', '302室']);
        s.addRow(['20260002', '钱七', '', '', '智园1号楼', '302']);
        s.addRow(['20260003', '周十', '', '', '智园1号楼', '305']);
        s.addRow([stayer.studentNo, '赵强', '', '', '智园2号楼', '101']);
      }),
    );
    const job = await preview(fixed);
    expect(job.errors).toEqual([]);
    expect(job.counts).toMatchObject({ added: 3, changed: 1, moved: 1, roomCreated: 1, unchanged: 1 });
    const { job: done, calls } = await applyAll(job.jobId);
    expect(calls).toBe(1);
    expect(done).toMatchObject({ status: 'done', applied: 6, total: 6, chunks: 1 });

    expect(await docOf<RosterDoc>(app, 'roster', 'rs-20260001')).toMatchObject({ studentNo: '20260001', name: '张三', college: '计算机学院', className: '计科2601', buildingId: a._id, roomId: r301._id, boundUserId: null });
    expect(await docOf<RosterDoc>(app, 'roster', renamed._id)).toMatchObject({ name: '李雷', roomId: r301._id });
    expect(await docOf<RosterDoc>(app, 'roster', mover._id)).toMatchObject({ roomId: r302._id, buildingId: a._id });
    // The member moves with the entry: the new door's plaque shows them, the linked room stays.
    expect(await docOf<MemberDoc>(app, 'members', moverMember._id)).toMatchObject({ roomId: r302._id, roomNumber: '302', floor: 3, plaqueRoomIds: [r302._id, rB101._id] });
    const room = await docOf<RoomDoc>(app, 'rooms', `${a._id}-305`);
    expect(room).toMatchObject({ buildingId: a._id, floor: 3, number: '305' });
    expect(await docOf(app, 'plaques', room!.plaqueCode)).toMatchObject({ roomId: `${a._id}-305`, status: 'active', room: { number: '305', floor: 3, buildingName: a.name } });
    expect(await docOf<RosterDoc>(app, 'roster', 'rs-20260003')).toMatchObject({ roomId: `${a._id}-305` });

    expect(await auditOf(app, 'roster.import.added', 'rs-20260001')).toEqual([expect.objectContaining({ actorOpenid: admin.openid, actorRole: 'admin', before: null })]);
    expect(await auditOf(app, 'roster.import.changed', renamed._id)).toEqual([expect.objectContaining({ before: { name: '李磊' }, after: { name: '李雷' } })]);
    expect(await auditOf(app, 'roster.import.moved', mover._id)).toHaveLength(1);
    expect(await auditOf(app, 'roster.import.roomCreated', `${a._id}-305`)).toHaveLength(1);

    // Twice: the same file's preview has nothing to do, and applying it writes nothing.
    const again = await preview(fixed);
    expect(again).toMatchObject({ total: 0, status: 'done', counts: { added: 0, changed: 0, moved: 0, roomCreated: 0, unchanged: 6 } });
    const audits = (await findDocs(app, 'audit', {})).length;
    const reply = await app.call(admin.openid, 'roster', 'apply', { jobId: again.jobId });
    expect(reply).toMatchObject({ ok: true, data: { status: 'done', applied: 0 } });
    // The first job applied again: done, nothing written.
    expect(await app.call(admin.openid, 'roster', 'apply', { jobId: job.jobId })).toMatchObject({ ok: true, data: { status: 'done', applied: 6, chunks: 1 } });
    expect((await findDocs(app, 'audit', {})).length).toBe(audits);
  });
});

describe('a GBK .csv', () => {
  it('is decoded (GB18030), header rows above skipped, and gives the diff and row errors', async () => {
    const text = `学生名单（GBK）\r\n,,,,,\r\n${studentsCsv([
      ['20260101', '欧阳 娜娜', '外国语学院', '英语2601', '智园2号楼', '１０１'],
      ['20260102', '', '', '', '智园2号楼', '101'],
      ['20260103', '"司马,懿"', '', '', '智园2号楼', '101'],
      [stayer.studentNo, '赵强', '', '', '智园2号楼', '101'],
    ])}\r\n`;
    const bytes = iconv.encode(text, 'gbk');
    expect(bytes.includes(Buffer.from('学号'))).toBe(false);
    const job = await preview(await upload(bytes, 'csv'));
    expect(job.headerRow).toBe(3);
    expect(job.errors).toEqual([
      { row: 5, message: '姓名不能为空' },
      { row: 6, message: '姓名“司马,懿”只能包含文字（最多20个字）' },
    ]);
    const diff = await allChanges(job.jobId);
    expect(diff.map((c) => [c.kind, c.row, c.name, c.after])).toEqual([['added', 4, '欧阳娜娜', { name: '欧阳娜娜', college: '外国语学院', className: '英语2601', room: '智园2号楼 101' }]]);
    expect(job.counts.unchanged).toBe(1);
  });

  it('reads UTF-8 with a BOM as well', async () => {
    const text = `\ufeff${studentsCsv([['20260111', '冯一', '', '', '智园2号楼', '101']])}`;
    const job = await preview(await upload(Buffer.from(text, 'utf8'), 'csv'));
    expect(job).toMatchObject({ headerRow: 1, errors: [], counts: { added: 1 } });
  });

  it('refuses a file without the template headers, an old .xls, and a file of someone else', async () => {
    const none = await app.call(admin.openid, 'roster', 'preview', { kind: 'students', fileID: await upload(Buffer.from('a,b,c\n1,2,3\n'), 'csv') });
    expect(none).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('没有找到表头') } });
    const xls = await app.call(admin.openid, 'roster', 'preview', { kind: 'students', fileID: await upload(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]), 'csv') });
    expect(xls).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('.xls') } });
    const theirs = await upload(Buffer.from(studentsCsv([])), 'csv', counselor.openid);
    expect(await app.call(admin.openid, 'roster', 'preview', { kind: 'students', fileID: theirs })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(counselor.openid, 'roster', 'preview', { kind: 'students', fileID: theirs })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('a full roster', () => {
  it('marks the people missing from it as left (never deleted), withdrawing a member from the plaque, audited', async () => {
    const everyone = (await findDocs<RosterDoc>(app, 'roster', {})).filter((r) => r.studentNo !== renamed.studentNo && r.studentNo !== mover.studentNo);
    const labels = new Map([[r301._id, ['智园1号楼', '301']], [r302._id, ['智园1号楼', '302']], [rB101._id, ['智园2号楼', '101']], [`${a._id}-305`, ['智园1号楼', '305']]]);
    const csv = studentsCsv(everyone.map((r) => [r.studentNo, r.name, '', '', ...labels.get(r.roomId)!]));
    const job = await preview(await upload(Buffer.from(csv), 'csv'), { full: true });
    expect(job.errors).toEqual([]);
    const diff = await allChanges(job.jobId);
    expect(diff.map((c) => [c.kind, c.row, c.subject, c.before])).toEqual(
      [renamed, mover].sort((x, y) => (x.studentNo < y.studentNo ? -1 : 1)).map((r) => ['left', null, r.studentNo, { room: r === mover ? '智园1号楼 302' : '智园1号楼 301' }]),
    );
    await applyAll(job.jobId);
    const left = await docOf<RosterDoc>(app, 'roster', mover._id);
    expect(left).toMatchObject({ leftReason: 'roster', name: '王芳' });
    expect(left!.leftAt).toBeTruthy();
    expect(await docOf<MemberDoc>(app, 'members', moverMember._id)).toMatchObject({ consent: { public: false } });
    expect(await auditOf(app, 'roster.markLeft', mover._id)).toHaveLength(1);
    expect(await docOf(app, 'roster', renamed._id)).toMatchObject({ leftReason: 'roster' });

    // Again: nothing left to mark; a left person in a later file is refused by row, not revived.
    expect(await preview(await upload(Buffer.from(csv), 'csv'), { full: true })).toMatchObject({ total: 0, status: 'done' });
    const revived = await preview(await upload(Buffer.from(studentsCsv([[mover.studentNo, '王芳', '', '', '智园1号楼', '302']])), 'csv'));
    expect(revived.errors).toEqual([{ row: 2, message: `学号${mover.studentNo}（王芳）已标记离校，导入不能恢复，请由管理员核实后处理` }]);
  });
});

describe('buildings and rooms', () => {
  it('creates a new building in the community and the missing rooms with their plaques, once', async () => {
    const csv = ['楼栋,楼层数,房间', '智园3号楼,6,101', '智园3号楼,6,102', '智园1号楼,6,306', '智园1号楼,6,301', '智园3号楼,5,103'].join('\n');
    const job = await preview(await upload(Buffer.from(csv), 'csv'), { kind: 'places' });
    expect(job.errors).toEqual([{ row: 6, message: '智园3号楼的楼层数5与第2行的6不一致' }]);
    const fixed = csv.split('\n').slice(0, 5).join('\n');
    const good = await preview(await upload(Buffer.from(fixed), 'csv'), { kind: 'places' });
    expect(good.counts).toMatchObject({ buildingCreated: 1, roomCreated: 3, unchanged: 1 });
    await applyAll(good.jobId);
    const [created] = await findDocs<{ _id: string; communityId: string; floors: number; sortKey: string }>(app, 'buildings', { name: '智园3号楼' });
    expect(created).toMatchObject({ communityId: a.communityId, floors: 6, sortKey: expect.stringContaining('000003') });
    const rooms = await findDocs<RoomDoc>(app, 'rooms', { buildingId: created._id });
    expect(rooms.map((r) => [r.number, r.floor]).sort()).toEqual([['101', 1], ['102', 1]]);
    for (const r of rooms) expect(await docOf(app, 'plaques', r.plaqueCode)).toMatchObject({ roomId: r._id, room: { buildingName: '智园3号楼' } });
    expect(await auditOf(app, 'roster.import.buildingCreated', created._id)).toHaveLength(1);
    expect(await preview(await upload(Buffer.from(fixed), 'csv'), { kind: 'places' })).toMatchObject({ total: 0, status: 'done', counts: { unchanged: 4 } });
  });
});

describe('chunks', () => {
  const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => [String(30000000 + from + i), `学生${String.fromCharCode(0x4e00 + ((from + i) % 2000))}`, '', '', '智园2号楼', String(101 + ((from + i) % 50))]);

  it('stops after a chunk and resumes where it stood; two calls at once write each chunk once', async () => {
    const n = APPLY_CHUNK * 2 + 37;
    const addedAudits = await count('audit', { action: 'roster.import.added' });
    const job = await preview(await upload(Buffer.from(studentsCsv(rows(0, n))), 'csv'));
    // 49 new rooms on floor 1 (101 exists) and the students.
    expect(job.total).toBe(n + 49);
    const first = await app.call(admin.openid, 'roster', 'apply', { jobId: job.jobId });
    expect(first).toMatchObject({ ok: true, data: { status: 'applying', applied: APPLY_CHUNK, chunks: 1 } });
    // The stop: the page was closed. The job says where it stands; the next call goes on from there.
    expect(await app.call(admin.openid, 'roster', 'job', { jobId: job.jobId })).toMatchObject({ ok: true, data: { applied: APPLY_CHUNK, status: 'applying' } });
    const [x, y] = await Promise.all([app.call(admin.openid, 'roster', 'apply', { jobId: job.jobId }), app.call(admin.openid, 'roster', 'apply', { jobId: job.jobId })]);
    for (const r of [x, y]) expect(r.ok || r.error.code === 'CONFLICT').toBe(true);
    const { job: done } = await applyAll(job.jobId);
    expect(done).toMatchObject({ status: 'done', applied: job.total, chunks: Math.ceil(job.total / APPLY_CHUNK) });
    expect(await count('roster', { studentNo: app.db.command.and([app.db.command.gte('30000000'), app.db.command.lt('30100000')]) })).toBe(n);
    expect((await count('audit', { action: 'roster.import.added' })) - addedAudits).toBe(n);
  });

  it('takes a 30,000-row file in bounded chunks', async () => {
    const n = 30_000;
    const csv = Buffer.from(studentsCsv(rows(100_000, n)));
    const job = await preview(await upload(csv, 'csv'));
    expect(job).toMatchObject({ rows: n, errorCount: 0, total: n, counts: { added: n } });
    const { job: done, calls } = await applyAll(job.jobId);
    expect(calls).toBe(n / APPLY_CHUNK);
    expect(done).toMatchObject({ status: 'done', applied: n, chunks: n / APPLY_CHUNK });
    expect(await count('roster', { studentNo: app.db.command.gte('30100000') })).toBe(n);
  }, 900_000);
});
