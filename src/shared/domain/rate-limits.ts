/**
 * How often one WeChat user may do things that could be abused. Plaque and wall views are limited
 * so the school's member list cannot be scraped by scanning codes or paging the wall.
 *
 * Each limit is a token bucket (GCRA form): `limit` calls at once, then one call every
 * `windowMs / limit`, so no `windowMs` span ever admits more than about `limit` calls. A fixed window
 * let 30 scans just before its edge and 30 just after through in seconds. The whole state of a
 * bucket is one instant, `refilledAt`: when it will be full again (at or before `now`: full).
 */
export interface RateLimit {
  bucket: string;
  limit: number;
  windowMs: number;
  /**
   * Public views only: tokens one write takes ahead while the bucket is at least half full, spent by the
   * same function instance without a write for one call interval (`leaseFor`). Never more calls than
   * tokens taken; a lease an instance does not spend is lost to its caller (a stricter limit, never a looser one).
   */
  lease?: number;
}

const MINUTE = 60_000;

export const RATE_LIMITS = {
  plaqueView: { bucket: 'plaqueView', limit: 30, windowMs: 10 * MINUTE, lease: 3 },
  wallView: { bucket: 'wallView', limit: 20, windowMs: 10 * MINUTE, lease: 3 },
  // Counselors and admins walk a building checking printed plaques: their own, higher limits, used
  // only once the public one refuses them (so a public view never reads the caller's role).
  plaqueViewStaff: { bucket: 'plaqueViewStaff', limit: 300, windowMs: 10 * MINUTE },
  wallViewStaff: { bucket: 'wallViewStaff', limit: 100, windowMs: 10 * MINUTE },
  bindAttempt: { bucket: 'bindAttempt', limit: 5, windowMs: 60 * MINUTE },
  inviteAttempt: { bucket: 'inviteAttempt', limit: 5, windowMs: 60 * MINUTE },
  feedback: { bucket: 'feedback', limit: 5, windowMs: 60 * MINUTE },
  visitRecord: { bucket: 'visitRecord', limit: 10, windowMs: 60 * MINUTE },
  // checkin: duty. A member scans a station's code a few times a shift; more is someone trying codes.
  dutyScan: { bucket: 'dutyScan', limit: 10, windowMs: 10 * MINUTE },
  // develop, records: the 公示 on a building's wall is public like the wall (own buckets, so reading
  // notices never eats the wall's); an objection is a written complaint to the counselor, a few an hour.
  noticeView: { bucket: 'noticeView', limit: 20, windowMs: 10 * MINUTE },
  noticeViewStaff: { bucket: 'noticeViewStaff', limit: 100, windowMs: 10 * MINUTE },
  noticeObjection: { bucket: 'noticeObjection', limit: 5, windowMs: 60 * MINUTE },
  // develop: dossier. A branch checks a pile of packs at a meeting; more is someone guessing issue ids.
  dossierVerify: { bucket: 'dossierVerify', limit: 30, windowMs: 10 * MINUTE },
} satisfies Record<string, RateLimit>;

/** The one document per bucket and key. */
export function bucketId(limit: RateLimit, key: string): string {
  return `${limit.bucket}:${key}`;
}

/** Time one call takes to drip back into the bucket. */
export function callInterval(limit: RateLimit): number {
  return limit.windowMs / limit.limit;
}

/** Latest `refilledAt` (ms) at which a call at `now` is still admitted: at least one token left. */
export function admitsUpTo(limit: RateLimit, now: Date): number {
  return now.getTime() + (limit.limit - 1) * callInterval(limit);
}

/**
 * One call against a bucket: admitted or not, and the bucket after it. `refilledAt` null is a bucket
 * never used (or swept): full. The store applies the same rule with conditional writes.
 */
export function takeToken(limit: RateLimit, refilledAt: number | null, now: Date): { admitted: boolean; refilledAt: number } {
  const from = Math.max(refilledAt ?? 0, now.getTime());
  if (refilledAt !== null && refilledAt > admitsUpTo(limit, now)) return { admitted: false, refilledAt };
  return { admitted: true, refilledAt: from + callInterval(limit) };
}

/**
 * How many tokens one write may take for a call at `now`, and the latest `refilledAt` at which it may:
 * `lease` tokens while at least half the bucket would be left after them, else none (one token, as
 * without a lease). A lease lasts one call interval: spent later it could stack on tokens that dripped
 * back meanwhile, so no window admits more than one call beyond the bucket.
 */
export function leaseFor(limit: RateLimit, now: Date): { tokens: number; upTo: number; lastsMs: number } | null {
  const tokens = limit.lease ?? 1;
  const keep = Math.ceil(limit.limit / 2);
  if (tokens < 2 || limit.limit - tokens < keep) return null;
  return { tokens, upTo: now.getTime() + (limit.limit - tokens - keep) * callInterval(limit), lastsMs: callInterval(limit) };
}

/** Whole seconds until a refused caller gets a token again (at least 1). */
export function retryAfterSeconds(limit: RateLimit, refilledAt: number, now: Date): number {
  return Math.max(1, Math.ceil((refilledAt - admitsUpTo(limit, now)) / 1000));
}

/** What a refused caller reads: when to come back, in minutes once it is a minute or more. */
export function rateLimitedMessage(seconds: number): string {
  return seconds >= 60 ? `操作太频繁，请${Math.ceil(seconds / 60)}分钟后再试` : `操作太频繁，请${seconds}秒后再试`;
}
