import { Long } from 'bson';

/**
 * The common EJSON of the wire and of stored bodies, decoded in one walk over JSON.parse's output,
 * with exactly the values ejson.ts's full path gives (bson's EJSON, then `fromBson`), which parses
 * the text, writes it out again and parses it once more with a reviver. Only the forms whose answer
 * is certain are taken here; anything else answers NOT_PLAIN and the caller takes the full path
 * (and its errors): `emulator/test/fast-ejson.test.ts` holds the two to the same answers.
 *
 * - canonical (requests): numbers as bson reads them (an integer in int32 becomes `v | 0`, so -0 is
 *   0; in int64, `Long.fromNumber(v).toNumber()`); `{$numberInt}`, `{$numberDouble}`, `{$numberLong}`
 *   (in the forms ejson.ts `checkWrappers` accepts) and `{$date: {$numberLong}}` / `{$date: string}`.
 * - relaxed (stored bodies): numbers as they are, and `{$date: string}`.
 * Objects with any other EJSON key, a key with a NUL byte, or a `__proto__` key are NOT_PLAIN.
 */
export const NOT_PLAIN: unique symbol = Symbol('not plain EJSON');

/** Keys bson's EJSON reads as a typed value (and `$numberInt` & co. that are only taken alone). */
const TYPED_KEYS = new Set([
  '$oid', '$binary', '$uuid', '$symbol', '$numberInt', '$numberDecimal', '$numberDouble', '$numberLong', '$minKey', '$maxKey',
  '$regex', '$regularExpression', '$timestamp', '$date', '$code', '$scope', '$ref', '$id', '$db', '$dbPointer', '$undefined',
]);

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const INT64_MIN = -(2 ** 63);
const INT64_MAX = 2 ** 63;
const INT_FORM = /^-?\d{1,10}$/;
const LONG_FORM = /^-?\d{1,19}$/;
const DOUBLE_FORM = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|-?Infinity|NaN)$/;

/** A JSON number as canonical EJSON reads it (Int32, Long or Double), then `fromBson`. */
function canonicalNumber(v: number): number {
  if (Math.floor(v) === v) {
    if (v >= INT32_MIN && v <= INT32_MAX) return v | 0;
    if (v >= INT64_MIN && v <= INT64_MAX) return Long.fromNumber(v).toNumber();
  }
  return v;
}

/** One typed value alone in its object, or NOT_PLAIN. */
function typed(key: string, value: unknown, canonical: boolean): unknown {
  if (key === '$date') {
    if (typeof value === 'string') return new Date(Date.parse(value));
    if (canonical && value !== null && typeof value === 'object') {
      const inner = value as Record<string, unknown>;
      const keys = Object.keys(inner);
      if (keys.length === 1 && keys[0] === '$numberLong' && typeof inner.$numberLong === 'string' && LONG_FORM.test(inner.$numberLong)) {
        return new Date(Long.fromString(inner.$numberLong).toNumber());
      }
    }
    return NOT_PLAIN;
  }
  if (!canonical || typeof value !== 'string') return NOT_PLAIN;
  if (key === '$numberInt') return INT_FORM.test(value) && Math.abs(Number(value)) <= 2 ** 31 ? +value | 0 : NOT_PLAIN;
  if (key === '$numberDouble') return DOUBLE_FORM.test(value) ? parseFloat(value) : NOT_PLAIN;
  if (key === '$numberLong') return LONG_FORM.test(value) ? Long.fromString(value).toNumber() : NOT_PLAIN;
  return NOT_PLAIN;
}

function walk(value: unknown, canonical: boolean): unknown {
  if (typeof value === 'number') return canonical ? canonicalNumber(value) : value;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const v = walk(value[i], canonical);
      if (v === NOT_PLAIN) return NOT_PLAIN;
      value[i] = v;
    }
    return value;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && TYPED_KEYS.has(keys[0])) return typed(keys[0], obj[keys[0]], canonical);
  for (const key of keys) {
    if (TYPED_KEYS.has(key) || key === '__proto__' || key.includes('\u0000')) return NOT_PLAIN;
    const v = walk(obj[key], canonical);
    if (v === NOT_PLAIN) return NOT_PLAIN;
    obj[key] = v;
  }
  return obj;
}

