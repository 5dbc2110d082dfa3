import { ObjectId } from 'bson';
import { compoundKey, keyOf } from './keys';
import type { Doc } from './ejson';
import type { IndexSpec } from './schema';

/**
 * Picks the candidate documents of a query: by `_id`, through a declared index when the query pins
 * its leading fields by equality (or `$in`), otherwise a scan. Candidates are always re-checked by
 * the query engine, so a plan may over-select but must never miss a match.
 */
export type Plan =
  | { kind: 'ids'; idkeys: string[] }
  | {
      kind: 'index'; index: string; exact: string[]; next?: NextKey; fields?: string[]; ors?: OrFilter[];
      /**
       * Unless every index field is bound (`exact`): the equality-bound components of each prefix
       * (one empty list, every entry of the index, when no field is bound), and whether the index is
       * unique. The store looks prefixes up and seeks ranges by their sortable text.
       */
      prefixParts?: string[][]; unique?: boolean;
    }
  | { kind: 'scan' };

/**
 * The index field right after the equality-bound ones (`position` in the compound key; the `_id`
 * pseudo-index when `index` is `_id`): a range on it narrows the entries read, and an order on it
 * lets a limited query stop early. `prefixParts` is then one empty list when no field is bound.
 */
export interface NextKey {
  field: string;
  position: number;
  range?: Range;
  /**
   * Set when the query's order starts with this field: the directions of the order keys that are
   * this and the following index fields, in sequence (the index gives the order of those).
   */
  order?: Array<1 | -1>;
  /** Whether the index gives the whole order (no order key left for the engine to break ties by). */
  wholeOrder?: boolean;
}

/** An `$or` checked on index keys before any document is read: each branch's equalities and ranges. */
export type OrFilter = Array<Array<{ field: string; eq?: string; range?: Range }>>;

/** The `$or`s of a query (top level and nested `$and`) as key filters; a branch of other shapes passes. */
function orFilters(query: Doc, out: OrFilter[] = []): OrFilter[] {
  for (const [field, cond] of Object.entries(query)) {
    if (field === '$and' && Array.isArray(cond)) {
      for (const sub of cond) if (sub && typeof sub === 'object') orFilters(sub as Doc, out);
    } else if (field === '$or' && Array.isArray(cond)) {
      out.push(
        cond.map((branch) => {
          const tests: OrFilter[number] = [];
          if (!branch || typeof branch !== 'object') return tests;
          for (const [f, values] of equalities(branch as Doc)) if (values.length === 1 && isPlainValue(values[0])) tests.push({ field: f, eq: keyOf(values[0]) });
          for (const [f, range] of ranges(branch as Doc)) tests.push({ field: f, range });
          return tests;
        }),
      );
    }
  }
  return out;
}

/** Whether index components (field -> key component) may satisfy every `$or`. */
export function mayMatchOrs(components: Map<string, string>, ors: OrFilter[]): boolean {
  return ors.every((branches) =>
    branches.some((tests) =>
      tests.every((t) => {
        const c = components.get(t.field);
        if (c === undefined) return true;
        if (t.eq !== undefined) return c === t.eq || c.startsWith('a:') || c.startsWith('j:');
        return mayMatchRange(c, t.range!);
      }),
    ),
  );
}

export interface Range {
  gt?: unknown;
  gte?: unknown;
  lt?: unknown;
  lte?: unknown;
}

/** `_id` is always indexed: the planner may read it in order (paging by `_id`) or by range. */
export const ID_INDEX = '_id';

const MAX_LOOKUPS = 200;
/** As many ids as one `get` may return. */
const MAX_ID_LOOKUPS = 1000;

function isPlainValue(v: unknown): boolean {
  return (
    v === null ||
    ['string', 'number', 'boolean'].includes(typeof v) ||
    v instanceof Date ||
    v instanceof ObjectId
  );
}

