import { ObjectId } from 'bson';
import { compoundKey, compoundPrefix, keyOf } from './keys';
import type { Doc } from './ejson';
import type { IndexSpec } from './schema';

/**
 * Picks the candidate documents of a query: by `_id`, through a declared index when the query pins
 * its leading fields by equality (or `$in`), otherwise a scan. Candidates are always re-checked by
 * the query engine, so a plan may over-select but must never miss a match.
 */
export type Plan =
  | { kind: 'ids'; idkeys: string[] }
  | { kind: 'index'; index: string; exact: string[]; prefixes: string[] }
  | { kind: 'scan' };

const MAX_LOOKUPS = 200;

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

export function plan(query: Doc, indexes: IndexSpec[]): Plan {
  const eq = equalities(query);
  const ids = eq.get('_id');
  if (ids && ids.length <= MAX_LOOKUPS && ids.every(isPlainValue)) {
    return { kind: 'ids', idkeys: [...new Set(ids.map(keyOf))] };
  }
  let best: { index: IndexSpec; fields: number } | undefined;
  for (const index of indexes) {
    let fields = 0;
    while (fields < index.keys.length && eq.has(index.keys[fields].field)) fields += 1;
    if (fields > 0 && (!best || fields > best.fields)) best = { index, fields };
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
    prefixes: full ? [] : combos.map(compoundPrefix),
  };
}
