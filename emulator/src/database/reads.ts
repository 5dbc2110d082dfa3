import { collectionNotExist } from '../errors';
import { decodeRow } from './codec';
import { compileQuery, shape } from './engine';
import { keyOf, sortComponent } from './keys';
import { ID_INDEX, mayMatchOrs, mayMatchRange, orderedGroups, plan, type Plan, type Range } from './planner';
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
    for (const key of p.exact) for (const rid of state.store.lookupExact(coll, p.index, key)) (state.keysExamined += 1), rids.add(rid);
    for (const parts of p.prefixParts ?? []) for (const rid of state.store.lookupPrefix(coll, p.index, parts)) (state.keysExamined += 1), rids.add(rid);
    return { ordered: false, groups: lazyRows(state, [...rids].sort((a, b) => a - b)) };
  }
  const sought = seek(state, coll, p);
  if (sought) return sought;
  // Read the index entries (keys only), narrow them by the range, and order them when asked.
  const next = p.next;
  const entries = new Map<number, Set<string>>();
  const lists = (p.prefixParts ?? [[]]).map((parts) => state.store.indexEntries(coll, p.index, parts));
  const ors = p.ors ?? [];
  for (const list of lists) {
    state.keysExamined += list.length;
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

type IndexPlan = Extract<Plan, { kind: 'index' }>;

/**
 * The sortable-key bounds (keys.ts `sortKeyOf`) of one prefix and a range on the next field (a
 * superset where a `$lt` bound includes the equal keys, which the key check then drops), within the
 * bound's type as MongoDB's comparisons are.
 */
function boundsOf(prefix: string[], range?: Range): { prefix: string; lo: string; hi: string } {
  const p = prefix.map((c) => sortComponent(c).text).join('');
  if (!range) return { prefix: p, lo: p, hi: `${p}~` };
  const enc = (v: unknown) => sortComponent(keyOf(v)).text;
  const low = range.gte ?? range.gt;
  const high = range.lte ?? range.lt;
  // An exclusive low bound seeks past every key of the equal value (as MongoDB's `(v, ...]` bounds do);
  // '~' sorts after any later component's text, as the inclusive high bound below relies on too.
  const lo = range.gte !== undefined ? p + enc(range.gte) : range.gt !== undefined ? `${p}${enc(range.gt)}~` : p + enc(high).slice(0, 1);
  const hi = high === undefined ? `${p}${enc(low).slice(0, 1)}~` : range.lte !== undefined ? `${p}${enc(high)}~` : p + enc(high);
  return { prefix: p, lo, hi };
}

/**
 * Seeks the index in SQLite on sortable keys: each prefix's range only, and when the query is
 * ordered by the next index fields (one direction), in that order, lazily, so a limited query stops
 * after its page (and the rest of its last tie group) instead of reading every entry and sorting.
 * Undefined (the caller reads the entries as before) when an order is asked over entries that have
 * no one place in it (multikey, arrays, objects) or in mixed directions.
 */
function seek(state: DbState, coll: string, p: IndexPlan): { ordered: boolean; groups: Iterable<Row[]> } | undefined {
  const next = p.next!;
  if (!p.prefixParts) return undefined;
  const dirs = next.order;
  if (dirs && !dirs.every((d) => d === dirs[0])) return undefined;
  const bounds = p.prefixParts.map((parts) => boundsOf(parts, next.range));
  const unique = !!p.unique;
  // Out of order, and (an array's own key sorts last) outside a range's bounds though a range may match it.
  const within = (b: { prefix: string; lo: string; hi: string }) => (dirs ? b : { lo: b.prefix, hi: `${b.prefix}~` });
  if (bounds.some((b) => state.store.hasUnorderable(coll, p.index, unique, within(b).lo, within(b).hi))) return undefined;
  const ors = p.ors ?? [];
  const fields = p.fields ?? ['_id'];
  const componentsOf = (key: string) => (p.index === ID_INDEX ? [key] : (JSON.parse(key) as string[]));
  // The range and the query's `$or`s are checked on the keys: no document read.
  const keep = (all: string[]) => (!next.range || mayMatchRange(all[next.position], next.range)) && (!ors.length || mayMatchOrs(new Map(fields.map((f, i) => [f, all[i]])), ors));
  if (!dirs) {
    const rids = new Set<number>();
    for (const b of bounds) {
      for (const { rid, key } of state.store.sortedEntries(coll, p.index, unique, b.lo, b.hi, false)) {
        state.keysExamined += 1;
        if (keep(componentsOf(key))) rids.add(rid);
      }
    }
    return { ordered: false, groups: lazyRows(state, [...rids].sort((a, b) => a - b)) };
  }
  return { ordered: true, groups: mergedGroups(state, coll, p, bounds, dirs[0] === -1, componentsOf, keep) };
}

/**
 * The entries of every prefix merged in the order of their keys after the prefix, grouped by the
 * order keys the index gives (a group is the unit an early stop finishes: later order keys may
 * rank its members), as rows. Each SQLite read is closed when the caller stops.
 */
function* mergedGroups(
  state: DbState, coll: string, p: IndexPlan, bounds: Array<{ prefix: string; lo: string; hi: string }>, desc: boolean,
  componentsOf: (key: string) => string[], keep: (all: string[]) => boolean,
): Generator<Row[]> {
  const next = p.next!;
  const span = Math.max(1, next.order?.length ?? 1);
  const iters: Array<IterableIterator<{ rid: number; key: string }>> = [];
  type Head = { rid: number; all: string[]; suffix: string };
  const advance = (i: number): Head | null => {
    for (;;) {
      const r = iters[i].next();
      if (r.done) return null;
      state.keysExamined += 1;
      const all = componentsOf(r.value.key);
      if (keep(all)) return { rid: r.value.rid, all, suffix: sortSuffix(all, p.prefixParts![i].length) };
    }
  };
  try {
    for (const b of bounds) iters.push(state.store.sortedEntries(coll, p.index, !!p.unique, b.lo, b.hi, desc));
    // A stream's next entry is read only when needed: a page that ends reads one key past it.
    const heads: Array<Head | null> = iters.map(() => null);
    const done = iters.map(() => false);
    let group: { key: string; rids: number[] } | null = null;
    // Ties on the order the index gives whole keep natural order: the group's documents one by one.
    const flush = function* (g: { rids: number[] }): Generator<Row[]> {
      const rows = (next.wholeOrder ? [...g.rids].sort((a, b) => a - b) : g.rids).map((rid) => state.store.getByRid(rid)).filter((r): r is Row => !!r);
      if (next.wholeOrder) for (const row of rows) yield [row];
      else yield rows;
    };
    for (;;) {
      for (let i = 0; i < heads.length; i += 1) if (!heads[i] && !done[i]) done[i] = !(heads[i] = advance(i));
      let best = -1;
      for (let i = 0; i < heads.length; i += 1) {
        const h = heads[i];
        if (h && (best < 0 || (desc ? h.suffix > heads[best]!.suffix : h.suffix < heads[best]!.suffix))) best = i;
      }
      if (best < 0) break;
      const head = heads[best]!;
      heads[best] = null;
      const key = JSON.stringify(head.all.slice(next.position, next.position + span));
      if (group && group.key !== key) {
        yield* flush(group);
        group = null;
      }
      if (!group) group = { key, rids: [] };
      group.rids.push(head.rid);
    }
    if (group) yield* flush(group);
  } finally {
    for (const it of iters) it.return?.();
  }
}

/** The sortable text of a key's components after its prefix: keys of different prefixes compare on it. */
function sortSuffix(all: string[], prefixLength: number): string {
  let out = '';
  for (let i = prefixLength; i < all.length; i += 1) out += sortComponent(all[i]).text;
  return out;
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
    for (const row of group) {
      state.examined += 1;
      const doc = decodeRow(row);
      if (test(doc)) found.push({ row, doc });
    }
    // An index read in order: once enough are found, only the rest of the last group (ties on the
    // sort key, which later order keys may rank first) could still belong to the answer, and it is read.
    if (ordered && found.length >= wanted) break;
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