function isOperatorObject(v: unknown): v is Doc {
  if (!v || typeof v !== 'object' || Array.isArray(v) || v instanceof Date || v instanceof RegExp || v instanceof ObjectId) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

/** The values a condition pins a field to, or undefined when it is not an equality. */
function pinnedValues(cond: unknown): unknown[] | undefined {
  if (cond instanceof RegExp) return undefined;
  if (!isOperatorObject(cond)) return [cond];
  if ('$eq' in cond && !(cond.$eq instanceof RegExp) && !isOperatorObject(cond.$eq)) return [cond.$eq];
  if (Array.isArray(cond.$in) && cond.$in.every((v) => !(v instanceof RegExp))) return cond.$in;
  return undefined;
}

/** Equality constraints that every match must satisfy: top level and nested `$and`. */
export function equalities(query: Doc, out = new Map<string, unknown[]>()): Map<string, unknown[]> {
  for (const [field, cond] of Object.entries(query)) {
    if (field === '$and' && Array.isArray(cond)) {
      for (const sub of cond) if (sub && typeof sub === 'object') equalities(sub as Doc, out);
      continue;
    }
    if (field.startsWith('$')) continue;
    const values = pinnedValues(cond);
    if (values && !out.has(field)) out.set(field, values);
  }
  return out;
}

function product(lists: string[][]): string[][] {
  let out: string[][] = [[]];
  for (const list of lists) {
    const next: string[][] = [];
    for (const combo of out) for (const k of list) next.push([...combo, k]);
    out = next;
    if (out.length > MAX_LOOKUPS) return [];
  }
  return out;
}

/** A range on a field: `$gt`, `$gte`, `$lt`, `$lte` of plain values only (anything else is not narrowed). */
function rangeOf(cond: unknown): Range | undefined {
  if (!isOperatorObject(cond)) return undefined;
  const range: Range = {};
  let found = false;
  for (const op of ['$gt', '$gte', '$lt', '$lte'] as const) {
    if (!(op in cond)) continue;
    if (!isPlainValue(cond[op]) || cond[op] === null) return undefined;
    range[op.slice(1) as keyof Range] = cond[op];
    found = true;
  }
  return found ? range : undefined;
}

/**
 * Ranges every match must satisfy: top level and nested `$and`. Bounds of one field from several
 * conditions join (`_.gte(a).and(_.lte(b))` arrives as two): the first one seen per bound.
 */
function ranges(query: Doc, out = new Map<string, Range>()): Map<string, Range> {
  const join = (field: string, range: Range) => out.set(field, { ...range, ...out.get(field) });
  for (const [field, cond] of Object.entries(query)) {
    if (field === '$and' && Array.isArray(cond)) {
      for (const sub of cond) if (sub && typeof sub === 'object') ranges(sub as Doc, out);
      continue;
    }
    if (field === '$or' && Array.isArray(cond)) {
      for (const [f, range] of orHull(cond)) join(f, range);
      continue;
    }
    if (field.startsWith('$')) continue;
    const range = rangeOf(cond);
    if (range) join(field, range);
  }
  return out;
}

/**
 * A field every branch of an `$or` bounds (by a range or one value) is bounded by their hull: the
 * cursor condition `a < x or (a == x and _id < y)` reads only `a <= x`. Inclusive, so never too narrow.
 */
function orHull(branches: unknown[]): Map<string, Range> {
  const per = branches.map((b) => {
    const bounds = new Map<string, Range>();
    if (!b || typeof b !== 'object') return bounds;
    for (const [f, r] of ranges(b as Doc)) bounds.set(f, r);
    for (const [f, values] of equalities(b as Doc)) if (values.length === 1 && isPlainValue(values[0]) && values[0] !== null) bounds.set(f, { gte: values[0], lte: values[0] });
    return bounds;
  });
  const out = new Map<string, Range>();
  if (per.length === 0) return out;
  for (const field of per[0].keys()) {
    if (!per.every((b) => b.has(field))) continue;
    const lows = per.map((b) => b.get(field)!.gt ?? b.get(field)!.gte);
    const highs = per.map((b) => b.get(field)!.lt ?? b.get(field)!.lte);
    const hull: Range = {};
    const pick = (values: unknown[], sign: 1 | -1) => {
      if (values.some((v) => v === undefined)) return undefined;
      const decoded = values.map((v) => ({ v, c: decodeComponent(keyOf(v)) }));
      if (decoded.some((d) => !d.c || d.c.rank !== decoded[0].c!.rank)) return undefined;
      return decoded.reduce((a, b) => (sign * cmp(b.c!, a.c!) > 0 ? b : a)).v;
    };
    const low = pick(lows, -1);
    const high = pick(highs, 1);
    if (low !== undefined) hull.gte = low;
    if (high !== undefined) hull.lte = high;
    if (low !== undefined || high !== undefined) out.set(field, hull);
  }
  return out;
}

export function plan(query: Doc, indexes: IndexSpec[], order?: Record<string, 1 | -1>): Plan {
  const eq = equalities(query);
  const ids = eq.get('_id');
  if (ids && ids.length <= MAX_ID_LOOKUPS && ids.every(isPlainValue)) {
    return { kind: 'ids', idkeys: [...new Set(ids.map(keyOf))] };
  }
  const rng = ranges(query);
  // Score: equality-bound fields first, then a range on the next field, then how much of the order it gives.
  let best: { index: IndexSpec; fields: number; next?: NextKey; score: number } | undefined;
  const candidatesOf: IndexSpec[] = [...indexes, { name: ID_INDEX, keys: [{ field: '_id', direction: 1 }], unique: true }];
  for (const index of candidatesOf) {
    let fields = 0;
    while (fields < index.keys.length && eq.has(index.keys[fields].field)) fields += 1;
    let next: NextKey | undefined;
    if (fields < index.keys.length) {
      const field = index.keys[fields].field;
      const range = rng.get(field);
      const orderKeys = Object.entries(order ?? {});
      let span = 0;
      while (span < orderKeys.length && fields + span < index.keys.length && orderKeys[span][0] === index.keys[fields + span].field) span += 1;
      const orderOn = span > 0 ? orderKeys.slice(0, span).map(([, d]) => d) : undefined;
      if (range || orderOn) next = { field, position: fields, range, order: orderOn, wholeOrder: span === orderKeys.length };
    }
    const score = fields * 32 + (next?.range ? 16 : 0) + (next?.order?.length ?? 0);
    if (score > 0 && (!best || score > best.score)) best = { index, fields, next, score };
  }
  if (!best) return { kind: 'scan' };
  const lists = best.index.keys.slice(0, best.fields).map(({ field }) => [...new Set(eq.get(field)!.map(keyOf))]);
  const combos = product(lists);
  if (combos.length === 0) return { kind: 'scan' };
  const full = best.fields === best.index.keys.length;
  return {
    kind: 'index',
    index: best.index.name,
    exact: full ? combos.map(compoundKey) : [],
    next: best.next,
    fields: best.index.keys.map((k) => k.field),
    ors: orFilters(query),
    prefixParts: full ? undefined : combos,
    unique: !!best.index.unique,
  };
}

/** MongoDB's order of types, for the scalar types an index key can carry. */
const TYPE_RANK: Record<string, number> = { z: 1, n: 2, s: 3, o: 7, b: 8, d: 9 };

/** A key component decoded to a comparable form, or undefined for arrays, objects and regexes. */
export function decodeComponent(key: string): { rank: number; value: number | string } | undefined {
  const tag = key.slice(0, 1);
  const rank = TYPE_RANK[tag];
  if (rank === undefined) return undefined;
  const text = key.slice(2);
  if (tag === 'z') return { rank, value: 0 };
  if (tag === 'n' || tag === 'd') return { rank, value: Number(text) };
  if (tag === 'b') return { rank, value: text === '1' ? 1 : 0 };
  return { rank, value: text };
}

function cmp(a: { rank: number; value: number | string }, b: { rank: number; value: number | string }): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (typeof a.value === 'number' && typeof b.value === 'number') return a.value - b.value;
  // The query engine (mingo) compares strings as JavaScript does; the plan must agree with it.
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** Whether a key component may satisfy a range (arrays and objects always may: the engine decides). */
export function mayMatchRange(component: string, range: Range): boolean {
  const c = decodeComponent(component);
  if (!c) return true;
  const test = (bound: unknown, ok: (d: number) => boolean) => {
    const b = decodeComponent(keyOf(bound));
    if (!b) return true;
    // Comparisons match values of the bound's type only (MongoDB's type bracketing, as the engine does).
    if (b.rank !== c.rank) return false;
    return ok(cmp(c, b));
  };
  return (
    (range.gt === undefined || test(range.gt, (d) => d > 0)) &&
    (range.gte === undefined || test(range.gte, (d) => d >= 0)) &&
    (range.lt === undefined || test(range.lt, (d) => d < 0)) &&
    (range.lte === undefined || test(range.lte, (d) => d <= 0))
  );
}

/**
 * Orders rids by their key components (one per order key the index gives) in the given directions,
 * grouping equal ones: a group is the unit an early stop must finish, since order keys the index
 * does not give may break its ties. When the index gives the whole order, ties keep natural order
 * (the sort is stable) and need no group. Undefined when the components cannot be ordered as MongoDB
 * orders the documents: a multikey or non-scalar value, or values of two types besides null.
 */
export function orderedGroups(entries: Map<number, Set<string>>, directions: Array<1 | -1>, splitTies = false): Array<{ key: string; rids: number[] }> | undefined {
  const types = directions.map(() => new Set<number>());
  const one: Array<{ rid: number; key: string; cs: Array<{ rank: number; value: number | string }> }> = [];
  for (const [rid, keys] of entries) {
    if (keys.size !== 1) return undefined;
    const key = keys.values().next().value as string;
    const cs: Array<{ rank: number; value: number | string }> = [];
    for (const [i, part] of (JSON.parse(key) as string[]).entries()) {
      const c = decodeComponent(part);
      if (!c) return undefined;
      if (c.rank !== TYPE_RANK.z) types[i].add(c.rank);
      cs.push(c);
    }
    one.push({ rid, key, cs });
  }
  if (types.some((t) => t.size > 1)) return undefined;
  const compare = (a: (typeof one)[number], b: (typeof one)[number]) => {
    for (let i = 0; i < directions.length; i += 1) {
      const d = directions[i] * cmp(a.cs[i], b.cs[i]);
      if (d !== 0) return d;
    }
    return a.rid - b.rid;
  };
  one.sort(compare);
  const groups: Array<{ key: string; rids: number[] }> = [];
  for (const e of one) {
    const last = groups[groups.length - 1];
    if (last && last.key === e.key && !splitTies) last.rids.push(e.rid);
    else groups.push({ key: e.key, rids: [e.rid] });
  }
  return groups;
}
