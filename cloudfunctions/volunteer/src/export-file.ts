import type { volunteerContract } from '../../../src/shared/contract/volunteer';
import { storeExportFile, type ExportAudit } from '../../_common/exports';
import { exportsRepo } from '../../_common/repositories/files';
import { fail, ok } from '../../_common/result';
import type { ActionContext, Handler } from '../../_common/router';
import { discardFiles } from '../../_common/storage';

export { EXPORT_URL_SECONDS, type ExportAudit } from '../../_common/exports';

/** A spreadsheet export: stored, recorded and audited as every export is (_common/exports.ts). */
export function storeExport(file: Buffer, name: string, ctx: ActionContext, audit: ExportAudit): Promise<{ fileID: string; url: string } | null> {
  return storeExportFile(file, name, 'xlsx', ctx, audit);
}

/** The creator has downloaded the export: it is deleted now rather than at the nightly sweep. */
export const finishExport: Handler<typeof volunteerContract.finishExport> = async ({ fileID }, ctx) => {
  const record = await exportsRepo.ownByFileId(fileID, ctx.caller.openid);
  if (!record) return fail('NOT_FOUND', '没有找到这份导出文件');
  await discardFiles([record.fileID], 'volunteer.finishExport', ctx.now);
  await exportsRepo.remove([record._id]);
  return ok({ done: true as const });
};
