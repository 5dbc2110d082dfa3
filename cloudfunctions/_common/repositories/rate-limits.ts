import { Collections } from '../collections';
import { isDuplicateKey } from '../db-errors';
import { database } from '../sdk';
import { applied, refused, type RepoResult } from './outcome';

const coll = () => database().collection(Collections.rateLimits);
const _ = () => database().command;

/**
 * Token buckets (`{_id: bucket:key, refilledAt}`, see _common/rate-limit.ts), changed only by
 * conditional writes so concurrent calls never take more tokens than there are. Times are epoch ms.
 */
export const rateLimitsRepo = {
  /**
   * Tokens left but not full (`refilledAt` in (at, upTo]): one token taken (`step`), or a lease of
   * several (`step` times as many, with `upTo` leaving enough), `refilledAt` moving that far on.
   */
  async takeLeft(id: string, at: number, upTo: number, step: number): Promise<RepoResult<null, 'NO_TOKEN'>> {
    const { updated } = await coll().where({ _id: id, refilledAt: _().gt(at).and(_().lte(upTo)) }).update({ refilledAt: _().inc(step) });
    return updated === 1 ? applied() : refused('NO_TOKEN');
  },

  /** Full (idle, `refilledAt` <= at): one token (or a lease: `step` times as many) taken from a full bucket. */
  async takeFromFull(id: string, at: number, step: number): Promise<RepoResult<null, 'NOT_FULL'>> {
    const { updated } = await coll().where({ _id: id, refilledAt: _().lte(at) }).update({ refilledAt: at + step });
    return updated === 1 ? applied() : refused('NOT_FULL');
  },

  /** A bucket that is not there yet (first call, or swept), with its first token (or lease) taken. */
  async create(id: string, bucket: string, refilledAt: number): Promise<RepoResult<null, 'EXISTS'>> {
    try {
      await coll().add({ _id: id, bucket, refilledAt });
      return applied();
    } catch (err) {
      if (isDuplicateKey(err)) return refused('EXISTS');
      throw err;
    }
  },

  /** When the bucket is next full again (epoch ms); null when there is no bucket. */
  async refilledAt(id: string): Promise<number | null> {
    const { data } = await coll().doc(id).field({ refilledAt: true }).get();
    const at = (data as Array<{ refilledAt?: number }>)[0]?.refilledAt;
    return at === undefined ? null : Number(at);
  },

  /**
   * Removes buckets full again before `before` (the same as no bucket) and the counters of the old
   * fixed windows (`windowEnds`): one range per remove, each served by its index (by_refilled,
   * by_window_ends). How many went.
   */
  async removeExpired(before: Date): Promise<number> {
    const [limits, oldWindows] = await Promise.all([
      coll().where({ refilledAt: _().lt(before.getTime()) }).remove(),
      coll().where({ windowEnds: _().lt(before) }).remove(),
    ]);
    return (limits.deleted as number) + (oldWindows.deleted as number);
  },
};
