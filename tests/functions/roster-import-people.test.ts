import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { InviteDoc, MemberDoc, RosterDoc } from '../../cloudfunctions/_common/docs';
import type { DevelopPersonDoc, DevelopStepDoc } from '../../cloudfunctions/_common/repositories/develop-records';
import { APPLY_CHUNK, MEMBER_APPLY_CHUNK } from '../../cloudfunctions/_common/repositories/roster-imports';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';
import { sdkFor } from '../../emulator/test/helpers';
import { importMemberId, importStepId } from '../../src/shared/domain/roster-import-plan';
import { auditOf, docOf, findDocs } from './account-seed';
import { buildBuilding, buildMember, buildRoom, buildRoster, buildUser, plaqueFor } from './builders';
import { startApp, type App } from './harness';
import { importCalls } from './roster-import-calls';
import { expectIndexServed } from './index-served';

/**
 * Issue 12 point 2, the kinds 党员 and 辅导员 through the real function and the local CloudBase:
 * messy .xlsx and GBK .csv give the expected diff and row errors; the fixed file applies, audited,
 * and the same file again changes nothing; a stop after a chunk resumes. Members: profiles made or
 * changed, 支部/党小组 by name within the person's building, dates as step records with
 * deterministic ids, status changes only through them. Counselors: found again by 工号 (invite,
 * then the account that redeemed it), phones never shown whole.
 */
let app: App;
const a = buildBuilding({ name: '智园1号楼', floors: 6 });
const b = buildBuilding({ name: '智园2号楼', floors: 6 });
const r301 = buildRoom({ buildingId: a._id, number: '301', floor: 3 });
const rB101 = buildRoom({ buildingId: b._id, number: '101', floor: 1 });
const r302 = buildRoom({ buildingId: a._id, number: '302', floor: 3 });
const branchA = { _id: 'brA-1', buildingId: a._id, name: '智园1号楼党支部' };
const branchA2 = { _id: 'brA-2', buildingId: a._id, name: '智园1号楼第二党支部' };
const closedA = { _id: 'brA-old', buildingId: a._id, name: '智园1号楼旧支部', closedAt: new Date('2026-01-01T00:00:00Z') };
const branchB = { _id: 'brB-1', buildingId: b._id, name: '智园2号楼党支部' };
const groupA3 = { _id: 'grA-3', branchId: branchA._id, buildingId: a._id, floor: 3, name: '智园1号楼3层党小组' };
const inRoom = { buildingId: a._id, roomId: r301._id };
const memberIn = (rosterId: string, o: Partial<MemberDoc>) => buildMember({ rosterId, buildingId: a._id, buildingName: a.name, roomId: r301._id, roomNumber: '301', floor: 3, ...o });

const fresh = buildRoster({ name: '张三', ...inRoom }); // no profile yet, bound
const freshUser = buildUser({ role: 'student', name: '张三', rosterId: fresh._id, buildingId: a._id });
fresh.boundUserId = freshUser._id;
const activist = buildRoster({ name: '李四', ...inRoom, memberStatus: 'activist' });
const activistMember = memberIn(activist._id, { name: '李四', status: 'activist', branchId: branchA._id, branchName: branchA.name });
const activistPerson = { _id: activist._id, name: '李四', buildingId: a._id, roomId: r301._id, roomLabel: '智园1号楼 301', memberId: activistMember._id, stage: 'activist', dates: { applied: '2023-10-08', activist: '2024-03-15' }, updatedAt: new Date('2024-03-15T00:00:00Z') };
const veteran = buildRoster({ name: '王五', ...inRoom, memberStatus: 'full' });
const veteranMember = memberIn(veteran._id, { name: '王五', status: 'full', branchId: branchA._id, branchName: branchA.name, groupId: groupA3._id, groupName: groupA3.name });
const gone = buildRoster({ name: '赵六', ...inRoom, leftAt: new Date('2026-07-01T00:00:00Z'), leftReason: 'roster' });
const elsewhere = buildRoster({ name: '钱七', buildingId: b._id, roomId: rB101._id });
const probationer = buildRoster({ name: '孙八', ...inRoom, memberStatus: 'probationary' });
const probationerMember = memberIn(probationer._id, { name: '孙八', status: 'probationary', branchId: branchA._id, branchName: branchA.name });
const undated = buildRoster({ name: '周九', ...inRoom });
const dated = buildRoster({ name: '吴十', ...inRoom, memberStatus: 'activist' });
const datedMember = memberIn(dated._id, { name: '吴十', status: 'activist', branchId: branchA._id, branchName: branchA.name });
const plain = buildRoster({ name: '郑一', ...inRoom });
const untidy = buildRoster({ name: '冯二', buildingId: a._id, roomId: r302._id }); // their room is flagged 脏乱差
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const datedPerson = { ...activistPerson, _id: dated._id, name: '吴十', memberId: datedMember._id };

