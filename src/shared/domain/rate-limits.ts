/**
 * How often one WeChat user may do things that could be abused. Plaque and wall views are limited
 * so the school's member list cannot be scraped by scanning codes or paging the wall.
 */
export interface RateLimit {
  bucket: string;
  limit: number;
  windowMs: number;
}

const MINUTE = 60_000;

export const RATE_LIMITS = {
  plaqueView: { bucket: 'plaqueView', limit: 30, windowMs: 10 * MINUTE },
  wallView: { bucket: 'wallView', limit: 20, windowMs: 10 * MINUTE },
  bindAttempt: { bucket: 'bindAttempt', limit: 5, windowMs: 60 * MINUTE },
  inviteAttempt: { bucket: 'inviteAttempt', limit: 5, windowMs: 60 * MINUTE },
  feedback: { bucket: 'feedback', limit: 5, windowMs: 60 * MINUTE },
} satisfies Record<string, RateLimit>;

/** The counter a call falls into: one per bucket, key and fixed window. */
export function windowKey(limit: RateLimit, key: string, now: Date): { id: string; windowEnds: Date } {
  const start = Math.floor(now.getTime() / limit.windowMs) * limit.windowMs;
  return { id: `${limit.bucket}:${key}:${start}`, windowEnds: new Date(start + limit.windowMs) };
}
