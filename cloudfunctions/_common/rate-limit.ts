import {
  admitsUpTo,
  bucketId,
  callInterval,
  rateLimitedMessage,
  retryAfterSeconds,
  type RateLimit,
} from '../../src/shared/domain/rate-limits';
import { rateLimitsRepo } from './repositories/rate-limits';
import { fail, ok, type Result } from './result';

/**
 * A token bucket per bucket and key (src/shared/domain/rate-limits.ts), one small document
 * `{_id: bucket:key, refilledAt}` changed only by conditional writes, so concurrent calls can never
 * take more tokens than there are and an admitted call reads nothing:
 *  1. tokens left but not full: `refilledAt` in (now, admitsUpTo] -> add one interval (a burst: 1 write);
 *  2. no document yet (first call, or swept): insert it (2 writes, as many as a fixed window took);
 *  3. the insert finds the `_id` taken: full (idle) if `refilledAt` <= now -> set to now + one
 *     interval; else `refilledAt` is past `now` for good (it only ever grows), so 1 decides, once more.
 * Only a refused call reads the document, to say when to retry.
 */
export async function consume(limit: RateLimit, key: string, now: Date): Promise<Result<null>> {
  return (await takeToken(limit, key, now)) ? ok(null) : refusal(limit, key, now);
}

/**
 * A public limit with a higher one for staff: the caller's role is read only once the public limit
 * refuses, so a public view stays within its reads.
 */
export async function consumePublic(
  limits: { public: RateLimit; staff: RateLimit },
  key: string,
  now: Date,
  roleOf: () => Promise<string>,
): Promise<Result<null>> {
  if (await takeToken(limits.public, key, now)) return ok(null);
  const role = await roleOf();
  return role === 'counselor' || role === 'admin' ? consume(limits.staff, key, now) : refusal(limits.public, key, now);
}

async function takeToken(limit: RateLimit, key: string, now: Date): Promise<boolean> {
  const id = bucketId(limit, key);
  const at = now.getTime();
  const step = callInterval(limit);
  const tokenLeft = async () => (await rateLimitsRepo.takeLeft(id, at, admitsUpTo(limit, now), step)).ok;

  if (await tokenLeft()) return true;
  if ((await rateLimitsRepo.create(id, limit.bucket, at + step)).ok) return true;
  return (await rateLimitsRepo.takeFromFull(id, at, step)).ok || tokenLeft();
}

/** The refused path alone reads the bucket, to say when a token is back. */
async function refusal(limit: RateLimit, key: string, now: Date): Promise<Result<null>> {
  const refilledAt = (await rateLimitsRepo.refilledAt(bucketId(limit, key))) ?? now.getTime() + limit.windowMs;
  const seconds = retryAfterSeconds(limit, refilledAt, now);
  return fail('RATE_LIMITED', rateLimitedMessage(seconds), { retryAfterSeconds: seconds });
}