const admin = buildUser({ role: 'admin', name: '管理员' });
const counselorT001 = buildUser({ role: 'counselor', name: '张老师', buildingIds: [a._id], staffNo: 'T001' });
const adminT009 = buildUser({ role: 'admin', name: '孙主任', staffNo: 'T009' });
const inviteT002: InviteDoc = {
  _id: 'K7M2P9QX4R', role: 'counselor', buildingIds: [a._id], expiresAt: new Date('2099-01-01T00:00:00Z'), createdBy: admin.openid, createdAt: new Date('2026-11-01T00:00:00Z'),
  usedBy: null, usedAt: null, staffNo: 'T002', name: '李老师', phone: null, importJobId: 'earlier',
};

let files = 0;
async function upload(content: Buffer, ext = 'xlsx'): Promise<string> {
  files += 1;
  return (await sdkFor(app.emu).uploadFile({ cloudPath: `user/${admin.openid}/imports/p${files}.${ext}`, fileContent: content })).fileID as string;
}

async function xlsx(rows: Array<Array<string>>, merge?: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('名单');
  for (const r of rows) sheet.addRow(r);
  if (merge) sheet.mergeCells(merge);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Small files' previews are checked index-served (a 1,000-value `$in` examines a few keys beside each value). */
async function preview(fileID: string, kind: 'members' | 'counselors', full = false, served = true) {
  const reply = await app.call(admin.openid, 'roster', 'preview', { kind, fileID, fileName: 'x', full });
  if (!reply.ok) throw new Error(JSON.stringify(reply.error));
  if (served) expectIndexServed(app, reply.invocationId);
  return reply.data;
}

const { applyAll, allChanges } = importCalls(() => app, admin.openid);

const MEMBER_HEADER = ['学号*', '姓名', '政治面貌', '党支部', '党小组', '入党申请日期', '积极分子', '发展对象', '预备党员', '转正'];

beforeAll(async () => {
  app = await startApp();
  await app.insert('communities', { _id: a.communityId, name: a.communityName });
  await app.insert('buildings', [a, b]);
  await app.insert('rooms', [r301, rB101, r302]);
  await app.insert('inspections_rooms', { _id: r302._id, buildingId: a._id, floor: 3, roomLabel: '智园1号楼 302', flagged: true, flaggedAt: new Date('2026-11-20T02:00:00Z'), deadline: new Date('2026-12-20T02:00:00Z'), flaggedBy: 'u-x', flaggedByName: '检查员', flagInspectionId: 'i-1', lastInspectionId: 'i-1', lastRating: null });
  await app.insert('plaques', [plaqueFor(r301, a), plaqueFor(rB101, b)]);
  await app.insert('branches', [branchA, branchA2, closedA, branchB]);
  await app.insert('groups', groupA3);
  await app.insert('roster', [fresh, activist, veteran, gone, elsewhere, probationer, undated, dated, plain, untidy]);
  await app.insert('members', [activistMember, veteranMember, probationerMember, datedMember]);
  await app.insert('develop_people', [activistPerson, datedPerson]);
  await app.insert('users', [admin, freshUser, counselorT001, adminT009]);
  await app.insert('invites', inviteT002);
}, 60_000);
afterAll(() => app?.stop());

describe('templates', () => {
  it('are .xlsx files with the Chinese headers of 党员 and 辅导员, required ones marked', async () => {
    for (const [kind, headers] of [
      ['members', ['学号*', '姓名', '政治面貌*', '支部', '党小组', '入党申请', '积极分子', '发展对象', '预备党员', '转正']],
      ['counselors', ['工号*', '姓名*', '手机', '负责楼栋*']],
    ] as const) {
      const reply = await app.call(admin.openid, 'roster', 'template', { kind });
      if (!reply.ok) throw new Error(JSON.stringify(reply.error));
      const bytes = (await sdkFor(app.emu).downloadFile({ fileID: reply.data.fileID })).fileContent as Buffer;
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
      expect((book.worksheets[0].getRow(1).values as string[]).slice(1)).toEqual(headers);
    }
  });
});

describe('党员: a messy .xlsx', () => {
  const good = [
    [`${fullWidth(fresh.studentNo.slice(0, 4))} ${fresh.studentNo.slice(4)}`, ' 张 三 ', '中共预备党员', '智园1号楼党支部 ', '智园1号楼3层党小组', '2023/10/8', '2024.3.15', '2025年3月20日', '20250618', ''], // row 4
    [activist.studentNo, '李四', '发展对象', '', '', '2023-10-08', '2024-03-15', '2025-03-20', '', ''], // row 5
    [veteran.studentNo, '', '党员', '智园1号楼第二党支部', '', '', '', '', '', ''], // row 6
  ];
  const bad = [
    [gone.studentNo, '', '积极分子', '', '', '', '2024-03-01', '', '', ''], // row 8: left
    ['20269999', '', '积极分子', '', '', '', '2024-03-01', '', '', ''], // row 9: not on the roster
    [elsewhere.studentNo, '', '积极分子', '智园1号楼党支部', '', '', '2024-03-01', '', '', ''], // row 10: another building's branch
    [probationer.studentNo, '', '积极分子', '', '', '', '', '', '', ''], // row 11: downgrade
    [undated.studentNo, '', '积极分子', '', '', '', '', '', '', ''], // row 12: status without its date
    [dated.studentNo, '', '积极分子', '', '', '', '2024-03-16', '', '', ''], // row 13: another date than stored
    [plain.studentNo, '郑一', '积极分子', '智园1号楼旧支部', '', '', '2024-03-01', '', '', ''], // row 14: a closed branch
  ];

  it('refuses by row with Chinese messages, shows the diff before and after, and writes nothing but the job', async () => {
    const rows = [['2026年党员名单'], [], MEMBER_HEADER, ...good, good[0], ...bad];
    const job = await preview(await upload(await xlsx(rows, 'A1:J1')), 'members');
    expect(job).toMatchObject({ kind: 'members', headerRow: 3, collapsed: 1, status: 'previewed' });
    expect(job.errors).toEqual([
      { row: 8, message: `学号${gone.studentNo}（赵六）已标记离校，不能导入为党员` },
      { row: 9, message: '学号20269999不在学生名单中，请先导入学生名单' },
      { row: 10, message: '支部“智园1号楼党支部”不在智园2号楼（钱七所住楼栋）已建立的支部中，请核对名称或先在组织管理中建立' },
      { row: 11, message: '孙八在系统中是“预备党员”，文件中是“入党积极分子”；降低政治面貌须在发展记录中撤回相应步骤并写明原因' },
      { row: 12, message: '政治面貌由“（无）”变为“入党积极分子”，请填写“积极分子”日期（状态变化记入发展记录）' },
      { row: 13, message: '积极分子日期在系统中是2024-03-15，文件中是2024-03-16；更正日期请在发展记录中办理并写明原因' },
      { row: 14, message: '支部“智园1号楼旧支部”不在智园1号楼（郑一所住楼栋）已建立的支部中，请核对名称或先在组织管理中建立' },
    ]);
    expect(job.counts).toMatchObject({ added: 1, changed: 2, unchanged: 0 });
    const diff = await allChanges(job.jobId);
    expect(diff.map((c) => [c.kind, c.row, c.subject, c.name, c.before, c.after])).toEqual([
      ['added', 4, fresh.studentNo, '张三', null, { status: '预备党员', branch: '智园1号楼党支部', group: '智园1号楼3层党小组', step_applied: '2023-10-08', step_activist: '2024-03-15', step_candidate: '2025-03-20', step_probationary: '2025-06-18' }],
      ['changed', 5, activist.studentNo, '李四', { status: '入党积极分子', step_candidate: '' }, { status: '发展对象', step_candidate: '2025-03-20' }],
      ['changed', 6, veteran.studentNo, '王五', { branch: '智园1号楼党支部', group: '智园1号楼3层党小组' }, { branch: '智园1号楼第二党支部', group: '' }],
    ]);
    expect(await docOf(app, 'members', importMemberId(fresh._id))).toBeNull();
    expect(await findDocs(app, 'develop_steps', {})).toEqual([]);
    expect(await app.call(admin.openid, 'roster', 'apply', { jobId: job.jobId })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '文件有7行错误，请修改后重新上传预览，无误后才能导入' } });
  });

  it('applies the fixed file through the development records, audited, and the same file again changes nothing', async () => {
    const fileID = await upload(await xlsx([['2026年党员名单'], MEMBER_HEADER, ...good]));
    const job = await preview(fileID, 'members');
    expect(job).toMatchObject({ errors: [], counts: { added: 1, changed: 2 } });
    const { job: done, calls } = await applyAll(job.jobId);
    expect(calls).toBe(1);
    expect(done).toMatchObject({ status: 'done', applied: 3, total: 3 });

    // A new profile: status, branch and group; the bound student's account becomes the member's.
    const made = await docOf<MemberDoc>(app, 'members', importMemberId(fresh._id));
    expect(made).toMatchObject({ rosterId: fresh._id, userId: freshUser._id, name: '张三', status: 'probationary', branchId: branchA._id, groupId: groupA3._id, roomId: r301._id, roomNumber: '301', floor: 3, consent: { public: false } });
    expect(new Date(made!.probationStartedAt!).toISOString()).toBe('2025-06-17T16:00:00.000Z');
    expect(await docOf<UserDoc>(app, 'users', freshUser._id)).toMatchObject({ role: 'member', memberId: made!._id });
    expect(await docOf<RosterDoc>(app, 'roster', fresh._id)).toMatchObject({ memberStatus: 'probationary' });
    expect(await docOf<DevelopPersonDoc>(app, 'develop_people', fresh._id)).toMatchObject({ stage: 'probationary', memberId: made!._id, roomLabel: '智园1号楼 301', dates: { applied: '2023-10-08', activist: '2024-03-15', candidate: '2025-03-20', probationary: '2025-06-18' } });
    const steps = await findDocs<DevelopStepDoc>(app, 'develop_steps', { rosterId: fresh._id });
    expect(steps.map((s) => [s._id, s.kind, s.stage, s.date]).sort()).toEqual(
      (['applied', 'activist', 'candidate', 'probationary'] as const).map((s, i) => [importStepId(fresh._id, s), 'step', s, ['2023-10-08', '2024-03-15', '2025-03-20', '2025-06-18'][i]]).sort(),
    );

    // A status change is a step on the timeline, never an overwrite: the stored dates stay.
    expect(await docOf<MemberDoc>(app, 'members', activistMember._id)).toMatchObject({ status: 'candidate', branchId: branchA._id });
    expect(await docOf<DevelopPersonDoc>(app, 'develop_people', activist._id)).toMatchObject({ stage: 'candidate', dates: { applied: '2023-10-08', activist: '2024-03-15', candidate: '2025-03-20' } });
    expect((await findDocs<DevelopStepDoc>(app, 'develop_steps', { rosterId: activist._id })).map((s) => s._id)).toEqual([importStepId(activist._id, 'candidate')]);
    expect(await docOf<RosterDoc>(app, 'roster', activist._id)).toMatchObject({ memberStatus: 'candidate' });

    // A branch change is a membership record (转入支部) with before and after; the old branch's group goes.
    expect(await docOf<MemberDoc>(app, 'members', veteranMember._id)).toMatchObject({ branchId: branchA2._id, branchName: branchA2.name, groupId: null, groupName: null, status: 'full' });
    const [change] = await findDocs<DevelopStepDoc>(app, 'develop_steps', { rosterId: veteran._id });
    expect(change).toMatchObject({ kind: 'change', stage: 'full', change: { kind: 'transferIn', before: { branchId: branchA._id, groupId: groupA3._id }, after: { branchId: branchA2._id, groupId: null } } });

    // The counselor's timeline shows the imported steps as records.
    const timeline = await app.call(admin.openid, 'develop', 'timeline', { person: { rosterId: fresh._id } });
    expect(timeline.ok && timeline.data.person.stage).toBe('probationary');

    expect(await auditOf(app, 'roster.import.added', made!._id)).toEqual([expect.objectContaining({ actorOpenid: admin.openid, actorRole: 'admin', before: null })]);
    expect(await auditOf(app, 'roster.import.changed', veteranMember._id)).toEqual([expect.objectContaining({ before: { branch: branchA.name, group: groupA3.name }, after: expect.objectContaining({ branch: branchA2.name, group: '' }) })]);

    // Twice: nothing to do, nothing written, no step twice.
    const stepsBefore = (await findDocs(app, 'develop_steps', {})).length;
    const audits = (await findDocs(app, 'audit', {})).length;
    const again = await preview(await upload(await xlsx([MEMBER_HEADER, ...good])), 'members');
    expect(again).toMatchObject({ total: 0, status: 'done', errors: [], counts: { unchanged: 3 } });
    expect(await app.call(admin.openid, 'roster', 'apply', { jobId: job.jobId })).toMatchObject({ ok: true, data: { status: 'done', applied: 3 } });
    expect((await findDocs(app, 'develop_steps', {})).length).toBe(stepsBefore);
    expect((await findDocs(app, 'audit', {})).length).toBe(audits);
  });

  it('refuses a date before a stored one, and a step a counselor withdrew since its import', async () => {
    // 转正 before the stored 预备党员 date.
    const early = await preview(await upload(await xlsx([MEMBER_HEADER, [fresh.studentNo, '', '党员', '', '', '', '', '', '', '2025-01-01']])), 'members');
    expect(early.errors).toEqual([{ row: 2, message: '转正日期2025-01-01早于预备党员日期2025-06-18（含系统中已有的记录）' }]);
    const withdrawn = await app.call(admin.openid, 'develop', 'withdrawStep', { stepId: importStepId(activist._id, 'candidate'), reason: '录入错误' });
    expect(withdrawn.ok).toBe(true);
    const back = await preview(await upload(await xlsx([MEMBER_HEADER, good[1]])), 'members');
    expect(back.errors).toEqual([{ row: 2, message: '李四的“发展对象”此前导入后已在发展记录中撤回，如需恢复请在发展记录中办理' }]);
    // Seed 004's veto: a resident of a 脏乱差 room gets no 发展对象 step by import either (积极分子 is allowed).
    const vetoed = await preview(await upload(await xlsx([MEMBER_HEADER, [untidy.studentNo, '', '发展对象', '', '', '', '2024-03-01', '2025-03-01', '', '']])), 'members');
    expect(vetoed.errors).toEqual([{ row: 2, message: '智园1号楼 302被评为“脏乱差”，整改期限2026-12-20，整改并经其他检查员复查通过前不得发展（一票否决）' }]);
    expect((await preview(await upload(await xlsx([MEMBER_HEADER, [untidy.studentNo, '', '积极分子', '', '', '', '2024-03-01', '', '', '']])), 'members')).errors).toEqual([]);
  });
});

