import { rosterRepo, type RosterEntry } from '../../_common/repositories/roster';
import { usersRepo } from '../../_common/repositories/users';

/** Longer than the function's timeout (config.json: 10 s), so a claim still being completed is never taken. */
export const CLAIM_GRACE_MS = 60_000;

/**
 * Claims a roster entry for a new user with a conditional update. An entry held by a user who does
 * not exist (a bind or unbind cut off between its writes) would otherwise stay locked for good: once
 * the claim is old, it is taken over, again conditionally on that same stale holder.
 */
export async function claimEntry(entry: RosterEntry, userId: string, now: Date): Promise<boolean> {
  if (!entry.boundUserId) return rosterRepo.claim(entry._id, userId, now);
  const claimedAt = entry.boundAt ? new Date(entry.boundAt).getTime() : 0;
  if (now.getTime() - claimedAt < CLAIM_GRACE_MS) return false;
  if (await usersRepo.byId(entry.boundUserId)) return false;
  return rosterRepo.claim(entry._id, userId, now, entry.boundUserId);
}
