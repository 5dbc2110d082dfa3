import type { rosterContract } from '../../../src/shared/contract/roster';
import { PAGE_LIMIT_DEFAULT } from '../../../src/shared/contract/common';
import { rosterImportsRepo, type ChangeDoc } from '../../_common/repositories/roster-imports';
import { FILES_SWEPT, loadPlan } from './plan-file';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';

/** The diff, page by page in file order (one kind, when asked), from the job's plan file; the cursor is the last line's seq. */
export const changes: Handler<typeof rosterContract.changes> = async ({ jobId, kind, cursor, limit = PAGE_LIMIT_DEFAULT }, _ctx) => {
  let after = -1;
  if (cursor !== undefined) {
    if (!/^\d{1,7}$/.test(cursor)) return fail('INVALID_INPUT', '翻页位置无效，请从第一页重新查看');
    after = Number(cursor);
  }
  const job = await rosterImportsRepo.jobById(jobId);
  if (!job) return fail('NOT_FOUND', '没有找到这次导入，请重新上传文件预览');
  if (job.filesDeletedAt) return fail('NOT_FOUND', FILES_SWEPT);
  const plan = await loadPlan(job);
  if (!plan) return fail('NOT_FOUND', '这次导入的计划文件已不在，请重新上传文件预览');
  const items: ChangeDoc[] = [];
  let more = false;
  for (let i = after + 1; i < plan.length; i += 1) {
    if (kind && plan[i].kind !== kind) continue;
    if (items.length === limit) {
      more = true;
      break;
    }
    items.push(plan[i]);
  }
  const last = items[items.length - 1];
  return ok({
    items: items.map((c) => ({
      seq: c.seq, kind: c.kind, row: c.row, subject: c.subject, name: c.name, before: c.before,
      // A counselor's new invite code shows once its chunk is written (the admin hands it over).
      after: c.counselor?.target === 'newInvite' && c.seq < job.applied ? { ...c.after, invite: c.counselor.id } : c.after,
    })),
    nextCursor: more && last ? String(last.seq) : null,
  });
};