describe('党员: a GBK .csv and a full list', () => {
  it('is decoded, its full-width digits and blanks cleaned; a full list only lists the members it lacks', async () => {
    const csv = `党员名单\r\n${['学号', '政治面貌', '支部', '积极分子'].join(',')}\r\n${['１９９９' + elsewhere.studentNo.slice(4) + ' ', '入党积极分子 ', ' 智园2号楼党支部', '2024年3月5日'].join(',')}\r\n`;
    const bytes = iconv.encode(csv, 'gbk');
    const job = await preview(await upload(bytes, 'csv'), 'members', true);
    expect(job).toMatchObject({ headerRow: 2, errors: [], counts: { added: 1, notListed: 5 } });
    const diff = await allChanges(job.jobId);
    expect(diff[0]).toMatchObject({ kind: 'added', subject: elsewhere.studentNo, after: { status: '入党积极分子', branch: '智园2号楼党支部', step_activist: '2024-03-05' } });
    expect(diff.slice(1).map((c) => [c.kind, c.subject, c.row])).toEqual([activist, veteran, probationer, dated, fresh].map((r) => ['notListed', r.studentNo, null]).sort((x, y) => (x[1]! < y[1]! ? -1 : 1)));
    const members = await findDocs(app, 'members', {});
    await applyAll(job.jobId);
    // Listed, not changed: the members it lacks keep their profiles and statuses.
    expect((await findDocs(app, 'members', {})).length).toBe(members.length + 1);
    expect(await docOf<MemberDoc>(app, 'members', veteranMember._id)).toMatchObject({ status: 'full', branchId: branchA2._id });
    expect(await docOf<MemberDoc>(app, 'members', importMemberId(elsewhere._id))).toMatchObject({ status: 'activist', branchId: branchB._id, buildingId: b._id });
  });
});

