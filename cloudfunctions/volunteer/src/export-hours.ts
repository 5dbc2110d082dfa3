import ExcelJS from 'exceljs';
import { categoryLabels, type VolunteerCategory, type volunteerContract } from '../../../src/shared/contract/volunteer';
import { exportRangeOf } from '../../../src/shared/domain/export-range';
import { cstDate, HOURS_TARGET } from '../../../src/shared/domain/volunteer';
import { memberStatusLabels, type MemberStatus } from '../../../src/shared/model';
import { Collections } from '../../_common/collections';
import type { MemberDoc } from '../../_common/docs';
import { entriesRepo, type ExportEntryDoc } from '../../_common/repositories/entries';
import { MEMBER_PAGE, memberHoursRepo, type MemberHoursDoc } from '../../_common/repositories/member-hours';
import { rosterRepo } from '../../_common/repositories/roster';
import { usersRepo } from '../../_common/repositories/users';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { buildingScope } from '../../_common/scope';
import { storeExport } from './export-file';
import { overallTotals, probationOf, termTotals } from './totals';

/** The columns a 第二课堂 transcript or a 转正 dossier needs. */
export const EXPORT_HEADERS = ['姓名', '学号', '支部', '日期', '活动', '类别', '时长（小时）', '认定方式', '审核人'] as const;
export const VERIFIED_LABEL = '活动签到核实';
export const SELF_REPORTED_LABEL = '本人申报';

/** Per member: the same pre-aggregated totals the dashboard and the member home read. */
export const MEMBER_SHEET = '党员时长汇总';
export const MEMBER_HEADERS = [
  '姓名', '学号', '支部', '政治面貌',
  '本学期核实（小时）', '本学期自报（小时）', '本学期合计（小时）',
  '累计核实（小时）', '累计自报（小时）', '累计合计（小时）',
  '50小时进度', '转正预计时间',
] as const;

export type ExportMember = MemberHoursDoc & Pick<MemberDoc, 'rosterId'>;

/** The 50-hour status of a probationary member (others: blank). */
export function probationLabel(remaining: number): string {
  return remaining <= 0 ? '已达标' : `还差 ${remaining} 小时`;
}

export function memberRow(m: ExportMember, studentNo: string, termKey: string, now: Date): Array<string | number> {
  const term = termTotals(m, termKey);
  const overall = overallTotals(m);
  const probation = probationOf(m, now);
  return [
    m.name,
    studentNo,
    m.branchName ?? '',
    memberStatusLabels[m.status as MemberStatus] ?? m.status,
    term.verified, term.selfReported, term.total,
    overall.verified, overall.selfReported, overall.total,
    probation ? probationLabel(probation.remaining) : '',
    probation ? cstDate(probation.dueAt) : '',
  ];
}

/** The first row of a cut file: what it holds and how to get the rest. */
export function cutNote(rows: number, rowsTotal: number): string {
  return `注意：符合条件的记录共 ${rowsTotal} 条，本文件只含按日期排在前面的 ${rows} 条。请缩小日期范围（开始、结束日期）分批导出。`;
}

