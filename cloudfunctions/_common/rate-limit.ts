import {
  admitsUpTo,
  bucketId,
  callInterval,
  leaseFor,
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
  if (spendLeased(limits.public, key, now) || (await leaseTokens(limits.public, key, now)) || (await takeToken(limits.public, key, now))) return ok(null);
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

/**
 * Public views (a student scanning doors) take tokens ahead: one write takes `lease` tokens while the
 * bucket is at least half full, and this function instance spends the rest without a write for one
 * call interval. Every call admitted was taken from the bucket by a conditional write, so the limit
 * holds across instances (leases left unspent are the caller's loss); past half, one token a call as
 * before. The first call of a key this instance has not seen inserts the bucket first: after an hour
 * idle the sweep has removed it, so a single scan costs one write, not a failed update and an insert.
 */
const leases = new Map<string, { tokens: number; until: number }>();
/**
 * Per bucket, a lower bound of its `refilledAt` from this instance's own writes (others only add to
 * it): which write to try first, so a call pays one write where it can. A hint only; the writes decide.
 */
const known = new Map<string, number>();
/** An instance serves many users: past this many keys it forgets them (a forgotten lease is only tokens lost). */
const MEMO_KEYS = 10_000;

function spendLeased(limit: RateLimit, key: string, now: Date): boolean {
  const id = bucketId(limit, key);
  const lease = leases.get(id);
  if (!lease) return false;
  // Spent within its interval only (a clock moved back, in tests, ends it too).
  if (lease.tokens <= 0 || now.getTime() >= lease.until || now.getTime() < lease.until - callInterval(limit)) {
    leases.delete(id);
    return false;
  }
  lease.tokens -= 1;
  return true;
}

async function leaseTokens(limit: RateLimit, key: string, now: Date): Promise<boolean> {
  const lease = leaseFor(limit, now);
  if (!lease) return false;
  const id = bucketId(limit, key);
  const at = now.getTime();
  const span = lease.tokens * callInterval(limit);
  if (leases.size >= MEMO_KEYS) leases.clear();
  if (known.size >= MEMO_KEYS) known.clear();
  const floor = known.get(id);
  // Less than half left for sure: one token a call (takeToken), no lease tried.
  if (floor !== undefined && floor > lease.upTo) return false;
  const taken =
    (floor === undefined && (await rateLimitsRepo.create(id, limit.bucket, at + span)).ok) ||
    (floor !== undefined && floor <= at && (await rateLimitsRepo.takeFromFull(id, at, span)).ok) ||
    (await rateLimitsRepo.takeLeft(id, at, lease.upTo, span)).ok ||
    (floor === undefined && (await rateLimitsRepo.takeFromFull(id, at, span)).ok);
  if (!taken) {
    known.set(id, lease.upTo + 1);
    return false;
  }
  known.set(id, Math.max(floor ?? 0, at) + span);
  leases.set(id, { tokens: lease.tokens - 1, until: at + lease.lastsMs });
  return true;
}

/** The refused path alone reads the bucket, to say when a token is back. */
async function refusal(limit: RateLimit, key: string, now: Date): Promise<Result<null>> {
  const refilledAt = (await rateLimitsRepo.refilledAt(bucketId(limit, key))) ?? now.getTime() + limit.windowMs;
  const seconds = retryAfterSeconds(limit, refilledAt, now);
  return fail('RATE_LIMITED', rateLimitedMessage(seconds), { retryAfterSeconds: seconds });
}
