import type { Metering } from '../metering';
import type { SqliteStore } from './store';
import { History } from './history';
import type { Doc } from './ejson';

export interface Transaction {
  id: string;
  /** Sequence of the last write committed before it started: what it reads. */
  snapshot: number;
  expiresAt: number;
  /** aborted: by the server (a conflict); rolledBack: by the client's abortTransaction. */
  state: 'open' | 'committed' | 'aborted' | 'rolledBack' | 'expired';
  /** Set when a write outside the transaction touched a document it had written. */
  conflict?: string;
  /** Its pending writes by history key: the new document, or null for a removal. */
  writes: Map<string, { coll: string; idkey: string; doc: Doc | null; baseVer: number | null }>;
}

/** Everything the read, write and transaction code share. */
export interface DbState {
  store: SqliteStore;
  metering: Metering;
  now: () => number;
  history: History;
  transactions: Map<string, Transaction>;
  /** History key -> the open transaction that has written that document. */
  locks: Map<string, Transaction>;
  /** Documents decoded and tested so far; requests are synchronous, so a delta is one request's. */
  examined: number;
  /** Index entries read so far (keys, no document), counted like `examined`. */
  keysExamined: number;
}

export function openTransactions(state: DbState): Transaction[] {
  return [...state.transactions.values()].filter((t) => t.state === 'open');
}

/** Ends a transaction: frees its locks and the history no open snapshot needs any more. */
export function release(state: DbState, txn: Transaction, end: Transaction['state']): void {
  txn.state = end;
  for (const key of txn.writes.keys()) if (state.locks.get(key) === txn) state.locks.delete(key);
  const open = openTransactions(state);
  state.history.prune(open.length ? Math.min(...open.map((t) => t.snapshot)) : undefined);
}
