import { Collections } from '../collections';
import type { Tx } from './base';

/**
 * Caps kept inside the transaction that adds (`counters`, `_id` names what is counted). A cap
 * checked on a count read before the transaction lets racing adds all pass it; a counter read and
 * written in the same transaction makes racing adds write the same document, so the second one
 * conflicts, is retried on a fresh snapshot and finds the cap reached.
 */
export interface CounterDoc {
  _id: string;
  n: number;
}

export const counterIds = {
  catalogue: 'badge_catalogue',
  experiences: (memberId: string) => `experiences:${memberId}`,
};

/**
 * Takes one place under `max` in the counter `id`: false when the count has reached it (nothing
 * written). A counter not kept yet starts from `counted`, the count the caller read before the
 * transaction (data from before counters existed); the racing first adds all write it, so one wins.
 */
export async function takePlaceIn(tx: Tx, id: string, max: number, counted: number): Promise<boolean> {
  const ref = tx.collection(Collections.counters).doc<CounterDoc>(id);
  const n = (await ref.get()).data?.n ?? counted;
  if (n >= max) return false;
  await ref.set({ n: n + 1 });
  return true;
}

/** Counts one more without a cap (a correction adds a record too), only once the counter is kept. */
export async function countIn(tx: Tx, id: string): Promise<void> {
  const ref = tx.collection(Collections.counters).doc<CounterDoc>(id);
  const doc = (await ref.get()).data;
  if (doc) await ref.set({ n: doc.n + 1 });
}
