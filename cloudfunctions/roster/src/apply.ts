import type { rosterContract } from '../../../src/shared/contract/roster';
import { applyChunkOf, rosterImportsRepo } from '../../_common/repositories/roster-imports';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { jobView } from './job-view';
import { FILES_SWEPT, loadPlan } from './plan-file';

/**
 * Writes the next chunk of a previewed job: at most `applyChunkOf(kind)` changes, one transaction with the
 * job's progress and an audit record per change. A finished job answers its summary and writes
 * nothing; a call that races another for the same chunk answers the winner's progress.
 */
export const apply: Handler<typeof rosterContract.apply> = async ({ jobId }, ctx) => {
  const me = await ctx.actor();
  const job = await rosterImportsRepo.jobById(jobId);
  if (!job) return fail('NOT_FOUND', '没有找到这次导入，请重新上传文件预览');
  if (job.errorCount > 0) return fail('INVALID_STATE', `文件有${job.errorCount}行错误，请修改后重新上传预览，无误后才能导入`);
  if (job.status === 'done') return ok(jobView(job));
  if (job.filesDeletedAt) return fail('INVALID_STATE', FILES_SWEPT);
  const plan = await loadPlan(job);
  if (!plan) return fail('INVALID_STATE', '这次导入的计划文件已不在，请重新上传文件预览');
  const chunk = plan.slice(job.applied, job.applied + applyChunkOf(job.kind));
  const result = await rosterImportsRepo.applyChunk(jobId, job.applied, chunk, { actorOpenid: ctx.caller.openid, actorRole: me.role }, ctx.now);
  if (!result.ok) {
    if (result.code === 'NOT_FOUND') return fail('NOT_FOUND', '没有找到这次导入，请重新上传文件预览');
    if (result.code === 'STALE') return fail('CONFLICT', '预览之后名单已被修改，请重新上传文件预览');
    return fail('CONFLICT');
  }
  return ok(jobView(result.value));
};