export async function hoursWorkbook(
  entries: ExportEntryDoc[],
  studentNos: Map<string, string>,
  reviewers: Map<string, string>,
  title: string,
  memberRows: Array<Array<string | number>> = [],
  note: string | null = null,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '社区党建';
  const sheet = book.addWorksheet('志愿服务时长');
  sheet.columns = EXPORT_HEADERS.map((header, i) => ({ header, width: [10, 14, 20, 12, 28, 16, 12, 14, 10][i] }));
  sheet.getRow(1).font = { bold: true };
  // A cut file says so above its headers, where whoever opens it reads first.
  if (note) {
    sheet.insertRow(1, [note]);
    sheet.mergeCells(1, 1, 1, EXPORT_HEADERS.length);
    sheet.getRow(1).font = { bold: true, color: { argb: 'FFC00000' } };
  }
  for (const e of entries) {
    sheet.addRow([
      e.memberName,
      studentNos.get(e.memberId) ?? '',
      e.branchName ?? '',
      e.date,
      e.title,
      categoryLabels[e.category as VolunteerCategory] ?? e.category,
      e.approvedHours ?? e.hours,
      e.verified ? VERIFIED_LABEL : SELF_REPORTED_LABEL,
      (e.reviewedBy && reviewers.get(e.reviewedBy)) ?? '',
    ]);
  }
  sheet.views = [{ state: 'frozen', ySplit: note ? 2 : 1 }];

  const perMember = book.addWorksheet(MEMBER_SHEET);
  perMember.columns = MEMBER_HEADERS.map((header, i) => ({ header, width: [10, 14, 20, 10, 12, 12, 12, 12, 12, 12, 14, 14][i] }));
  perMember.getRow(1).font = { bold: true };
  for (const row of memberRows) perMember.addRow(row);
  perMember.views = [{ state: 'frozen', ySplit: 1 }];
  book.title = title;
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Student numbers of some members, from the roster (one read per page of members). */
async function studentNosOf(members: Array<Pick<MemberDoc, '_id' | 'rosterId'>>): Promise<Map<string, string>> {
  const roster = new Map((await rosterRepo.byIds([...new Set(members.map((m) => m.rosterId))])).map((r) => [r._id, r.studentNo]));
  return new Map(members.flatMap((m) => (roster.has(m.rosterId) ? [[m._id, roster.get(m.rosterId)!] as const] : [])));
}

/**
 * A term's approved hours (counselor: their buildings; admin: all), optionally of some service days,
 * as .xlsx in storage under `exports/<openid>/` (export-file.ts: only the creator gets a URL; deleted
 * after download or a day). Student numbers come from the roster: the reader is authorised, and the
 * export is audited. Past EXPORT_LIMIT entries the file is cut, and the reply and the file say so.
 */
export const exportHours: Handler<typeof volunteerContract.exportHours> = async (input, ctx) => {
  const range = exportRangeOf(input, ctx.now);
  if (!range.ok) return fail('INVALID_INPUT', range.message);
  const { termKey: key, from, to } = range.value;
  const me = await ctx.actor();
  const scope = buildingScope(me);
  const { entries, cut } = await entriesRepo.approvedInTerm(key, scope, { from, to });
  const rowsTotal = cut ? await entriesRepo.approvedInTermCount(key, scope, { from, to }) : entries.length;

  // Every member in scope, from the totals the dashboard reads, a bounded page at a time.
  const studentNos = new Map<string, string>();
  const members: Array<{ branch: string; name: string; row: Array<string | number> }> = [];
  for await (const page of memberHoursRepo.pagesInScope(scope)) {
    for (const [id, no] of await studentNosOf(page)) studentNos.set(id, no);
    for (const m of page) members.push({ branch: m.branchName ?? '', name: m.name, row: memberRow(m, studentNos.get(m._id) ?? '', key, ctx.now) });
  }
  members.sort((x, y) => x.branch.localeCompare(y.branch, 'zh') || x.name.localeCompare(y.name, 'zh'));
  // An entry of a member who has since moved out of scope still shows its student number.
  const missing = [...new Set(entries.map((e) => e.memberId))].filter((id) => !studentNos.has(id));
  for (let i = 0; i < missing.length; i += MEMBER_PAGE) {
    for (const [id, no] of await studentNosOf(await memberHoursRepo.rosterLinks(missing.slice(i, i + MEMBER_PAGE)))) studentNos.set(id, no);
  }
  const reviewers = new Map((await usersRepo.byIds([...new Set(entries.flatMap((e) => (e.reviewedBy ? [e.reviewedBy] : [])))])).map((u) => [u._id, u.name ?? '']));

  const days = from || to ? ` ${from ?? ''}至${to ?? ''}` : '';
  const note = cut ? cutNote(entries.length, rowsTotal) : null;
  const file = await hoursWorkbook(entries, studentNos, reviewers, `${key}${days} 志愿服务时长`, members.map((m) => m.row), note);
  const stored = await storeExport(file, `volunteer-hours-${key}`, ctx, {
    actorOpenid: ctx.caller.openid,
    actorRole: me.role,
    action: 'volunteer.exportHours',
    target: { collection: Collections.volunteerEntries, id: `term:${key}` },
    before: null,
    after: { termKey: key, from: from ?? null, to: to ?? null, rows: entries.length, rowsTotal, truncated: cut, members: members.length, buildings: scope.all ? 'all' : scope.ids },
  });
  if (!stored) return fail('CONFLICT');
  return ok({ fileID: stored.fileID, rows: entries.length, truncated: cut, rowsTotal, url: stored.url });
};
