import { Collections } from '../collections';
import { newId } from '../ids';
import { database } from '../sdk';
import { applied, refused, type RepoResult } from './outcome';
import { inTransaction, isTxConflict, type Tx } from './base';

/**
 * Points follow their events (issue 11): an event that feeds a member's points ledger or checklist
 * (an hour approval, a badge or star, a 脏乱差 flag or its clearing, an experience record, a
 * development step) marks the member, or for a flag the room's residents, dirty in the event's own
 * transaction: one blind write of a deterministic id (`member:<id>`, `room:<id>`), so any number of
 * racing events leave one mark. The dirty sweep (develop `develop-points-dirty`, every few minutes)
 * recomputes the marked members and removes a mark only while its `token` is the one it read: an
 * event marking again during the recomputation keeps the mark for the next firing.
 */
export interface DirtyDoc {
  _id: string;
  kind: 'member' | 'room';
  targetId: string;
  /** When it was last marked: the sweep takes the oldest first (index by_at). */
  at: Date;
  /** Fresh on every mark. */
  token: string;
}

export type DirtyTarget = { kind: 'member' | 'room'; id: string };

const coll = () => database().collection(Collections.developPointsDirty);
export const dirtyId = (t: DirtyTarget) => `${t.kind}:${t.id}`;

/** Marks the target dirty inside the event's transaction (one write, no read). */
export async function markPointsDirtyIn(tx: Tx, target: DirtyTarget, now: Date): Promise<void> {
  await tx.collection(Collections.developPointsDirty).doc(dirtyId(target)).set({ kind: target.kind, targetId: target.id, at: now, token: newId() });
}

export const dirtyRepo = {
  /** The oldest marks after `after` (this firing's progress), by `at` then `_id` (index by_at). */
  async batch(after: { at: Date; id: string } | null, limit: number): Promise<DirtyDoc[]> {
    const _ = database().command;
    const where = after ? _.or([{ at: _.gt(after.at) }, { at: after.at, _id: _.gt(after.id) }]) : { at: _.gte(new Date(0)) };
    const { data } = await coll().where(where).orderBy('at', 'asc').orderBy('_id', 'asc').limit(limit).get();
    return data as DirtyDoc[];
  },

  /**
   * Removes the mark if it still carries `token` (nobody marked it again since it was read): applied
   * when this call removed it. Two sweeps at once both try; the second finds it gone or marked again
   * (KEPT), or conflicts (CONFLICT): the mark stays for the next firing either way.
   */
  async clear(mark: Pick<DirtyDoc, '_id' | 'token'>): Promise<RepoResult<null, 'KEPT' | 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx) => {
      const ref = tx.collection(Collections.developPointsDirty).doc<DirtyDoc>(mark._id);
      const doc = (await ref.get()).data;
      if (!doc || doc.token !== mark.token) return false;
      await ref.remove();
      return true;
    });
    if (isTxConflict(outcome)) return refused('CONFLICT');
    return outcome ? applied() : refused('KEPT');
  },

};
