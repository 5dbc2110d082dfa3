import type { volunteerContract } from '../../../src/shared/contract/volunteer';
import { exportsRepo } from '../../_common/repositories/files';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { discardFiles } from '../../_common/storage';

// Shared with the star tally and the my-data copy (account.myData): the mechanism lives in _common.
export { EXPORT_URL_SECONDS, storeExport, type ExportAudit } from '../../_common/export-store';

/** The creator has downloaded the export: it is deleted now rather than at the nightly sweep. */
export const finishExport: Handler<typeof volunteerContract.finishExport> = async ({ fileID }, ctx) => {
  const record = await exportsRepo.ownByFileId(fileID, ctx.caller.openid);
  if (!record) return fail('NOT_FOUND', '没有找到这份导出文件');
  await discardFiles([record.fileID], 'volunteer.finishExport', ctx.now);
  await exportsRepo.remove([record._id]);
  return ok({ done: true as const });
};
