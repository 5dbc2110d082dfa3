import ExcelJS from 'exceljs';
import { z } from 'zod';
import { categoryLabels, type VolunteerCategory, type volunteerContract } from '../../../src/shared/contract/volunteer';
import { EXPORT_PART_MEMBERS, EXPORT_PART_ROWS, exportRangeOf } from '../../../src/shared/domain/export-range';
import { cstTime } from '../../../src/shared/domain/china-time';
import { isTermKey } from '../../../src/shared/domain/term';
import { cstDate, HOURS_TARGET } from '../../../src/shared/domain/volunteer';
import { memberStatusLabels, type MemberStatus } from '../../../src/shared/model';
import { Collections } from '../../_common/collections';
import type { MemberDoc } from '../../_common/docs';
import { decodeStateCursor, encodeStateCursor } from '../../_common/cursor';
import { entriesRepo, type EntryScope, type ExportEntryDoc } from '../../_common/repositories/entries';
import { MEMBER_PAGE, memberHoursRepo, type MemberHoursDoc } from '../../_common/repositories/member-hours';
import { rosterRepo } from '../../_common/repositories/roster';
import { usersRepo } from '../../_common/repositories/users';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { buildingScope } from '../../_common/scope';
import { termRule } from '../../_common/terms';
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

/** The first row of each sheet of a part, when an export has more than one. */
export function partNote(part: number, rows: number, rowsTotal: number, asOf: Date): string {
  return `第 ${part} 部分：本文件含 ${rows} 条记录（各部分共 ${rowsTotal} 条，截至 ${cstDate(asOf)} ${cstTime(asOf)} 已审核通过的记录），党员时长汇总也分在各部分中。请下载全部部分。`;
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
  // A part says so above its headers, where whoever opens it reads first.
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
  if (note) {
    perMember.insertRow(1, [note]);
    perMember.mergeCells(1, 1, 1, MEMBER_HEADERS.length);
    perMember.getRow(1).font = { bold: true, color: { argb: 'FFC00000' } };
  }
  for (const row of memberRows) perMember.addRow(row);
  perMember.views = [{ state: 'frozen', ySplit: note ? 2 : 1 }];
  book.title = title;
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Student numbers of some members, from the roster (one read per page of members). */
async function studentNosOf(members: Array<Pick<MemberDoc, '_id' | 'rosterId'>>): Promise<Map<string, string>> {
  const roster = new Map((await rosterRepo.byIds([...new Set(members.map((m) => m.rosterId))])).map((r) => [r._id, r.studentNo]));
  return new Map(members.flatMap((m) => (roster.has(m.rosterId) ? [[m._id, roster.get(m.rosterId)!] as const] : [])));
}

/** What the cursor of an export's next part carries: the filters, the snapshot instant, where each sheet ended. */
const ExportState = z.object({
  v: z.literal(1),
  part: z.number().int().min(2).max(100_000),
  termKey: z.string().refine(isTermKey),
  from: z.string().optional(),
  to: z.string().optional(),
  asOf: z.number().int().nonnegative(),
  scope: z.union([z.literal('all'), z.array(z.string()).max(200)]),
  entry: z.object({ date: z.string(), start: z.string(), id: z.string() }).nullable(),
  entriesDone: z.boolean(),
  member: z.string().nullable(),
  membersDone: z.boolean(),
  rowsTotal: z.number().int().nonnegative(),
}).strict();
type ExportState = z.infer<typeof ExportState>;

const scopeKey = (scope: EntryScope): ExportState['scope'] => (scope.all ? 'all' : [...scope.ids].sort());
const sameScope = (a: ExportState['scope'], b: ExportState['scope']) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A term's approved hours (counselor: their buildings; admin: all), optionally of some service days,
 * as .xlsx in storage under `exports/<openid>/` (export-file.ts: only the creator gets a URL; deleted
 * after download or a day), one part per call: at most EXPORT_PART_ROWS entries (by date) and
 * EXPORT_PART_MEMBERS members (by `_id`), so no call nears the function timeout. The first call fixes
 * the filters, the scope and the instant (entries approved after it join no part); its reply's
 * `nextCursor` asks for the next part. Student numbers come from the roster: the reader is
 * authorised, and each part is audited.
 */
export const exportHours: Handler<typeof volunteerContract.exportHours> = async (input, ctx) => {
  const me = await ctx.actor();
  const scope = buildingScope(me);
  let state: ExportState;
  if (input.cursor) {
    const parsed = ExportState.safeParse(decodeStateCursor(input.cursor));
    if (!parsed.success) return fail('INVALID_INPUT', '导出进度无效，请重新导出');
    state = parsed.data;
    if ((input.termKey && input.termKey !== state.termKey) || (input.from && input.from !== state.from) || (input.to && input.to !== state.to)) {
      return fail('INVALID_INPUT', '续导出的学期或日期与第一部分不同，请重新导出');
    }
    if (!sameScope(state.scope, scopeKey(scope))) return fail('INVALID_INPUT', '您负责的楼栋在导出过程中有变化，请重新导出');
  } else {
    const range = exportRangeOf(input, ctx.now, await termRule(ctx.now));
    if (!range.ok) return fail('INVALID_INPUT', range.message);
    state = {
      v: 1, part: 1, ...range.value, asOf: ctx.now.getTime(), scope: scopeKey(scope),
      entry: null, entriesDone: false, member: null, membersDone: false, rowsTotal: 0,
    } as ExportState;
  }
  const { termKey: key, from, to } = state;
  const days = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const asOf = new Date(state.asOf);

  const part = state.entriesDone ? { entries: [], more: false } : await entriesRepo.approvedPart(key, scope, days, asOf, state.entry, EXPORT_PART_ROWS);
  const { entries } = part;
  const people = state.membersDone ? { items: [], more: false } : await memberHoursRepo.partInScope(scope, state.member, EXPORT_PART_MEMBERS);
  const rowsTotal = state.part === 1 ? (part.more ? await entriesRepo.approvedCount(key, scope, days, asOf) : entries.length) : state.rowsTotal;

  // This part's members, from the totals the dashboard reads.
  const studentNos = await studentNosOf(people.items);
  const members = people.items.map((m) => ({ branch: m.branchName ?? '', name: m.name, row: memberRow(m, studentNos.get(m._id) ?? '', key, ctx.now) }));
  members.sort((x, y) => x.branch.localeCompare(y.branch, 'zh') || x.name.localeCompare(y.name, 'zh'));
  // An entry of a member in another part, or who has since moved out of scope, still shows its student number.
  const missing = [...new Set(entries.map((e) => e.memberId))].filter((id) => !studentNos.has(id));
  for (let i = 0; i < missing.length; i += MEMBER_PAGE) {
    for (const [id, no] of await studentNosOf(await memberHoursRepo.rosterLinks(missing.slice(i, i + MEMBER_PAGE)))) studentNos.set(id, no);
  }
  const reviewers = new Map((await usersRepo.byIds([...new Set(entries.flatMap((e) => (e.reviewedBy ? [e.reviewedBy] : [])))])).map((u) => [u._id, u.name ?? '']));

  const last = entries[entries.length - 1];
  const next: ExportState = {
    ...state,
    part: state.part + 1,
    entry: last ? { date: last.date, start: last.start, id: last._id } : state.entry,
    entriesDone: !part.more,
    member: people.items.length > 0 ? people.items[people.items.length - 1]._id : state.member,
    membersDone: !people.more,
    rowsTotal,
  };
  const nextCursor = part.more || people.more ? encodeStateCursor(next) : null;
  const note = state.part > 1 || nextCursor ? partNote(state.part, entries.length, rowsTotal, asOf) : null;
  const dayLabel = from || to ? ` ${from ?? ''}至${to ?? ''}` : '';
  const file = await hoursWorkbook(entries, studentNos, reviewers, `${key}${dayLabel} 志愿服务时长`, members.map((m) => m.row), note);
  const stored = await storeExport(file, `volunteer-hours-${key}${state.part > 1 || nextCursor ? `-part${state.part}` : ''}`, ctx, {
    actorOpenid: ctx.caller.openid,
    actorRole: me.role,
    action: 'volunteer.exportHours',
    target: { collection: Collections.volunteerEntries, id: `term:${key}` },
    before: null,
    after: {
      termKey: key, from: from ?? null, to: to ?? null, part: state.part, last: nextCursor === null, asOf,
      rows: entries.length, rowsTotal, truncated: false, members: members.length, buildings: scope.all ? 'all' : scope.ids,
    },
  });
  if (!stored) return fail('CONFLICT');
  return ok({ fileID: stored.fileID, rows: entries.length, truncated: false, rowsTotal, url: stored.url, part: state.part, members: members.length, nextCursor });
};
