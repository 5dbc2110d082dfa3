import type { PlannedChange } from '../../../src/shared/domain/roster-import-plan';
import type { ChangeDoc, ImportJobDoc } from '../../_common/repositories/roster-imports';
import { fileBytes, uploadFile } from '../../_common/storage';
import { IMPORT_FILES_LIFE_DAYS } from '../../../src/shared/domain/roster-import';

/** What a job whose files the nightly sweep deleted answers (apply and the diff pages). */
export const FILES_SWEPT = `这次导入的文件含个人信息，已在预览${IMPORT_FILES_LIFE_DAYS}天后删除，请重新上传文件预览`;

/**
 * An import job's plan in storage: written once by the preview, under `imports/<openid>/` (the
 * server's own folder, no client reads it), read by every `changes` page and `apply` chunk.
 */
export async function storePlan(openid: string, jobId: string, planned: PlannedChange[]): Promise<string> {
  const lines: ChangeDoc[] = planned.map((c, seq) => ({ ...c, seq }));
  return uploadFile(`imports/${openid}/${jobId}.plan.json`, Buffer.from(JSON.stringify(lines), 'utf8'));
}

/** The plan, or null when its file is gone (then the job cannot go on: preview again). */
export async function loadPlan(job: Pick<ImportJobDoc, 'planFileID' | 'total'>): Promise<ChangeDoc[] | null> {
  if (job.total === 0) return [];
  const bytes = await fileBytes(job.planFileID);
  return bytes ? (JSON.parse(bytes.toString('utf8')) as ChangeDoc[]) : null;
}
