import { Buffer } from 'node:buffer';
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
    // An ObjectId is a scalar: no path goes through it (its class has properties of its own).
    if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof ObjectId) return;
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

/** Compound keys are JSON arrays of component keys (the store finds them, and prefixes of them, by their sortable text). */
export function compoundKey(parts: string[]): string {
  return JSON.stringify(parts);
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

/**
 * Sortable text for index keys (column `skey`): each component of a tagged key is encoded so that
 * SQLite's binary order of the text is the query engine's order of the values (type first, as
 * MongoDB and mingo rank null < numbers < strings < ObjectIds < booleans < dates; numbers and dates
 * by value, strings by UTF-16 code unit). The planner then seeks a prefix and range and reads it in
 * order, instead of reading every entry and sorting in JavaScript. Arrays, objects, regexes and NaN
 * have no such place (`flat` false): they sort last, and the planner does not trust their order.
 */
export function sortComponent(component: string): { text: string; flat: boolean } {
  const tag = component.slice(0, 2);
  const value = component.slice(2);
  if (component === 'z') return { text: '1', flat: true };
  if (tag === 'n:' || tag === 'd:') {
    const n = Number(value);
    if (Number.isNaN(n)) return { text: `x${hexUnits(component)}.`, flat: false };
    return { text: `${tag === 'n:' ? '2' : '9'}${orderedDouble(n)}`, flat: true };
  }
  if (tag === 's:') return { text: `3${hexUnits(value)}.`, flat: true };
  if (tag === 'o:') return { text: `7${value.toLowerCase()}.`, flat: true };
  if (tag === 'b:') return { text: `8${value === '1' ? '1' : '0'}`, flat: true };
  return { text: `x${hexUnits(component)}.`, flat: false };
}

/** The sortable text of a compound key (a JSON array of components) and whether all its components are plain. */
export function sortKeyOf(key: string): { skey: string; flat: boolean } {
  let skey = '';
  let flat = true;
  for (const part of JSON.parse(key) as string[]) {
    const c = sortComponent(part);
    skey += c.text;
    flat &&= c.flat;
  }
  return { skey, flat };
}

/**
 * The key component a sortable text was made from (the inverse of `sortComponent` on the keys keyOf
 * makes): an `_id` read from the (coll, sid) index alone, without its row.
 */
export function componentOfSortText(text: string): string {
  const head = text[0];
  if (head === '1') return 'z';
  if (head === '2' || head === '9') return `${head === '2' ? 'n' : 'd'}:${doubleOfOrdered(text.slice(1, 17))}`;
  if (head === '3') return `s:${unitsOfHex(text.slice(1, -1))}`;
  if (head === '7') return `o:${text.slice(1, -1)}`;
  if (head === '8') return `b:${text[1]}`;
  return unitsOfHex(text.slice(1, -1));
}

function unitsOfHex(hex: string): string {
  let out = '';
  for (let i = 0; i < hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
}

function doubleOfOrdered(hex: string): number {
  let h = parseInt(hex.slice(0, 8), 16);
  let l = parseInt(hex.slice(8, 16), 16);
  const negative = h >>> 31 === 0;
  h = negative ? ~h >>> 0 : (h & 0x7fffffff) >>> 0;
  l = negative ? ~l >>> 0 : l;
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, h);
  view.setUint32(4, l);
  return view.getFloat64(0);
}

/** Each UTF-16 code unit as 4 hex digits: text order is code-unit order, and `.` (below any digit) ends it. */
function hexUnits(s: string): string {
  // UTF-16 code units (lone surrogates kept) big-endian, in native code: a third of a loop's time.
  return Buffer.from(s, 'utf16le').swap16().toString('hex');
}

/** A double's bits as 16 hex digits ordered as the numbers are (negatives flipped, positives' sign bit set). */
function orderedDouble(n: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n === 0 ? 0 : n);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const negative = hi >>> 31 === 1;
  const h = negative ? ~hi >>> 0 : (hi | 0x80000000) >>> 0;
  const l = negative ? ~lo >>> 0 : lo;
  return h.toString(16).padStart(8, '0') + l.toString(16).padStart(8, '0');
}
