import { activitiesRepo } from './repositories/activities';
import { exportsRepo, fileDeletionsRepo } from './repositories/files';
import { rateLimitsRepo } from './repositories/rate-limits';
import { rosterImportsRepo } from './repositories/roster-imports';
import { IMPORT_FILES_LIFE_DAYS } from '../../src/shared/domain/roster-import';
import { deleteFiles } from './storage';

/** Kept an hour past expiry, so nothing still in use (a code just shown, a window just closed) goes. */
export const SWEEP_GRACE_MS = 60 * 60 * 1000;
/** An export (student numbers) lives at most a day when its creator never confirms the download. */
export const EXPORT_LIFE_MS = 24 * 60 * 60 * 1000;
const FILE_BATCH = 100;

/**
 * CloudBase has no TTL: rate-limit buckets (one per user and limit) and rotating activity codes
 * (one every 20 s while a QR shows) would pile up for good. One conditional remove each.
 */
export async function sweepExpired(now: Date): Promise<{ rateLimits: number; activityCodes: number; exports: number; importFiles: number; fileDeletions: number }> {
  const before = new Date(now.getTime() - SWEEP_GRACE_MS);
  const [rateLimits, activityCodes] = await Promise.all([rateLimitsRepo.removeExpired(before), activitiesRepo.removeCodesExpiredBefore(before)]);
  return {
    rateLimits,
    activityCodes,
    exports: await sweepExports(now),
    importFiles: await sweepImportFiles(now),
    fileDeletions: await retryFileDeletions(),
  };
}

/** Exports older than a day: files first, then the records of those gone (a failed delete is tried again next night). */
async function sweepExports(now: Date): Promise<number> {
  const old = await exportsRepo.olderThan(new Date(now.getTime() - EXPORT_LIFE_MS), FILE_BATCH);
  if (old.length === 0) return 0;
  const gone = new Set(await deleteFiles(old.map((e) => e.fileID)));
  return exportsRepo.remove(old.filter((e) => gone.has(e.fileID)).map((e) => e._id));
}

/**
 * Roster import files (the uploaded sheet and the plan: names, student numbers, phones) older than
 * IMPORT_FILES_LIFE_DAYS: both files first, then the job is marked (a failed delete is tried again next night).
 */
async function sweepImportFiles(now: Date): Promise<number> {
  const old = await rosterImportsRepo.filesOlderThan(new Date(now.getTime() - IMPORT_FILES_LIFE_DAYS * 24 * 60 * 60 * 1000), FILE_BATCH / 2);
  if (old.length === 0) return 0;
  const filesOf = (j: (typeof old)[number]) => [j.fileID, j.planFileID].filter((f) => !!f);
  const gone = new Set(await deleteFiles(old.flatMap(filesOf)));
  return rosterImportsRepo.markFilesDeleted(old.filter((j) => filesOf(j).every((f) => gone.has(f))).map((j) => j._id), now);
}

/** Storage deletions that failed after their database change (photos replaced, consent withdrawn). */
async function retryFileDeletions(): Promise<number> {
  const pending = await fileDeletionsRepo.pending(FILE_BATCH);
  if (pending.length === 0) return 0;
  const gone = new Set(await deleteFiles(pending.map((p) => p.fileID)));
  const done = pending.filter((p) => gone.has(p.fileID)).map((p) => p._id);
  await fileDeletionsRepo.done(done);
  return done.length;
}
