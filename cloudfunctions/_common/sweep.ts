import { Collections } from './collections';
import { database } from './sdk';

/** Kept an hour past expiry, so nothing still in use (a code just shown, a window just closed) goes. */
export const SWEEP_GRACE_MS = 60 * 60 * 1000;

/**
 * CloudBase has no TTL: rate-limit buckets (one per user and limit) and rotating activity codes
 * (one every 20 s while a QR shows) would pile up for good. One conditional remove each.
 */
export async function sweepExpired(now: Date): Promise<{ rateLimits: number; activityCodes: number }> {
  const _ = database().command;
  const before = new Date(now.getTime() - SWEEP_GRACE_MS);
  const [limits, codes] = await Promise.all([
    // A bucket full again before `before` is the same as no bucket; `windowEnds`: counters of the old fixed windows.
    database().collection(Collections.rateLimits).where(_.or([{ refilledAt: _.lt(before.getTime()) }, { windowEnds: _.lt(before) }])).remove(),
    database().collection(Collections.activityCodes).where({ expiresAt: _.lt(before) }).remove(),
  ]);
  return { rateLimits: limits.deleted as number, activityCodes: codes.deleted as number };
}
