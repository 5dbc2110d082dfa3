import type { AuditEntry } from './audit';
import { newId } from './ids';
import { exportsRepo } from './repositories/files';
import type { ActionContext } from './router';
import { discardFiles, tempUrls, uploadFile } from './storage';

/** An export's download URL lives ten minutes; the file itself at most a day (the nightly sweep, _common/sweep.ts). */
export const EXPORT_URL_SECONDS = 600;

/**
 * The upload, asked once more when the connection was reset before any answer: after seconds of
 * rendering (a PDF) the SDK's kept-alive socket may be one the server has closed meanwhile. The same
 * path is written again, so a retry never makes a second file.
 */
async function uploadOnce(cloudPath: string, file: Buffer): Promise<string> {
  try {
    return await uploadFile(cloudPath, file);
  } catch (err) {
    if ((err as { code?: string }).code !== 'ECONNRESET') throw err;
    return uploadFile(cloudPath, file);
  }
}

/** What the export's audit record says; `fileID` is added once the file is stored. */
export type ExportAudit = Omit<AuditEntry, 'after'> & { after: Record<string, unknown> };

/**
 * Stores a file made for its caller (a spreadsheet, the printed door cards) under
 * `exports/<creator's openid>/` and records it, then hands the creator a short-lived URL. The
 * storage rules give no client a read of it (the server wrote it, so it has no client owner): this
 * URL is the only way in, and only the creator gets it.
 * An upload cannot join a database transaction, so the audit record commits with the export's own
 * record, after the upload: no export is recorded (nor served, nor swept) without its audit. If that
 * transaction fails, the uploaded file is deleted again (or left to the sweep's retry list).
 * Null: the record lost to contention (the file is gone again).
 */
export async function storeExportFile(
  file: Buffer,
  name: string,
  ext: 'xlsx' | 'pdf' | 'json',
  ctx: ActionContext,
  audit: ExportAudit,
): Promise<{ fileID: string; url: string } | null> {
  const stamp = ctx.now.toISOString().replace(/\D/g, '').slice(0, 14);
  const fileID = await uploadOnce(`exports/${ctx.caller.openid}/${name}-${stamp}-${newId().slice(0, 8)}.${ext}`, file);
  let recorded: boolean;
  try {
    recorded = (
      await exportsRepo.create(
        { _id: newId(), fileID, creatorOpenid: ctx.caller.openid, createdAt: ctx.now },
        { ...audit, after: { ...audit.after, fileID } },
      )
    ).ok;
  } catch (err) {
    await discardFiles([fileID], audit.action, ctx.now).catch(() => undefined);
    throw err;
  }
  if (!recorded) {
    await discardFiles([fileID], audit.action, ctx.now);
    return null;
  }
  const url = (await tempUrls([fileID], EXPORT_URL_SECONDS)).get(fileID);
  if (!url) throw new Error(`export ${fileID} has no download URL`);
  return { fileID, url };
}
