import type { rosterContract } from '../../../src/shared/contract/roster';
import { isOwnUpload } from '../../../src/shared/domain/photo-path';
import { OPEN_IMPORT_KINDS, readImport, ROW_ERRORS_KEPT, type ChangeKind, type ImportKind, type ImportRecord } from '../../../src/shared/domain/roster-import';
import type { Plan } from '../../../src/shared/domain/roster-import-plan';
import { newId } from '../../_common/ids';
import { rosterImportsRepo, type ImportJobDoc } from '../../_common/repositories/roster-imports';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { fileBytes } from '../../_common/storage';
import { storePlan } from './plan-file';
import { jobView } from './job-view';
import { planCounselorsNow, planMembersNow, planPlacesNow, planStudentsNow } from './plan';
import { readRows } from './read-file';

const PLANNERS: Partial<Record<ImportKind, (records: ImportRecord[], full: boolean, now: Date) => Promise<Plan>>> = {
  students: planStudentsNow,
  places: planPlacesNow,
  members: planMembersNow,
  counselors: planCounselorsNow,
};

/**
 * The dry run: the admin's uploaded file is read, cleaned and compared with what is stored; the
 * diff is kept on a new job (nothing else is written) and its summary answered. The file stays in
 * the admin's folder (the storage rules let only them and the functions read it).
 */
export const preview: Handler<typeof rosterContract.preview> = async ({ kind, fileID, fileName, full }, ctx) => {
  const me = await ctx.actor();
  if (!isOwnUpload(fileID, ctx.caller.openid, 'import')) return fail('FORBIDDEN', '只能导入你自己刚上传的文件');
  const planner = OPEN_IMPORT_KINDS.includes(kind) ? PLANNERS[kind] : undefined;
  if (!planner) return fail('INVALID_INPUT', '这种名单的导入还未开放');
  const bytes = await fileBytes(fileID);
  if (!bytes) return fail('NOT_FOUND', '没有找到上传的文件，请重新上传');
  const sheet = await readRows(bytes);
  if ('error' in sheet) return fail('INVALID_INPUT', sheet.error);
  const parsed = readImport(kind, sheet.rows);
  if ('error' in parsed) return fail('INVALID_INPUT', parsed.error);

  const plan = await planner(parsed.records, full, ctx.now);
  const errors = [...parsed.errors, ...plan.errors].sort((a, b) => a.row - b.row);
  const counts: Record<ChangeKind | 'unchanged', number> = { added: 0, changed: 0, moved: 0, left: 0, roomCreated: 0, buildingCreated: 0, notListed: 0, unchanged: plan.unchanged };
  for (const c of plan.changes) counts[c.kind] += 1;
  const jobId = newId();
  const planFileID = plan.changes.length > 0 ? await storePlan(ctx.caller.openid, jobId, plan.changes) : '';
  const job: ImportJobDoc = {
    _id: jobId,
    planFileID,
    kind,
    full,
    fileID,
    fileName: fileName ?? fileID.split('/').pop()!,
    createdBy: me.user?._id ?? ctx.caller.openid,
    createdAt: ctx.now,
    rows: parsed.records.length + parsed.collapsed.length + parsed.errors.length,
    headerRow: parsed.headerRow,
    collapsed: parsed.collapsed.length,
    errors: errors.slice(0, ROW_ERRORS_KEPT),
    errorCount: errors.length,
    counts,
    total: plan.changes.length,
    applied: 0,
    chunks: 0,
    status: plan.changes.length === 0 && errors.length === 0 ? 'done' : 'previewed',
    finishedAt: null,
  };
  await rosterImportsRepo.saveJob(job);
  return ok(jobView(job));
};