describe('党员: chunks', () => {
  it('stops after a chunk and resumes where it stood; the same file again adds nothing', async () => {
    const n = MEMBER_APPLY_CHUNK * 2 + 37;
    const entries = Array.from({ length: n }, (_, i) => buildRoster({ _id: `rsm-${i}`, studentNo: String(40000000 + i), name: `学生${String.fromCharCode(0x4e00 + i)}`, ...inRoom }));
    await app.insert('roster', entries);
    const csv = [['学号', '政治面貌', '支部', '入党申请', '积极分子'].join(','), ...entries.map((e) => [e.studentNo, '积极分子', '智园1号楼党支部', '2024-09-01', '2025-03-01'].join(','))].join('\n');
    const job = await preview(await upload(Buffer.from(csv), 'csv'), 'members', false, false);
    expect(job).toMatchObject({ errors: [], total: n, counts: { added: n } });
    const first = await app.call(admin.openid, 'roster', 'apply', { jobId: job.jobId });
    expect(first.ok ? first.data : first.error).toMatchObject({ status: 'applying', applied: MEMBER_APPLY_CHUNK, chunks: 1 });
    expect(await app.call(admin.openid, 'roster', 'job', { jobId: job.jobId })).toMatchObject({ ok: true, data: { applied: MEMBER_APPLY_CHUNK } });
    const { job: done } = await applyAll(job.jobId);
    expect(done).toMatchObject({ status: 'done', applied: n, chunks: 3 });
    expect((await app.db.collection('members').where({ rosterId: app.db.command.in(entries.map((e) => e._id)) }).count()).total).toBe(n);
    expect((await app.db.collection('develop_steps').where({ rosterId: app.db.command.in(entries.map((e) => e._id)) }).count()).total).toBe(2 * n);
    expect(await preview(await upload(Buffer.from(csv), 'csv'), 'members', false, false)).toMatchObject({ total: 0, counts: { unchanged: n } });
  }, 300_000);
});

