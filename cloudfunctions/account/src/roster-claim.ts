import type { RosterDoc } from '../../_common/docs';

/** Longer than the function's timeout (config.json: 10 s), so a claim still being completed is never taken. */
export const CLAIM_GRACE_MS = 60_000;

/**
 * Whether a roster entry's claim is old enough to be taken over once its user is found not to exist.
 * Binds and unbinds are now one transaction each, so such a claim comes only from data written before
 * (a bind or unbind then could be cut off between its writes); it must not lock the entry for good.
 */
export function claimIsStale(entry: Pick<RosterDoc, 'boundAt'>, now: Date): boolean {
  const claimedAt = entry.boundAt ? new Date(entry.boundAt).getTime() : 0;
  return now.getTime() - claimedAt >= CLAIM_GRACE_MS;
}
