import { collectionNotExist } from '../errors';
import { decodeRow } from './codec';
import { compileQuery, shape } from './engine';
import { ID_INDEX, mayMatchOrs, mayMatchRange, orderedGroups, plan } from './planner';
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

/**
 * Rows that may match: by id, by index, or every row, in natural order; or, when the plan reads an
 * index in the order the query asks for, groups of rows with equal sort keys in that order.
 */
export function candidateGroups(state: DbState, coll: string, query: Doc, order?: Record<string, 1 | -1>): { ordered: boolean; groups: Iterable<Row[]> } {
  const p = plan(query, state.store.indexesOf(coll), order);
  const rowsOf = (rids: number[]) => rids.map((rid) => state.store.getByRid(rid)).filter((r): r is Row => !!r);
  if (p.kind === 'scan') return { ordered: false, groups: singles(state.store.scan(coll)) };
  if (p.kind === 'ids') {
    const rows = p.idkeys.map((k) => state.store.getById(coll, k)).filter((r): r is Row => !!r);
    return { ordered: false, groups: singles(rows.sort((a, b) => a.rid - b.rid)) };
  }
  if (!p.next) {
    const rids = new Set<number>();
    for (const key of p.exact) for (const rid of state.store.lookupExact(coll, p.index, key)) rids.add(rid);
    for (const prefix of p.prefixes) for (const rid of state.store.lookupPrefix(coll, p.index, prefix)) rids.add(rid);
    return { ordered: false, groups: lazyRows(state, [...rids].sort((a, b) => a - b)) };
  }
  // Read the index entries (keys only), narrow them by the range, and order them when asked.
  const next = p.next;
  const entries = new Map<number, Set<string>>();
  const lists = p.prefixes.length ? p.prefixes.map((prefix) => state.store.indexEntries(coll, p.index, prefix)) : [state.store.indexEntries(coll, p.index)];
  const ors = p.ors ?? [];
  for (const list of lists) {
    for (const { rid, key } of list) {
      const all = p.index === ID_INDEX ? [key] : (JSON.parse(key) as string[]);
      // A range on the next field and the query's `$or`s are checked on the keys: no document read.
      if (next.range && !mayMatchRange(all[next.position], next.range)) continue;
      if (ors.length && !mayMatchOrs(new Map((p.fields ?? ['_id']).map((f, i) => [f, all[i]])), ors)) continue;
      // The components from the next field on, as many as the order keys the index gives (at least one).
      const component = JSON.stringify(all.slice(next.position, next.position + Math.max(1, next.order?.length ?? 1)));
      let set = entries.get(rid);
      if (!set) entries.set(rid, (set = new Set()));
      set.add(component);
    }
  }
  const groups = next.order ? orderedGroups(entries, next.order, next.wholeOrder) : undefined;
  if (!groups) return { ordered: false, groups: lazyRows(state, [...entries.keys()].sort((a, b) => a - b)) };
  return { ordered: true, groups: (function* () { for (const g of groups) yield rowsOf(g.rids); })() };
}

function* singles(rows: Iterable<Row>): Generator<Row[]> {
  for (const row of rows) yield [row];
}

function* lazyRows(state: DbState, rids: number[]): Generator<Row[]> {
  for (const rid of rids) {
    const row = state.store.getByRid(rid);
    if (row) yield [row];
  }
}

/** Rows that may match, in natural order. */
export function* candidates(state: DbState, coll: string, query: Doc): Generator<Row> {
  for (const group of candidateGroups(state, coll, query).groups) yield* group;
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
  const wanted = opts.limit === undefined ? Infinity : (opts.offset ?? 0) + opts.limit;
  if (!sorted) {
    // Without an order the first offset+limit matches in natural order are the answer: stop there.
    return shape(matching(state, coll, query, wanted).map((m) => m.doc), opts);
  }
  assertCollection(state, coll);
  const test = compileQuery(query);
  const { ordered, groups } = candidateGroups(state, coll, query, opts.order);
  const found: Array<{ row: Row; doc: Doc }> = [];
  for (const group of groups) {
    // An index read in order: once enough are found, only the rest of the last group (ties on the
    // sort key, which later order keys may rank first) can still belong to the answer.
    if (ordered && found.length >= wanted) break;
    for (const row of group) {
      state.examined += 1;
      const doc = decodeRow(row);
      if (test(doc)) found.push({ row, doc });
    }
  }
  // The full order then runs over the same documents, in the order a scan would hand them over.
  found.sort((a, b) => a.row.rid - b.row.rid);
  return shape(found.map((m) => m.doc), opts);
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