describe('辅导员', () => {
  const HEADER = '工号,姓名,手机,负责楼栋';
  const goodRows = ['ｔ００１ ,张老师,,智园1号楼、智园2号楼', 'T002,李老师,138 0013 8000,智园1号楼', 'T003,王老师,+86 13900139000,智园2号楼'];

  it('a GBK .csv: by 工号, phones masked, refusals by row; applied, the new invite shows its code; the same file again changes nothing', async () => {
    const rows = ['2026年辅导员名单', HEADER, ...goodRows, goodRows[2], 'T004,赵老师,12345,智园1号楼', 'T005,钱老师,,智园9号楼', 'T009,孙主任,,智园1号楼'];
    const job = await preview(await upload(iconv.encode(rows.join('\r\n'), 'gbk'), 'csv'), 'counselors');
    expect(job).toMatchObject({ headerRow: 2, collapsed: 1 });
    expect(job.errors).toEqual([
      { row: 7, message: '手机“12345”不是11位手机号' },
      { row: 8, message: '楼栋“智园9号楼”不存在，请核对名称或先导入楼栋与房间' },
      { row: 9, message: '工号T009已属于一个不是辅导员的账号（孙主任），请核对' },
    ]);
    const fixed = await preview(await upload(iconv.encode([HEADER, ...goodRows].join('\r\n'), 'gbk'), 'csv'), 'counselors');
    expect(fixed).toMatchObject({ errors: [], counts: { added: 1, changed: 2 } });
    const diff = await allChanges(fixed.jobId);
    expect(diff.map((c) => [c.kind, c.subject, c.name, c.before, c.after])).toEqual([
      ['changed', 'T001', '张老师', { buildings: '智园1号楼' }, { buildings: '智园1号楼、智园2号楼' }],
      ['changed', 'T002', '李老师', { phone: '' }, { phone: '138****8000' }],
      ['added', 'T003', '王老师', null, { name: '王老师', phone: '139****9000', buildings: '智园2号楼' }],
    ]);
    expect(JSON.stringify(diff)).not.toMatch(/13800138000|13900139000/);

    await applyAll(fixed.jobId);
    expect(await docOf<UserDoc>(app, 'users', counselorT001._id)).toMatchObject({ buildingIds: [a._id, b._id] });
    expect(await docOf<InviteDoc>(app, 'invites', inviteT002._id)).toMatchObject({ phone: '13800138000', usedBy: null });
    const [made] = await findDocs<InviteDoc>(app, 'invites', { staffNo: 'T003' });
    expect(made).toMatchObject({ role: 'counselor', name: '王老师', phone: '13900139000', buildingIds: [b._id], usedBy: null, importJobId: fixed.jobId });
    const shown = await allChanges(fixed.jobId);
    expect(shown[2].after).toEqual({ name: '王老师', phone: '139****9000', buildings: '智园2号楼', invite: made._id });
    const [audit] = await auditOf(app, 'roster.import.added', made._id);
    expect(JSON.stringify(audit)).not.toContain('13900139000');
    expect(await auditOf(app, 'roster.import.changed', counselorT001._id)).toHaveLength(1);

    const again = await preview(await upload(Buffer.from([HEADER, ...goodRows].join('\n')), 'csv'), 'counselors');
    expect(again).toMatchObject({ total: 0, status: 'done', counts: { unchanged: 3 } });

    // The counselor signs in with the code: the account carries the 工号, so the next import finds the account.
    const openid = 'o-new-counselor';
    const redeemed = await app.call(openid, 'account', 'redeemInvite', { code: made._id, name: '王老师' });
    expect(redeemed.ok).toBe(true);
    const [account] = await findDocs<UserDoc>(app, 'users', { openid });
    expect(account).toMatchObject({ role: 'counselor', staffNo: 'T003', buildingIds: [b._id] });
    const moved = await preview(await upload(Buffer.from([HEADER, 'T003,王老师,,智园1号楼'].join('\n')), 'csv'), 'counselors');
    expect((await allChanges(moved.jobId)).map((c) => [c.kind, c.subject, c.before, c.after])).toEqual([['changed', 'T003', { buildings: '智园2号楼' }, { buildings: '智园1号楼' }]]);
    await applyAll(moved.jobId);
    expect(await docOf<UserDoc>(app, 'users', account._id)).toMatchObject({ buildingIds: [a._id] });
    expect(await findDocs(app, 'invites', { staffNo: 'T003', usedBy: null })).toEqual([]);

    // A full list only lists the counselors it lacks.
    const full = await preview(await upload(Buffer.from([HEADER, goodRows[0]].join('\n')), 'csv'), 'counselors', true);
    expect((await allChanges(full.jobId)).map((c) => [c.kind, c.subject])).toEqual([['notListed', 'T003']]);
    await applyAll(full.jobId);
    expect(await docOf<UserDoc>(app, 'users', account._id)).toMatchObject({ role: 'counselor', buildingIds: [a._id] });
  });

  it('a stale preview: an invite redeemed between preview and apply answers CONFLICT and writes nothing', async () => {
    const job = await preview(await upload(Buffer.from([HEADER, 'T002,李老师,13800138001,智园1号楼'].join('\n')), 'csv'), 'counselors');
    expect(job.counts).toMatchObject({ changed: 1 });
    expect((await app.call('o-li', 'account', 'redeemInvite', { code: inviteT002._id, name: '李老师' })).ok).toBe(true);
    expect(await app.call(admin.openid, 'roster', 'apply', { jobId: job.jobId })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '预览之后名单已被修改，请重新上传文件预览' } });
    expect(await docOf<InviteDoc>(app, 'invites', inviteT002._id)).toMatchObject({ phone: '13800138000' });
  });

  it('chunks: stops after one and resumes; the same file again makes no invite', async () => {
    const n = APPLY_CHUNK + 21;
    const csv = [HEADER, ...Array.from({ length: n }, (_, i) => `S${10000 + i},辅导员${String.fromCharCode(0x4e00 + i)},,智园1号楼`)].join('\n');
    const job = await preview(await upload(Buffer.from(csv), 'csv'), 'counselors', false, false);
    expect(job).toMatchObject({ total: n, counts: { added: n } });
    expect(await app.call(admin.openid, 'roster', 'apply', { jobId: job.jobId })).toMatchObject({ ok: true, data: { applied: APPLY_CHUNK, status: 'applying' } });
    const { job: done } = await applyAll(job.jobId);
    expect(done).toMatchObject({ status: 'done', applied: n, chunks: 2 });
    expect((await app.db.collection('invites').where({ importJobId: job.jobId }).count()).total).toBe(n);
    expect(await preview(await upload(Buffer.from(csv), 'csv'), 'counselors', false, false)).toMatchObject({ total: 0, counts: { unchanged: n } });
  }, 300_000);
});
