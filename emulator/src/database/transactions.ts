import { randomBytes } from 'node:crypto';
import { CloudBaseError, DbErrorCode, duplicateKeyError } from '../errors';
import { decodeBody, idKeyOf, indexKeys, wireId } from './codec';
import { applyUpdate, compileQuery, shape } from './engine';
import { clone, type Doc } from './ejson';
import { History } from './history';
import { plan } from './planner';
import { assertCollection, candidates, type FindOptions } from './reads';
import { describeKey, displayKey } from './store';
import { openTransactions, release, type DbState, type Transaction } from './state';
import { commitChanges, prepareInsert, updatedDoc, upsertBase, type Change, type ModifyOptions, type ModifyResult } from './writes';

/**
 * CloudBase transactions, MongoDB-native behind node-sdk 3.x: snapshot reads (by id or by any
 * condition), write conflicts detected when the write is made (first writer wins), a 30 s life.
 * Error texts are MongoDB's, in CloudBase's `[CodeName] message` form.
 */
export const TRANSACTION_LIFE_MS = 30_000;
const FINISHED_KEPT = 1000;
const WRITE_CONFLICT = 'WriteConflict error: this operation conflicted with another operation. Please retry your operation or multi-document transaction.';

function conflictError(detail: string): CloudBaseError {
  return new CloudBaseError(DbErrorCode.TransactionConflict, `[WriteConflict] ${WRITE_CONFLICT} (${detail})`);
}

/** What CloudBase answers a call on a transaction that is not open (MongoDB's NoSuchTransaction / TransactionCommitted). */
export function finishedError(id: unknown, txn?: Transaction): CloudBaseError {
  if (!txn) return new CloudBaseError(DbErrorCode.TransactionFail, `[NoSuchTransaction] Given transaction number ${String(id)} does not match any in-progress transactions.`);
  if (txn.state === 'committed') return new CloudBaseError(DbErrorCode.TransactionFail, `[TransactionCommitted] Transaction ${txn.id} has been committed.`);
  return new CloudBaseError(DbErrorCode.TransactionFail, `[NoSuchTransaction] Transaction ${txn.id} has been aborted.`);
}

export function begin(state: DbState, lifeMs: number): Transaction {
  const txn: Transaction = {
    id: `txn-${randomBytes(12).toString('hex')}`,
    snapshot: state.store.currentSeq,
    expiresAt: state.now() + lifeMs,
    state: 'open',
    writes: new Map(),
  };
  state.transactions.set(txn.id, txn);
  forgetFinished(state);
  return txn;
}

function forgetFinished(state: DbState): void {
  if (state.transactions.size <= FINISHED_KEPT) return;
  for (const [id, t] of state.transactions) {
    if (t.state !== 'open') state.transactions.delete(id);
    if (state.transactions.size <= FINISHED_KEPT) break;
  }
}

/** Ends every open transaction past its life, releasing its locks. */
export function expireOld(state: DbState): void {
  const now = state.now();
  for (const t of openTransactions(state)) if (now > t.expiresAt) release(state, t, 'expired');
}

/** The open transaction `id`, or CloudBase's error for a finished, expired or conflicting one. */
export function usable(state: DbState, id: unknown): Transaction {
  const txn = typeof id === 'string' ? state.transactions.get(id) : undefined;
  if (!txn) throw finishedError(id);
  if (txn.state === 'open' && state.now() > txn.expiresAt) release(state, txn, 'expired');
  // A conflict is reported once, to the next call; after that the transaction is simply aborted.
  if (txn.conflict) {
    const message = txn.conflict;
    txn.conflict = undefined;
    throw conflictError(message);
  }
  if (txn.state !== 'open') throw finishedError(txn.id, txn);
  return txn;
}

/**
 * The transaction an abortTransaction ends, or undefined when the server already ended it (a
 * conflict or its life): the SDK rolls back after a conflict, and that must not fail. After the
 * client's own commit or rollback, it fails as every other call does.
 */
export function abortable(state: DbState, id: unknown): Transaction | undefined {
  const txn = typeof id === 'string' ? state.transactions.get(id) : undefined;
  if (txn?.state === 'open' && state.now() > txn.expiresAt) release(state, txn, 'expired');
  if (txn && (txn.state === 'aborted' || txn.state === 'expired')) {
    txn.conflict = undefined;
    return undefined;
  }
  return usable(state, id);
}

/**
 * Runs one operation of the transaction. As in MongoDB, an operation that fails in the database
 * (a duplicate key, an update the document refuses) aborts the whole transaction: its next call,
 * and its commit, get NoSuchTransaction. A refused parameter (INVALID_PARAM, checked before the
 * database is reached) leaves it open.
 */
export function within<T>(state: DbState, txn: Transaction, op: () => T): T {
  try {
    return op();
  } catch (err) {
    if (err instanceof CloudBaseError && err.code === DbErrorCode.RequestFailed && txn.state === 'open') release(state, txn, 'aborted');
    throw err;
  }
}

/** What the transaction sees of one document: its own pending write, else the snapshot. */
function view(state: DbState, txn: Transaction, coll: string, idkey: string): Doc | null {
  const key = History.key(coll, idkey);
  const pending = txn.writes.get(key);
  if (pending) return pending.doc;
  state.examined += 1;
  const row = state.store.getById(coll, idkey);
  if (row && row.ver <= txn.snapshot) return decodeBody(row.body);
  const past = state.history.at(key, txn.snapshot);
  return past?.body ? decodeBody(past.body) : null;
}

