import type { volunteerContract } from '../../../src/shared/contract/volunteer';
import type { AuditEntry } from '../../_common/audit';
import { newId } from '../../_common/ids';
import { exportsRepo } from '../../_common/repositories/files';
import { fail, ok } from '../../_common/result';
import type { ActionContext, Handler } from '../../_common/router';
import { discardFiles, tempUrls, uploadFile } from '../../_common/storage';

/** An export's download URL lives ten minutes; the file itself at most a day (the nightly sweep, _common/sweep.ts). */
export const EXPORT_URL_SECONDS = 600;

/** What the export's audit record says; `fileID` is added once the file is stored. */
export type ExportAudit = Omit<AuditEntry, 'after'> & { after: Record<string, unknown> };

/**
 * Stores an export under `exports/<creator's openid>/` and records it, then hands the creator a
 * short-lived URL. The storage rules give no client a read of it (the server wrote it, so it has no
 * client owner): this URL is the only way in, and only the creator gets it.
 * An upload cannot join a database transaction, so the audit record commits with the export's own
 * record, after the upload: no export is recorded (nor served, nor swept) without its audit. If that
 * transaction fails, the uploaded file is deleted again (or left to the sweep's retry list).
 */
export async function storeExport(file: Buffer, name: string, ctx: ActionContext, audit: ExportAudit): Promise<{ fileID: string; url: string } | null> {
  const stamp = ctx.now.toISOString().replace(/\D/g, '').slice(0, 14);
  const fileID = await uploadFile(`exports/${ctx.caller.openid}/${name}-${stamp}-${newId().slice(0, 8)}.xlsx`, file);
  let recorded: boolean;
  try {
    recorded = (
      await exportsRepo.create(
        { _id: newId(), fileID, creatorOpenid: ctx.caller.openid, createdAt: ctx.now },
        { ...audit, after: { ...audit.after, fileID } },
      )
    ).ok;
  } catch (err) {
    await discardFiles([fileID], 'volunteer.exportHours', ctx.now).catch(() => undefined);
    throw err;
  }
  if (!recorded) {
    await discardFiles([fileID], 'volunteer.exportHours', ctx.now);
    return null;
  }
  const url = (await tempUrls([fileID], EXPORT_URL_SECONDS)).get(fileID);
  if (!url) throw new Error(`export ${fileID} has no download URL`);
  return { fileID, url };
}

/** The creator has downloaded the export: it is deleted now rather than at the nightly sweep. */
export const finishExport: Handler<typeof volunteerContract.finishExport> = async ({ fileID }, ctx) => {
  const record = await exportsRepo.ownByFileId(fileID, ctx.caller.openid);
  if (!record) return fail('NOT_FOUND', '没有找到这份导出文件');
  await discardFiles([record.fileID], 'volunteer.finishExport', ctx.now);
  await exportsRepo.remove([record._id]);
  return ok({ done: true as const });
};
