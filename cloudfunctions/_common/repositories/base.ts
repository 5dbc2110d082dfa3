import { isTransactionConflict } from '../db-errors';
import { database } from '../sdk';

/** What repositories share: the first document of a query, the transaction handle, and one way to run a transaction. */

export async function first<T>(query: Promise<{ data: unknown }>): Promise<T | null> {
  const { data } = await query;
  return ((data as T[])[0] as T | undefined) ?? null;
}

/** The server SDK's largest page: an `_id` look-up or a cursor-paged read asks for at most this many per read. */
export const ID_BATCH = 1000;

/**
 * Documents by `_id`, however many ids: one read per 1,000 ids, each asking for exactly as many
 * documents as ids, so no look-up stops silently at a page size.
 */
export async function byIdsIn<T>(collection: string, ids: string[], fields: Record<string, boolean>): Promise<T[]> {
  const out: T[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += ID_BATCH) {
    const batch = unique.slice(i, i + ID_BATCH);
    const { data } = await database().collection(collection).where({ _id: database().command.in(batch) }).field(fields).limit(batch.length).get();
    out.push(...(data as T[]));
  }
  return out;
}

/** A document inside `db.runTransaction`: only single-document operations are allowed there. */
export interface TxDoc<T> {
  get(): Promise<{ data: T | null }>;
  update(changes: object): Promise<unknown>;
  set(doc: object): Promise<unknown>;
  remove(): Promise<unknown>;
}

export interface Tx {
  collection(name: string): { doc<T>(id: string): TxDoc<T>; add(doc: object): Promise<unknown> };
}

/** What `inTransaction` answers when others kept writing the same documents through every retry. */
export const TX_CONFLICT = { conflict: true } as const;
export type TxConflict = typeof TX_CONFLICT;
export const isTxConflict = (v: unknown): v is TxConflict => v === TX_CONFLICT;

/**
 * Every repository runs its transactions through here. The SDK retries a conflicting transaction on
 * a fresh snapshot; when the conflict survives its retries (others kept writing the same documents),
 * this answers TX_CONFLICT, a value the caller turns into CONFLICT or another attempt, never a throw.
 */
export async function inTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T | TxConflict> {
  try {
    return await database().runTransaction(work);
  } catch (err) {
    if (isTransactionConflict(err)) return TX_CONFLICT;
    throw err;
  }
}
