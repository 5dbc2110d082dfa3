import ExcelJS from 'exceljs';
import { categoryLabels, type VolunteerCategory, type volunteerContract } from '../../../src/shared/contract/volunteer';
import { termOf } from '../../../src/shared/domain/term';
import { audit } from '../../_common/audit';
import { Collections } from '../../_common/collections';
import type { VolunteerEntryDoc } from '../../_common/docs';
import { entriesRepo } from '../../_common/repositories/entries';
import { memberHoursRepo } from '../../_common/repositories/member-hours';
import { rosterRepo } from '../../_common/repositories/roster';
import { usersRepo } from '../../_common/repositories/users';
import { ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { buildingScope } from '../../_common/scope';
import { storeExport } from './export-file';

/** The columns a 第二课堂 transcript or a 转正 dossier needs. */
export const EXPORT_HEADERS = ['姓名', '学号', '支部', '日期', '活动', '类别', '时长（小时）', '认定方式', '审核人'] as const;
export const VERIFIED_LABEL = '活动签到核实';
export const SELF_REPORTED_LABEL = '本人申报';

export async function hoursWorkbook(entries: VolunteerEntryDoc[], studentNos: Map<string, string>, reviewers: Map<string, string>, title: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '社区党建';
  const sheet = book.addWorksheet('志愿服务时长');
  sheet.columns = EXPORT_HEADERS.map((header, i) => ({ header, width: [10, 14, 20, 12, 28, 16, 12, 14, 10][i] }));
  sheet.getRow(1).font = { bold: true };
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
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  book.title = title;
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * A term's approved hours (counselor: their buildings; admin: all) as .xlsx in storage under
 * `exports/<openid>/` (export-file.ts: only the creator gets a URL; deleted after download or a day). Student numbers come from the roster: the reader is authorised, and the export is
 * audited.
 */
export const exportHours: Handler<typeof volunteerContract.exportHours> = async ({ termKey }, ctx) => {
  const me = await ctx.actor();
  const scope = buildingScope(me);
  const key = termKey ?? termOf(ctx.now).key;
  const entries = await entriesRepo.approvedInTerm(key, scope);

  const members = await memberHoursRepo.rosterLinks([...new Set(entries.map((e) => e.memberId))]);
  const roster = new Map((await rosterRepo.byIds([...new Set(members.map((m) => m.rosterId))])).map((r) => [r._id, r.studentNo]));
  const studentNos = new Map(members.flatMap((m) => (roster.has(m.rosterId) ? [[m._id, roster.get(m.rosterId)!] as const] : [])));
  const reviewers = new Map((await usersRepo.byIds([...new Set(entries.flatMap((e) => (e.reviewedBy ? [e.reviewedBy] : [])))])).map((u) => [u._id, u.name ?? '']));

  const file = await hoursWorkbook(entries, studentNos, reviewers, `${key} 志愿服务时长`);
  const { fileID, url } = await storeExport(file, `volunteer-hours-${key}`, ctx);
  await audit(
    {
      actorOpenid: ctx.caller.openid,
      actorRole: me.role,
      action: 'volunteer.exportHours',
      target: { collection: Collections.volunteerEntries, id: `term:${key}` },
      before: null,
      after: { termKey: key, rows: entries.length, fileID, buildings: scope.all ? 'all' : scope.ids },
    },
    ctx.now,
  );
  return ok({ fileID, rows: entries.length, url });
};
