import { collectionNotExist } from '../errors';
import { decodeRow } from './codec';
import { compileQuery, shape } from './engine';
import { plan } from './planner';
import type { Doc } from './ejson';
import type { Row } from './store';
import type { DbState } from './state';

export interface FindOptions {
  order?: Record<string, 1 | -1>;
  offset?: number;
  limit?: number;
  projection?: Doc;
}

export function assertCollection(state: DbState, coll: string): void {
  if (!state.store.hasCollection(coll)) throw collectionNotExist(coll);
}

/** Rows that may match, in natural order: by id, by index, or every row. */
export function* candidates(state: DbState, coll: string, query: Doc): Generator<Row> {
  const p = plan(query, state.store.indexesOf(coll));
  if (p.kind === 'scan') {
    yield* state.store.scan(coll);
    return;
  }
  let rows: Row[];
  if (p.kind === 'ids') {
    rows = p.idkeys.map((k) => state.store.getById(coll, k)).filter((r): r is Row => !!r);
  } else {
    const rids = new Set<number>();
    for (const key of p.exact) for (const rid of state.store.lookupExact(coll, p.index, key)) rids.add(rid);
    for (const prefix of p.prefixes) for (const rid of state.store.lookupPrefix(coll, p.index, prefix)) rids.add(rid);
    rows = [...rids].map((rid) => state.store.getByRid(rid)).filter((r): r is Row => !!r);
  }
  rows.sort((a, b) => a.rid - b.rid);
  yield* rows;
}

/** Matching rows with their decoded documents; stops early once `max` are found. */
export function matching(state: DbState, coll: string, query: Doc, max = Infinity): Array<{ row: Row; doc: Doc }> {
  assertCollection(state, coll);
  const test = compileQuery(query);
  const out: Array<{ row: Row; doc: Doc }> = [];
  if (max <= 0) return out;
  for (const row of candidates(state, coll, query)) {
    state.examined += 1;
    const doc = decodeRow(row);
    if (!test(doc)) continue;
    out.push({ row, doc });
    if (out.length >= max) break;
  }
  return out;
}

export function find(state: DbState, coll: string, query: Doc, opts: FindOptions): Doc[] {
  const sorted = opts.order && Object.keys(opts.order).length > 0;
  // Without an order the first offset+limit matches in natural order are the answer: stop there.
  const max = sorted || opts.limit === undefined ? Infinity : (opts.offset ?? 0) + opts.limit;
  const docs = matching(state, coll, query, max).map((m) => m.doc);
  return shape(docs, opts);
}

export function count(state: DbState, coll: string, query: Doc): number {
  assertCollection(state, coll);
  if (Object.keys(query).length === 0) return state.store.count(coll);
  return matching(state, coll, query).length;
}

/** Every document of a collection (the `from` side of `$lookup`). */
export function allDocs(state: DbState, coll: string): Doc[] {
  assertCollection(state, coll);
  const docs = [...state.store.scan(coll)].map(decodeRow);
  state.examined += docs.length;
  return docs;
}
