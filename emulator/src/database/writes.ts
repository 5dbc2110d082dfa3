import { clone, type Doc } from './ejson';
import { decodeRow, encodeBody, idKeyOf, indexKeys, newId, wireId } from './codec';
import { applyUpdate, assertStorable } from './engine';
import { History } from './history';
import { equalities } from './planner';
import { assertCollection, matching } from './reads';
import { openTransactions, release, type DbState, type Transaction } from './state';
import type { Row, Write } from './store';

/** One document's change: `before` is its stored row (absent for an insert), `after` null removes it. */
export interface Change {
  coll: string;
  idkey: string;
  before?: Row;
  /** `before` decoded, when the caller has it already (its index keys are compared with the new ones). */
  beforeDoc?: Doc;
  after: Doc | null;
  /** `after` encoded, when the caller has it already. */
  afterBody?: string;
}

/**
 * Applies changes atomically (all or none), keeps the before-images open transactions may still
 * need to read, and marks as conflicting any open transaction that had written the same document.
 */
export function commitChanges(state: DbState, changes: Change[], by?: Transaction): void {
  const writes: Write[] = [];
  for (const c of changes) {
    const indexes = state.store.indexesOf(c.coll);
    // The keys the stored row holds: the store deletes its old index entries by them.
    const oldKeys = () => indexKeys(c.beforeDoc ?? decodeRow(c.before!), indexes);
    if (c.after && c.before) {
      writes.push({ kind: 'replace', coll: c.coll, rid: c.before.rid, body: c.afterBody ?? encodeBody(c.after), keys: indexKeys(c.after, indexes), oldKeys: oldKeys() });
    } else if (c.after) {
      writes.push({ kind: 'insert', coll: c.coll, idkey: c.idkey, body: encodeBody(c.after), keys: indexKeys(c.after, indexes) });
    } else if (c.before) {
      writes.push({ kind: 'delete', coll: c.coll, rid: c.before.rid, oldKeys: oldKeys() });
    }
  }
  if (writes.length === 0) return;
  const others = openTransactions(state).filter((t) => t !== by);
  state.store.apply(writes);
  const seq = state.store.currentSeq;
  for (const c of changes) {
    const key = History.key(c.coll, c.idkey);
    if (others.length > 0) state.history.record(key, { from: c.before?.ver ?? 0, to: seq, body: c.before?.body ?? null });
    const holder = state.locks.get(key);
    if (holder && holder !== by) {
      // As in MongoDB, the transaction loses: it is aborted now and told so at its next call.
      release(state, holder, 'aborted');
      holder.conflict = `document ${c.idkey.slice(2)} in ${c.coll} was written outside the transaction`;
    }
  }
}

/** Prepares a new document: server dates already resolved; fills `_id` when absent. */
export function prepareInsert(state: DbState, doc: Doc): Doc {
  assertStorable(doc);
  if (doc._id === undefined) doc._id = newId(state.now());
  return doc;
}

export function insertDocs(state: DbState, coll: string, docs: Doc[]): unknown[] {
  assertCollection(state, coll);
  const prepared = docs.map((d) => prepareInsert(state, d));
  commitChanges(state, prepared.map((doc) => ({ coll, idkey: idKeyOf(doc), after: doc })));
  return prepared.map((d) => wireId(d._id));
}

/** The document an upsert starts from: the query's plain equalities, as MongoDB does. */
export function upsertBase(query: Doc): Doc {
  const base: Doc = {};
  for (const [path, values] of equalities(query)) {
    if (values.length !== 1) continue;
    const parts = path.split('.');
    let cur = base;
    for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Doc;
    cur[parts[parts.length - 1]] = clone(values[0]);
  }
  return base;
}

export interface ModifyOptions {
  multi: boolean;
  /** true: `spec` replaces the document (doc().set); false: `spec` holds update operators. */
  replace: boolean;
  upsert: boolean;
}

export interface ModifyResult {
  updated: number;
  upsertId?: unknown;
  /** The first modified (or upserted) document, after the change. */
  doc?: Doc;
}

/** Computes the new document, or null when the update changes nothing. */
export function updatedDoc(doc: Doc, spec: Doc, replace: boolean): Doc | null {
  if (replace) return replacement(doc, spec, encodeBody(doc))?.after ?? null;
  const next = clone(doc);
  return applyUpdate(next, spec) ? next : null;
}

/**
 * A replacement (doc().set) of a document and its body, or null when that is the document's body
 * as it stands (`currentBody`; stored bodies are encodeBody's output, and the same document encodes
 * to the same text): one encoding serves both the comparison and the write.
 */
function replacement(doc: Doc, spec: Doc, currentBody: string): { after: Doc; afterBody: string } | null {
  const next = { ...clone(spec), _id: doc._id };
  assertStorable(next);
  const body = encodeBody(next);
  return body === currentBody ? null : { after: next, afterBody: body };
}

export function modifyDocs(state: DbState, coll: string, query: Doc, spec: Doc, opts: ModifyOptions): ModifyResult {
  const matches = matching(state, coll, query, opts.multi ? Infinity : 1);
  if (matches.length === 0) {
    if (!opts.upsert) return { updated: 0 };
    const base = upsertBase(query);
    const doc = opts.replace ? { ...clone(spec), _id: base._id } : base;
    if (!opts.replace) applyUpdate(doc, spec);
    prepareInsert(state, doc);
    commitChanges(state, [{ coll, idkey: idKeyOf(doc), after: doc }]);
    return { updated: 0, upsertId: wireId(doc._id), doc };
  }
  const changes: Change[] = [];
  for (const { row, doc } of matches) {
    if (opts.replace) {
      const next = replacement(doc, spec, row.body);
      if (next) changes.push({ coll, idkey: row.idkey, before: row, beforeDoc: doc, ...next });
      continue;
    }
    const next = updatedDoc(doc, spec, false);
    if (next) changes.push({ coll, idkey: row.idkey, before: row, beforeDoc: doc, after: next });
  }
  commitChanges(state, changes);
  // A replacement (doc().set) reports the document it matched even when it left it as it was:
  // node-sdk's own geo tests add a document, set it to the same data, and expect `updated: 1`.
  return { updated: opts.replace ? matches.length : changes.length, doc: changes[0]?.after ?? matches[0].doc };
}

export function removeDocs(state: DbState, coll: string, query: Doc, multi: boolean): number {
  const matches = matching(state, coll, query, multi ? Infinity : 1);
  commitChanges(state, matches.map(({ row, doc }) => ({ coll, idkey: row.idkey, before: row, beforeDoc: doc, after: null })));
  return matches.length;
}
