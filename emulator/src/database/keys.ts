import { ObjectId } from 'bson';
import type { Doc } from './ejson';
import type { IndexSpec } from './schema';

/**
 * Canonical, type-tagged text for a value, used as SQLite index key and as the stored `_id` key.
 * Equal values (1 and 1.0 included) give equal keys; values of different types never collide.
 */
export function keyOf(value: unknown): string {
  if (value === null || value === undefined) return 'z';
  switch (typeof value) {
    case 'boolean':
      return value ? 'b:1' : 'b:0';
    case 'number':
      return `n:${Object.is(value, -0) ? 0 : value}`;
    case 'string':
      return `s:${value}`;
    default:
      break;
  }
  if (value instanceof Date) return `d:${value.getTime()}`;
  if (value instanceof ObjectId) return `o:${value.toHexString()}`;
  if (value instanceof RegExp) return `r:${value.source}/${value.flags}`;
  if (Array.isArray(value)) return `a:${JSON.stringify(value.map(keyOf))}`;
  const obj = value as Doc;
  return `j:${JSON.stringify(Object.keys(obj).map((k) => [k, keyOf(obj[k])]))}`;
}

/**
 * The values a dotted path reaches in a document, walking through arrays as MongoDB does. Arrays at
 * the end contribute both themselves and their elements (a multikey index). A path that reaches
 * nothing yields null, because MongoDB indexes a missing field as null.
 */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  const walk = (value: unknown, parts: string[]): void => {
    if (parts.length === 0) {
      if (Array.isArray(value)) {
        out.push(value);
        for (const v of value) out.push(v);
        if (value.length === 0) out.push(undefined);
      } else out.push(value);
      return;
    }
    if (value === null || typeof value !== 'object' || value instanceof Date) return;
    const [head, ...rest] = parts;
    if (Array.isArray(value)) {
      if (/^\d+$/.test(head) && Number(head) < value.length) walk(value[Number(head)], rest);
      for (const el of value) if (el && typeof el === 'object' && !Array.isArray(el)) walk((el as Doc)[head], rest);
      return;
    }
    const obj = value as Doc;
    if (head in obj) walk(obj[head], rest);
  };
  walk(doc, path.split('.'));
  if (out.length === 0) out.push(null);
  return out;
}

/** Compound keys are JSON arrays of component keys, so a prefix of fields is a prefix of the text. */
export function compoundKey(parts: string[]): string {
  return JSON.stringify(parts);
}

/** Text every key that starts with these leading components begins with (for prefix range scans). */
export function compoundPrefix(parts: string[]): string {
  const full = JSON.stringify(parts);
  return `${full.slice(0, -1)},`;
}

const MAX_KEYS_PER_DOC = 1000;

/** All index keys of a document for one index; the cartesian product over multikey fields. */
export function indexKeysOf(doc: Doc, index: IndexSpec): string[] {
  let combos: string[][] = [[]];
  for (const { field } of index.keys) {
    const keys = [...new Set(valuesAtPath(doc, field).map(keyOf))];
    const next: string[][] = [];
    for (const combo of combos) for (const k of keys) next.push([...combo, k]);
    combos = next;
    if (combos.length > MAX_KEYS_PER_DOC) throw new Error(`index ${index.name}: too many keys for one document`);
  }
  return [...new Set(combos.map(compoundKey))];
}
