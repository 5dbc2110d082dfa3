import { windowKey, type RateLimit } from '../../src/shared/domain/rate-limits';
import { Collections } from './collections';
import { database } from './sdk';
import { fail, ok, type Result } from './result';
import { isDuplicateKey } from './db-errors';

/**
 * A fixed-window counter per bucket and key, without a read: a conditional increment, and when that
 * finds no counter under the limit, an insert whose unique `_id` settles races. Counters outlive
 * their window by design; they are small and `windowEnds` lets a cleanup job drop them.
 */
export async function consume(limit: RateLimit, key: string, now: Date): Promise<Result<null>> {
  const { id, windowEnds } = windowKey(limit, key, now);
  const coll = database().collection(Collections.rateLimits);
  const _ = database().command;
  const increment = async () => (await coll.where({ _id: id, count: _.lt(limit.limit) }).update({ count: _.inc(1) })).updated === 1;
  if (await increment()) return ok(null);
  try {
    await coll.add({ _id: id, count: 1, windowEnds });
    return ok(null);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // Another call of the same window inserted the counter first: count this one on it.
    return (await increment()) ? ok(null) : fail('RATE_LIMITED');
  }
}
