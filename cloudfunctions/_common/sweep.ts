import { activitiesRepo } from './repositories/activities';
import { exportsRepo, fileDeletionsRepo } from './repositories/files';
import { rateLimitsRepo } from './repositories/rate-limits';
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
export async function sweepExpired(now: Date): Promise<{ rateLimits: number; activityCodes: number; exports: number; fileDeletions: number }> {
  const before = new Date(now.getTime() - SWEEP_GRACE_MS);
  const [rateLimits, activityCodes] = await Promise.all([rateLimitsRepo.removeExpired(before), activitiesRepo.removeCodesExpiredBefore(before)]);
  return {
    rateLimits,
    activityCodes,
    exports: await sweepExports(now),
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

/** Storage deletions that failed after their database change (photos replaced, consent withdrawn). */
async function retryFileDeletions(): Promise<number> {
  const pending = await fileDeletionsRepo.pending(FILE_BATCH);
  if (pending.length === 0) return 0;
  const gone = new Set(await deleteFiles(pending.map((p) => p.fileID)));
  const done = pending.filter((p) => gone.has(p.fileID)).map((p) => p._id);
  await fileDeletionsRepo.done(done);
  return done.length;
}
