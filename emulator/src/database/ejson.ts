import { EJSON, BSONRegExp, Int32, Double, Long, Decimal128, ObjectId, Binary, Timestamp } from 'bson';
import { CloudBaseError, DbErrorCode } from '../errors';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../http/json-depth';
import { encodeCanonical, encodeRelaxed, NOT_PLAIN, plainCanonical, plainStored } from './fast-ejson';

export type Doc = Record<string, unknown>;

const SERVER_DATE = '$tcb_server_date';

/**
 * Turns BSON wrapper types into the plain JS values the query engine understands: numbers for
 * Int32/Long/Double, RegExp for BSONRegExp. Dates stay Dates; ObjectIds stay ObjectIds.
 */
export function fromBson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || value instanceof RegExp || value instanceof ObjectId) return value;
  if (value instanceof Int32 || value instanceof Double) return value.valueOf();
  if (value instanceof Long) return value.toNumber();
  if (value instanceof Decimal128) return Number(value.toString());
  if (value instanceof BSONRegExp) {
    try {
      return new RegExp(value.pattern, value.options.replace(/[^gimsuy]/g, ''));
    } catch {
      throw new CloudBaseError(DbErrorCode.InvalidParam, `invalid regular expression: ${value.pattern}`);
    }
  }
  if (value instanceof Binary || value instanceof Timestamp) return value;
  if (Array.isArray(value)) return value.map(fromBson);
  const out: Doc = {};
  for (const [k, v] of Object.entries(value)) out[k] = fromBson(v);
  return out;
}

const NUMBER_FORMS: Record<string, RegExp> = {
  $numberInt: /^-?\d{1,10}$/,
  $numberLong: /^-?\d{1,19}$/,
  $numberDouble: /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|-?Infinity|NaN)$/,
  $numberDecimal: /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/,
};

/** bson quietly turns `{"$numberInt": "abc"}` into 0; CloudBase refuses it, so check wrappers first. */
function checkWrappers(value: unknown, what: string): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) checkWrappers(v, what);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    const form = NUMBER_FORMS[k];
    if (form && (typeof v !== 'string' || !form.test(v))) {
      throw new CloudBaseError(DbErrorCode.InvalidParam, `${what}: ${k} needs a numeric string, got ${JSON.stringify(v)}`);
    }
    if (k === '$numberInt' && Math.abs(Number(v)) > 2 ** 31) {
      throw new CloudBaseError(DbErrorCode.InvalidParam, `${what}: ${v} is out of range for $numberInt`);
    }
    checkWrappers(v, what);
  }
}

/** Parses one EJSON string of the wire protocol into plain JS values. */
export function decode(text: unknown, what: string): unknown {
  if (typeof text !== 'string') {
    throw new CloudBaseError(DbErrorCode.InvalidParam, `${what} must be an EJSON string`);
  }
  if (nestsDeeperThan(text)) throw new CloudBaseError(DbErrorCode.InvalidParam, `${what} nests deeper than ${MAX_JSON_DEPTH} levels`);
  let parsed: unknown;
  try {
    const plain = plainCanonical(JSON.parse(text));
    if (plain !== NOT_PLAIN) return plain;
    const raw = JSON.parse(text) as unknown;
    checkWrappers(raw, what);
    parsed = EJSON.deserialize(raw as Doc, { relaxed: false });
  } catch (err) {
    if (err instanceof CloudBaseError) throw err;
    throw new CloudBaseError(DbErrorCode.InvalidParam, `${what} is not valid EJSON: ${(err as Error).message}`);
  }
  const value = fromBson(parsed);
  return value;
}

export function decodeObject(text: unknown, what: string): Doc {
  const value = decode(text, what);
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) {
    throw new CloudBaseError(DbErrorCode.InvalidParam, `${what} must be an object`);
  }
  return value as Doc;
}

/** An ObjectId in canonical EJSON (a `$`-prefixed field name cannot be stored, so this is never data). */
const OID = /\{"\$oid":"([0-9a-f]{24})"\}/g;

/**
 * Canonical EJSON, as CloudBase answers (the SDK parses it back, relaxed, into JS numbers), with
 * ObjectIds as their 24 hex characters: node-sdk's own test reads a field it stored as
 * `db.ObjectId({id})` back through CloudBase and expects `id` (the SDK would turn `{$oid}` into `{}`).
 */
export function encode(value: unknown): string {
  const fast = encodeCanonical(value);
  if (fast !== NOT_PLAIN) return fast;
  const text = EJSON.stringify(value as Doc, { relaxed: false });
  return text.includes('"$oid"') ? text.replace(OID, '"$1"') : text;
}

/** The storage form: relaxed EJSON keeps plain numbers readable, and Dates and RegExps typed. */
export function encodeStored(doc: Doc): string {
  const fast = encodeRelaxed(doc);
  return fast !== NOT_PLAIN ? fast : EJSON.stringify(doc, { relaxed: true });
}

export function decodeStored(text: string): Doc {
  const plain = plainStored(text);
  if (plain !== NOT_PLAIN) return plain as Doc;
  return fromBson(EJSON.parse(text, { relaxed: true })) as Doc;
}

/**
 * Replaces every `{$tcb_server_date: {offset}}` with the server's clock plus offset (ms). A value
 * with none is returned as it is (the decoded request is the caller's own); one with some is copied
 * along the paths to them only.
 */
export function resolveServerDates(value: unknown, now: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || value instanceof RegExp || value instanceof ObjectId) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      const v = resolveServerDates(value[i], now);
      if (v !== value[i]) (out ??= [...value])[i] = v;
    }
    return out ?? value;
  }
  const obj = value as Doc;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === SERVER_DATE) {
    const spec = obj[SERVER_DATE] as { offset?: unknown } | null;
    const offset = spec && typeof spec === 'object' ? Number(spec.offset ?? 0) : 0;
    if (!Number.isFinite(offset)) throw new CloudBaseError(DbErrorCode.InvalidParam, 'serverDate offset must be a number');
    return new Date(now + offset);
  }
  let out: Doc | undefined;
  for (const k of keys) {
    const v = resolveServerDates(obj[k], now);
    if (v === obj[k]) continue;
    out ??= { ...obj };
    // A `__proto__` key is data here (JSON.parse and bson keep it as an own property): define, not set.
    Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
  }
  return out ?? obj;
}

/** A deep copy that keeps Dates, RegExps and ObjectIds. */
export function clone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof RegExp || value instanceof ObjectId) return value;
  if (Array.isArray(value)) return value.map(clone) as T;
  const out: Doc = {};
  for (const [k, v] of Object.entries(value as Doc)) out[k] = clone(v);
  return out as T;
}