/**
 * JSON.parse's output of a request's canonical EJSON as plain JS values, converted in place; NOT_PLAIN
 * (the input possibly half converted: parse the text again) when it needs the full path.
 */
export function plainCanonical(raw: unknown): unknown {
  return walk(raw, true);
}

/** A stored body (relaxed EJSON) as plain JS values, or NOT_PLAIN. */
export function plainStored(text: string): unknown {
  return walk(JSON.parse(text), false);
}

/**
 * Encoding, the other way: documents of plain objects, arrays, strings, numbers, booleans, null and
 * Dates (most of them) written out in one walk with exactly the text bson's `EJSON.stringify` gives
 * (bson 4.7: canonical numbers as the smallest of Int32, Int64 or Double that holds them exactly,
 * relaxed ones as they are unless not finite; Dates as `{$date: {$numberLong}}`, or relaxed within
 * 1970..9999 as an ISO string without zero milliseconds; `undefined` as null). Anything else (an
 * ObjectId, RegExp, Binary, bson wrapper, class instance, function, bigint, a document nested
 * deeper than MAX_DEPTH) answers NOT_PLAIN and the caller takes bson's path.
 */
const MAX_DEPTH = 200;
const DATE_RANGE_END = 253402318800000;

function numberText(v: number, canonical: boolean): string {
  if (!canonical && Number.isFinite(v)) return JSON.stringify(v);
  if (Math.floor(v) === v) {
    if (v >= INT32_MIN && v <= INT32_MAX) return `{"$numberInt":"${v.toString()}"}`;
    if (v >= INT64_MIN && v <= INT64_MAX) return `{"$numberLong":"${v.toString()}"}`;
  }
  return `{"$numberDouble":"${v.toString()}"}`;
}

function dateText(d: Date, canonical: boolean): string | typeof NOT_PLAIN {
  const t = d.getTime();
  if (!Number.isFinite(t)) return NOT_PLAIN;
  if (!canonical && t > -1 && t < DATE_RANGE_END) {
    const iso = d.toISOString();
    return `{"$date":"${d.getUTCMilliseconds() !== 0 ? iso : `${iso.slice(0, -5)}Z`}"}`;
  }
  return `{"$date":{"$numberLong":"${t.toString()}"}}`;
}

function encodeWalk(value: unknown, canonical: boolean, depth: number): string | typeof NOT_PLAIN {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return numberText(value, canonical);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'null';
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (value === null) return 'null';
  if (depth > MAX_DEPTH) return NOT_PLAIN;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      const v = encodeWalk(value[i], canonical, depth + 1);
      if (v === NOT_PLAIN) return NOT_PLAIN;
      out += i === 0 ? v : `,${v}`;
    }
    return `${out}]`;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Date.prototype) return dateText(value as Date, canonical);
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  let out = '{';
  let first = true;
  for (const key of Object.keys(value)) {
    // bson types are recognised by `_bsontype`; `__proto__` and `toJSON` take special paths there.
    if (key === '_bsontype' || key === '__proto__' || key === 'toJSON') return NOT_PLAIN;
    const v = encodeWalk((value as Record<string, unknown>)[key], canonical, depth + 1);
    if (v === NOT_PLAIN) return NOT_PLAIN;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${v}`;
    first = false;
  }
  return `${out}}`;
}

/** A value as canonical EJSON text (what CloudBase answers), or NOT_PLAIN. */
export function encodeCanonical(value: unknown): string | typeof NOT_PLAIN {
  return encodeWalk(value, true, 0);
}

/** A document as relaxed EJSON text (the stored form), or NOT_PLAIN. */
export function encodeRelaxed(value: unknown): string | typeof NOT_PLAIN {
  return encodeWalk(value, false, 0);
}