function stage(state: DbState, txn: Transaction, coll: string, idkey: string, doc: Doc | null): void {
  const key = History.key(coll, idkey);
  const holder = state.locks.get(key);
  const row = state.store.getById(coll, idkey);
  const movedOn = row ? row.ver > txn.snapshot : !!state.history.at(key, txn.snapshot)?.body;
  if ((holder && holder !== txn) || movedOn) {
    release(state, txn, 'aborted');
    throw conflictError(`document ${displayKey(idkey)} in ${coll} was written by another transaction or request`);
  }
  if (doc) assertUnique(state, txn, coll, idkey, doc);
  const baseVer = txn.writes.get(key)?.baseVer ?? row?.ver ?? null;
  txn.writes.set(key, { coll, idkey, doc, baseVer });
  state.locks.set(key, txn);
}

/**
 * The documents of `coll` the transaction sees that match `query`: its own pending writes, else
 * the snapshot. Candidates are the rows the planner picks now plus every document changed since the
 * oldest open snapshot (history) and every document the transaction wrote: a document that matched
 * at the snapshot but not now is in history, so nothing the snapshot holds is missed.
 */
function visible(state: DbState, txn: Transaction, coll: string, query: Doc): Array<{ idkey: string; doc: Doc }> {
  assertCollection(state, coll);
  const p = plan(query, []);
  const keys = new Set<string>();
  if (p.kind === 'ids') {
    for (const k of p.idkeys) keys.add(k);
  } else {
    for (const row of candidates(state, coll, query)) keys.add(row.idkey);
    for (const k of state.history.idkeysOf(coll)) keys.add(k);
    for (const w of txn.writes.values()) if (w.coll === coll) keys.add(w.idkey);
  }
  const test = compileQuery(query);
  const out: Array<{ idkey: string; doc: Doc }> = [];
  for (const idkey of keys) {
    const doc = view(state, txn, coll, idkey);
    if (doc && test(doc)) out.push({ idkey, doc });
  }
  return out;
}

/**
 * As MongoDB, a unique-index clash is reported by the write that makes it, not at the commit: the
 * staged document against committed owners (unless this transaction changed or removed them) and
 * against the transaction's other pending documents.
 */
function assertUnique(state: DbState, txn: Transaction, coll: string, idkey: string, doc: Doc): void {
  const uniques = state.store.indexesOf(coll).filter((i) => i.unique);
  if (uniques.length === 0) return;
  for (const [name, keys] of indexKeys(doc, uniques)) {
    const index = uniques.find((u) => u.name === name)!;
    for (const key of keys) {
      const rid = state.store.uniqueOwner(coll, name, key);
      const owner = rid === undefined ? undefined : state.store.getByRid(rid)?.idkey;
      let taken = owner !== undefined && owner !== idkey && !txn.writes.has(History.key(coll, owner));
      for (const w of txn.writes.values()) {
        if (taken) break;
        if (w.coll === coll && w.idkey !== idkey && w.doc) taken = [...(indexKeys(w.doc, [index]).get(name) ?? [])].includes(key);
      }
      if (taken) throw duplicateKeyError(coll, name, describeKey(index, key));
    }
  }
}

export function txnFind(state: DbState, txn: Transaction, coll: string, query: Doc, opts: FindOptions): Doc[] {
  return shape(visible(state, txn, coll, query).map((a) => a.doc), opts);
}

export function txnInsert(state: DbState, txn: Transaction, coll: string, docs: Doc[]): unknown[] {
  assertCollection(state, coll);
  return docs.map((raw) => {
    const doc = prepareInsert(state, raw);
    const idkey = idKeyOf(doc);
    if (view(state, txn, coll, idkey)) throw duplicateKeyError(coll, '_id_', `{ _id: ${displayKey(idkey)} }`);
    stage(state, txn, coll, idkey, doc);
    return wireId(doc._id);
  });
}

export function txnModify(state: DbState, txn: Transaction, coll: string, query: Doc, spec: Doc, opts: ModifyOptions): ModifyResult {
  const all = visible(state, txn, coll, query);
  const targets = opts.multi ? all : all.slice(0, 1);
  if (targets.length === 0 && opts.upsert) {
    // As outside a transaction: the query's equalities, then the update (or the replacement).
    const base = upsertBase(query);
    const doc = opts.replace ? { ...clone(spec), _id: base._id } : base;
    if (!opts.replace) applyUpdate(doc, spec);
    const [id] = txnInsert(state, txn, coll, [doc]);
    return { updated: 0, upsertId: id, doc };
  }
  let updated = 0;
  let first: Doc | undefined;
  for (const { idkey, doc } of targets) {
    const next = updatedDoc(doc, spec, opts.replace);
    if (!next) continue;
    stage(state, txn, coll, idkey, next);
    updated += 1;
    first ??= next;
  }
  return { updated, doc: first ?? targets[0]?.doc };
}

export function txnRemove(state: DbState, txn: Transaction, coll: string, query: Doc, multi: boolean): number {
  const all = visible(state, txn, coll, query);
  const targets = multi ? all : all.slice(0, 1);
  for (const { idkey } of targets) stage(state, txn, coll, idkey, null);
  return targets.length;
}

export function commit(state: DbState, txn: Transaction): void {
  const changes: Change[] = [];
  for (const w of txn.writes.values()) {
    const row = state.store.getById(w.coll, w.idkey);
    if ((row?.ver ?? null) !== w.baseVer) {
      release(state, txn, 'aborted');
      throw conflictError(`document ${displayKey(w.idkey)} in ${w.coll} changed before commit`);
    }
    changes.push({ coll: w.coll, idkey: w.idkey, before: row, after: w.doc });
  }
  try {
    commitChanges(state, changes, txn);
  } catch (err) {
    release(state, txn, 'aborted');
    throw err;
  }
  release(state, txn, 'committed');
}

export function abort(state: DbState, txn: Transaction): void {
  release(state, txn, 'rolledBack');
}
