/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * mingo with MongoDB's answers where mingo 7.2.7 (the newest release) gives others. The engine builds
 * its queries and pipelines on mingo's base classes with this operator table, in which the operators
 * below replace mingo's own; everything else is mingo's. Each replacement is held to MongoDB's
 * documented results by `emulator/test/db-mongo-semantics.test.ts`.
 *
 * - `$elemMatch` with document conditions (`{a: {$elemMatch: {b: 1}}}`): MongoDB tests each array
 *   element that is a document (an array element as the document of its indexes) and never a
 *   scalar; mingo tests scalars and nested arrays as if the condition were on the array itself.
 *   `$all` of `$elemMatch`es is their `$and`.
 * - `$jsonSchema` in queries: mingo needs a validator; `json-schema.ts` is MongoDB's draft-4 subset.
 * - `$indexOfCP` (missing in mingo), `$substr` / `$substrBytes` with a negative count (to the end,
 *   as MongoDB does; mingo refuses it) or a count past the end (MongoDB stops at the end).
 * - `$week` and `$isoWeekYear` (mingo is wrong around New Year), and the other day/week parts, all
 *   with `{date, timezone}`; `$dateToString`'s %U %V %G %u %w %j and `$dateToParts` with `iso8601`.
 * - ObjectIds: sorted in MongoDB's order of types (`mongoSort`, for find and `$sort`; mingo ranks
 *   them last, and missing before null), `$type` (query and expression), `$toString`, `$toDate`,
 *   `$toObjectId` and `$convert` on them; `$lookup` with an array `localField` (mingo adds `undefined`
 *   for each element that joins nothing).
 */
import type { Context as ContextT } from 'mingo/types/core/_internal';
import type { Query as QueryT } from 'mingo/types/query';
import type { Aggregator as AggregatorT } from 'mingo/types/aggregator';
import { Binary, ObjectId, Timestamp } from 'bson';
import { compileJsonSchema } from './json-schema';

type AnyObject = Record<string, unknown>;
type Options = { context: ContextT } & AnyObject;

const { Context } = require('mingo/core') as { Context: typeof ContextT };
const { Query: BaseQuery } = require('mingo/query') as { Query: typeof QueryT };
const { Aggregator: BaseAggregator } = require('mingo/aggregator') as { Aggregator: typeof AggregatorT };
const { Lazy } = require('mingo/lazy') as { Lazy: (source: unknown) => unknown };
const { evalExpr } = require('mingo/core') as { evalExpr: (obj: unknown, expr: unknown, options: unknown) => unknown };
const computeValue = (obj: unknown, expr: unknown, _op: null, options: unknown) => evalExpr(obj, expr, options);
const { resolve, isOperator, isEqual, ensureArray, compare: mingoCompare } = require('mingo/util') as {
  ensureArray: (v: unknown) => unknown[];
  compare: (a: unknown, b: unknown) => number;
  resolve: (obj: unknown, selector: string, options?: { unwrapArray?: boolean }) => unknown;
  isOperator: (name: string) => boolean;
  isEqual: (a: unknown, b: unknown) => boolean;
};

/** MongoDB's equality of two values (documents field by field, arrays element by element). */
export const mongoEqual = (a: unknown, b: unknown): boolean => isEqual(a, b);

/** mingo's own operator tables (its default context), before MongoDB's answers replace some. */
export const ops = {
  accumulator: require('mingo/operators/accumulator'),
  expression: require('mingo/operators/expression'),
  pipeline: require('mingo/operators/pipeline'),
  projection: require('mingo/operators/projection'),
  query: require('mingo/operators/query'),
  window: require('mingo/operators/window'),
} as Record<string, AnyObject>;

class MongoError extends Error {}
const fail = (message: string): never => {
  throw new MongoError(message);
};

const isPlainObject = (v: unknown): v is AnyObject =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp);

// ---------------------------------------------------------------- $elemMatch

/** Value form (`{$gt: 1}`): every key an operator other than the logical ones; tests the element. */
function isValueForm(criteria: AnyObject): boolean {
  const keys = Object.keys(criteria);
  return keys.length > 0 && keys.every((k) => isOperator(k) && k !== '$and' && k !== '$or' && k !== '$nor' && k !== '$expr');
}

function $elemMatch(selector: string, criteria: unknown, options: Options) {
  const test = elementTest(criteria, options);
  return (obj: unknown) => {
    const value = resolve(obj, selector, { unwrapArray: true });
    return Array.isArray(value) && value.some(test);
  };
}

/** Projection `{items: {$elemMatch: c}}`: the first element matching as in a query, or no field. */
function $elemMatchProjection(obj: unknown, criteria: unknown, field: string, options: Options) {
  const arr = resolve(obj, field);
  if (!Array.isArray(arr)) return undefined;
  const hit = arr.find(elementTest(criteria, options));
  return hit === undefined ? undefined : [hit];
}

function elementTest(criteria: unknown, options: Options): (element: unknown) => boolean {
  if (!isPlainObject(criteria)) fail('$elemMatch needs an Object');
  const c = criteria as AnyObject;
  let test: (element: unknown) => boolean;
  if (isValueForm(c)) {
    const q = new BaseQuery({ v: c }, options as never);
    test = (e) => q.test({ v: e });
  } else {
    const q = Object.keys(c).length ? new BaseQuery(c, options as never) : null;
    test = (e) => {
      // MongoDB: only documents take document conditions; an array element is the document {"0": .., "1": ..}.
      const docOf = Array.isArray(e) ? Object.fromEntries(e.map((x, i) => [String(i), x])) : isPlainObject(e) ? e : undefined;
      if (docOf === undefined) return false;
      return q ? q.test(docOf) : true;
    };
  }
  return test;
}

/** `$all` of `$elemMatch` conditions is the `$and` of those `$elemMatch`es (mingo's `$all` used its own). */
function $all(selector: string, value: unknown, options: Options) {
  const elemMatches =
    Array.isArray(value) && value.length > 0 && value.every((v) => isPlainObject(v) && Object.keys(v).length === 1 && '$elemMatch' in v);
  if (!elemMatches) return (ops.query.$all as typeof $elemMatch)(selector, value, options);
  const preds = (value as AnyObject[]).map((v) => $elemMatch(selector, v.$elemMatch, options));
  return (obj: unknown) => preds.every((p) => p(obj));
}

// ---------------------------------------------------------------- strings

const evalArgs = (obj: unknown, expr: unknown, options: unknown) => computeValue(obj, expr, null, options) as unknown[];

function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

function wholeNumber(v: unknown, op: string, what: string): number {
  if (typeof v !== 'number' || Number.isNaN(v)) fail(`${op}: ${what} must be a numeric type`);
  return Math.trunc(v as number);
}

/** `$substrBytes` / `$substr`: MongoDB's ExpressionSubstrBytes (negative or long counts run to the end). */
function substrBytes(op: string) {
  return (obj: unknown, expr: unknown, options: unknown) => {
    if (!Array.isArray(expr) || expr.length !== 3) fail(`Expression ${op} takes exactly 3 arguments`);
    const [s, lowerV, countV] = evalArgs(obj, expr, options);
    let str: string;
    if (s === null || s === undefined) str = '';
    else if (typeof s === 'string') str = s;
    else if (typeof s === 'number') str = String(s);
    else if (s instanceof Date) str = s.toISOString();
    else return fail(`${op}: can't convert from BSON type ${Array.isArray(s) ? 'array' : typeof s} to String`);
    const lower = wholeNumber(lowerV, op, 'starting index');
    const count = wholeNumber(countV, op, 'length');
    if (lower < 0) fail(`${op}: starting index must be non-negative (got: ${lower})`);
    const bytes = Buffer.from(str, 'utf8');
    if (lower >= bytes.length) return '';
    const isContinuation = (i: number) => i < bytes.length && (bytes[i] & 0xc0) === 0x80;
    if (isContinuation(lower)) fail(`${op}:  Invalid range, starting index is a UTF-8 continuation byte.`);
    const length = count < 0 || lower + count > bytes.length ? bytes.length - lower : count;
    if (isContinuation(lower + length)) fail(`${op}:  Invalid range, ending index is in the middle of a UTF-8 character.`);
    return bytes.subarray(lower, lower + length).toString('utf8');
  };
}

/** `$indexOfCP`: code-point index of the first occurrence in [start, end), -1 when absent. */
function $indexOfCP(obj: unknown, expr: unknown, options: unknown) {
  const op = '$indexOfCP';
  if (!Array.isArray(expr) || expr.length < 2 || expr.length > 4) fail(`Expression ${op} takes at least 2 arguments, and at most 4`);
  const [s, token, startV, endV] = evalArgs(obj, expr, options);
  if (s === null || s === undefined) return null;
  if (typeof s !== 'string') fail(`${op} requires a string as the first argument, found: ${typeof s}`);
  if (typeof token !== 'string') fail(`${op} requires a string as the second argument, found: ${token === null ? 'null' : typeof token}`);
  const cps = Array.from(s as string);
  const index = (v: unknown, which: string) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) fail(`${op} requires an integral ${which} index, found a value of type: ${typeof v}`);
    if ((v as number) < 0) fail(`${op} requires a nonnegative ${which} index, found: ${v}`);
    return v as number;
  };
  const argc = (expr as unknown[]).length;
  const start = argc > 2 ? index(startV, 'starting') : 0;
  let end = argc > 3 ? index(endV, 'ending') : cps.length;
  if (start > cps.length || start > end) return -1;
  end = Math.min(end, cps.length);
  const tokenCps = Array.from(token as string);
  for (let i = start; i + tokenCps.length <= end; i += 1) {
    let ok = true;
    for (let j = 0; j < tokenCps.length && ok; j += 1) ok = cps[i + j] === tokenCps[j];
    if (ok) return i;
  }
  return -1;
}

// ---------------------------------------------------------------- dates

const offsetCache = new Map<string, Intl.DateTimeFormat>();

/** Offset in minutes east of UTC of `tz` ("+08:00", "+0800", "+08", "-05:30", "Asia/Shanghai", "UTC") at `at`. */
function offsetMinutes(tz: string, at: Date, op: string): number {
  const m = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(tz);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  let fmt = offsetCache.get(tz);
  if (!fmt) {
    try {
      fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      return fail(`${op}: unrecognized time zone identifier: "${tz}"`);
    }
    offsetCache.set(tz, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(at).map((p) => [p.type, p.value]));
  const local = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return Math.round((local - Math.floor(at.getTime() / 1000) * 1000) / 60000);
}

/** The date argument (`<date>`, `[<date>]` or `{date, timezone}`) as a Date whose UTC fields are local time. */
function localDate(obj: unknown, expr: unknown, options: unknown, op: string): Date | null {
  let dateExpr = expr;
  let tzExpr: unknown;
  if (Array.isArray(expr)) {
    if (expr.length !== 1) fail(`${op} takes exactly 1 arguments. ${expr.length} were passed in.`);
    dateExpr = expr[0];
  } else if (isPlainObject(expr) && 'date' in expr) {
    for (const k of Object.keys(expr)) if (k !== 'date' && k !== 'timezone') fail(`unrecognized option to ${op}: "${k}"`);
    dateExpr = expr.date;
    tzExpr = expr.timezone;
  }
  const d = computeValue(obj, dateExpr, null, options);
  if (d === null || d === undefined) return null;
  if (!(d instanceof Date)) fail(`can't convert from BSON type ${typeof d} to Date`);
  const date = d as Date;
  let tz: unknown = tzExpr === undefined ? undefined : computeValue(obj, tzExpr, null, options);
  if (tzExpr !== undefined && (tz === null || tz === undefined)) return null;
  if (tz !== undefined && typeof tz !== 'string') fail(`${op}: timezone must evaluate to a string, found ${typeof tz}`);
  const shift = tz === undefined ? 0 : offsetMinutes(tz as string, date, op);
  return new Date(date.getTime() + shift * 60000);
}

const DAY = 86400000;
const dayOfYear = (d: Date) => Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY) + 1;
const isoDayOfWeek = (d: Date) => d.getUTCDay() || 7;
/** The Thursday of `d`'s ISO week decides the ISO year and week (ISO 8601). */
const isoThursday = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) + (4 - isoDayOfWeek(d)) * DAY);

const DATE_PARTS: Record<string, (d: Date) => number> = {
  $dayOfYear: dayOfYear,
  $dayOfWeek: (d) => d.getUTCDay() + 1, // 1 = Sunday
  $isoDayOfWeek: isoDayOfWeek, // 1 = Monday, 7 = Sunday
  // Weeks start on Sunday; the days before the year's first Sunday are week 0 (strftime %U).
  $week: (d) => Math.floor((dayOfYear(d) - 1 + 7 - d.getUTCDay()) / 7),
  $isoWeek: (d) => Math.floor((dayOfYear(isoThursday(d)) - 1) / 7) + 1,
  $isoWeekYear: (d) => isoThursday(d).getUTCFullYear(),
};

const dateOps = Object.fromEntries(
  Object.entries(DATE_PARTS).map(([op, part]) => [
    op,
    (obj: unknown, expr: unknown, options: unknown) => {
      const d = localDate(obj, expr, options, op);
      return d === null ? null : part(d);
    },
  ]),
);

type ExprFn = (obj: unknown, expr: unknown, options: unknown) => unknown;
const mingoDateToString = ops.expression.$dateToString as ExprFn;
const mingoDateToParts = ops.expression.$dateToParts as ExprFn;
const FORMAT_PARTS: Record<string, [(d: Date) => number, number]> = {
  U: [DATE_PARTS.$week, 2],
  V: [DATE_PARTS.$isoWeek, 2],
  G: [DATE_PARTS.$isoWeekYear, 4],
  u: [isoDayOfWeek, 1],
  w: [DATE_PARTS.$dayOfWeek, 1], // MongoDB: 1 = Sunday ... 7 = Saturday
  j: [dayOfYear, 3],
};

/** `$dateToString`: the week-based specifiers (%U %V %G %u %w %j) as MongoDB writes them; the rest is mingo's. */
function $dateToString(obj: unknown, expr: unknown, options: unknown) {
  if (!isPlainObject(expr) || typeof expr.format !== 'string' || !/%[UVGuwj%]/.test(expr.format)) return mingoDateToString(obj, expr, options);
  const d = localDate(obj, { date: expr.date, ...(expr.timezone === undefined ? {} : { timezone: expr.timezone }) }, options, '$dateToString');
  if (d === null) return mingoDateToString(obj, expr, options);
  // '%%' is a literal '%' (mingo drops it): each piece between them is formatted on its own.
  return expr.format
    .split('%%')
    .map((piece) => {
      const format = piece.replace(/%([UVGuwj])/g, (_whole, c: string) => {
        const [part, width] = FORMAT_PARTS[c];
        return String(part(d)).padStart(width, '0');
      });
      return format === '' ? '' : mingoDateToString(obj, { ...expr, format }, options);
    })
    .join('%');
}

/** `$dateToParts` with `iso8601: true`: MongoDB's ISO week-year (mingo's is wrong around New Year). */
function $dateToParts(obj: unknown, expr: unknown, options: unknown) {
  if (!isPlainObject(expr) || !('iso8601' in expr)) return mingoDateToParts(obj, expr, options);
  const iso = evalExpr(obj, expr.iso8601, options);
  if (iso !== true) return mingoDateToParts(obj, { date: expr.date, ...(expr.timezone === undefined ? {} : { timezone: expr.timezone }) }, options);
  const d = localDate(obj, { date: expr.date, ...(expr.timezone === undefined ? {} : { timezone: expr.timezone }) }, options, '$dateToParts');
  if (d === null) return null;
  return {
    isoWeekYear: DATE_PARTS.$isoWeekYear(d),
    isoWeek: DATE_PARTS.$isoWeek(d),
    isoDayOfWeek: isoDayOfWeek(d),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}

// ---------------------------------------------------------------- ObjectId and MongoDB's order of types

/**
 * MongoDB's comparison order of BSON types (its manual, "Comparison/Sort Order"): null and missing,
 * numbers, strings, objects, arrays, binary data, ObjectId, booleans, dates, timestamps, regular
 * expressions. mingo ranks ObjectIds (and other classes) after everything, and null after missing.
 */
function typeRank(v: unknown): number {
  if (v === null || v === undefined) return 1;
  switch (typeof v) {
    case 'number':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 8;
    default:
      break;
  }
  if (v === EMPTY_ARRAY) return 0;
  if (v instanceof ObjectId) return 7;
  if (v instanceof Date) return 9;
  if (v instanceof Timestamp) return 10;
  if (v instanceof RegExp) return 11;
  if (Array.isArray(v)) return 5;
  if (v instanceof Binary || ArrayBuffer.isView(v)) return 6;
  return 4;
}

/** The sort key of an empty array: MongoDB ranks it below null and missing. */
const EMPTY_ARRAY = Symbol('empty array');

/** MongoDB's order of two values: type first, then value (values of one type as mingo compares them). */
export function mongoCompare(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (ra <= 1) return 0;
  if (ra === 7) {
    const [x, y] = [(a as ObjectId).toHexString(), (b as ObjectId).toHexString()];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return mingoCompare(a, b);
}

/** An array sorts by its smallest element ascending and its largest descending (MongoDB). */
function sortValue(v: unknown, dir: 1 | -1): unknown {
  if (!Array.isArray(v)) return v;
  if (v.length === 0) return EMPTY_ARRAY;
  return v.reduce((best, x) => (dir * mongoCompare(x, best) < 0 ? x : best));
}

/** Documents in MongoDB's order for `order` (stable: ties keep their order). */
export function mongoSort<T>(docs: T[], order: Record<string, number>): T[] {
  const keys = Object.entries(order) as Array<[string, 1 | -1]>;
  const rows = docs.map((doc, i) => ({ doc, i, vals: keys.map(([k, dir]) => sortValue(resolve(doc, k), dir)) }));
  rows.sort((x, y) => {
    for (let j = 0; j < keys.length; j += 1) {
      const c = mongoCompare(x.vals[j], y.vals[j]) * keys[j][1];
      if (c !== 0) return c;
    }
    return x.i - y.i;
  });
  return rows.map((r) => r.doc);
}

/** The `$sort` stage in MongoDB's order (a collation or `$meta` key stays mingo's). */
function $sort(coll: { transform(f: (docs: AnyObject[]) => unknown): unknown }, sortKeys: unknown, options: Options): unknown {
  const plain = isPlainObject(sortKeys) && Object.keys(sortKeys).length > 0 && Object.values(sortKeys).every((d) => d === 1 || d === -1);
  if (!plain || isPlainObject((options as AnyObject).collation)) return (ops.pipeline.$sort as typeof $sort)(coll, sortKeys, options);
  return coll.transform((docs) => Lazy(mongoSort(docs, sortKeys as Record<string, number>)));
}

/** `$lookup`: mingo adds `undefined` for each element of an array `localField` that joins nothing. */
function $lookup(coll: { map(f: (doc: AnyObject) => AnyObject): unknown }, expr: AnyObject, options: Options) {
  const joined = (ops.pipeline.$lookup as typeof $lookup)(coll, expr, options) as typeof coll;
  const as = expr.as as string;
  return joined.map((doc) => (Array.isArray(doc[as]) && doc[as].includes(undefined) ? { ...doc, [as]: doc[as].filter((d: unknown) => d !== undefined) } : doc));
}

const OBJECT_ID_TYPES = new Set<unknown>(['objectId', 7]);

/** Query `$type: 'objectId'` (or 7), alone or in a list; other types are mingo's. */
function $typeQuery(selector: string, value: unknown, options: Options) {
  const wanted = Array.isArray(value) ? value : [value];
  const rest = wanted.filter((t) => !OBJECT_ID_TYPES.has(t));
  const oid = rest.length !== wanted.length;
  const base = rest.length ? (ops.query.$type as typeof $elemMatch)(selector, Array.isArray(value) ? rest : rest[0], options) : () => false;
  return (obj: unknown) => base(obj) || (oid && ensureArray(resolve(obj, selector, { unwrapArray: true })).some((v) => v instanceof ObjectId));
}

const oneArg = (expr: unknown) => (Array.isArray(expr) && expr.length === 1 ? expr[0] : expr);

/** An expression operator that answers for ObjectId inputs itself and leaves the rest to mingo's. */
function forObjectId(op: string, answer: (v: ObjectId) => unknown) {
  const mingoOp = ops.expression[op] as ExprFn | undefined;
  return (obj: unknown, expr: unknown, options: unknown) => {
    const v = computeValue(obj, oneArg(expr), null, options);
    if (v instanceof ObjectId) return answer(v);
    return mingoOp ? mingoOp(obj, expr, options) : fail(`unknown operator ${op}`);
  };
}

/** A value as an ObjectId, as `$toObjectId` converts it (24 hex characters or an ObjectId). */
function toObjectId(v: unknown): ObjectId | null {
  if (v === null || v === undefined) return null;
  if (v instanceof ObjectId) return v;
  if (typeof v === 'string' && /^[0-9a-fA-F]{24}$/.test(v)) return new ObjectId(v);
  return fail(`Failed to parse objectId '${String(v)}' in $convert with no onError value: ${typeof v === 'string' ? 'Invalid string length' : `Unsupported conversion from ${typeof v} to objectId`}`);
}

function $toObjectId(obj: unknown, expr: unknown, options: unknown) {
  return toObjectId(computeValue(obj, oneArg(expr), null, options));
}

/** `$convert` to objectId, and from an ObjectId to a string or a date; everything else is mingo's. */
function $convert(obj: unknown, expr: unknown, options: unknown) {
  if (!isPlainObject(expr)) return (ops.expression.$convert as ExprFn)(obj, expr, options);
  const to = computeValue(obj, expr.to, null, options);
  const input = computeValue(obj, expr.input, null, options);
  const toOid = OBJECT_ID_TYPES.has(to);
  if (!toOid && !(input instanceof ObjectId)) return (ops.expression.$convert as ExprFn)(obj, expr, options);
  if ((input === null || input === undefined) && 'onNull' in expr) return computeValue(obj, expr.onNull, null, options);
  try {
    if (toOid) return toObjectId(input);
    const oid = input as ObjectId;
    if (to === 'string' || to === 2) return oid.toHexString();
    if (to === 'date' || to === 9) return oid.getTimestamp();
    if (to === 'bool' || to === 8) return true;
    return fail(`Unsupported conversion from objectId to ${String(to)} in $convert with no onError value`);
  } catch (err) {
    if ('onError' in expr) return computeValue(obj, expr.onError, null, options);
    throw err;
  }
}

const objectIdExpressions = {
  $type: forObjectId('$type', () => 'objectId'),
  $toString: forObjectId('$toString', (v) => v.toHexString()),
  $toDate: forObjectId('$toDate', (v) => v.getTimestamp()),
  $toObjectId,
  $convert,
};

// ---------------------------------------------------------------- the table

const CONTEXT = Context.init({
  ...ops,
  query: { ...ops.query, $elemMatch, $all, $type: $typeQuery },
  projection: { ...ops.projection, $elemMatch: $elemMatchProjection },
  pipeline: { ...ops.pipeline, $sort, $lookup },
  expression: {
    ...ops.expression, $indexOfCP, $substr: substrBytes('$substr'), $substrBytes: substrBytes('$substrBytes'), ...dateOps, $dateToString, $dateToParts,
    ...objectIdExpressions,
  },
} as never);

const OPTIONS = { context: CONTEXT, jsonSchemaValidator: compileJsonSchema } as const;

/**
 * OPTIONS as mingo's own ComputeOptions, made once. Given a plain object, every new Query copies each
 * operator table of its context (hundreds of entries: a quarter of a get by id's time in the
 * emulator); given a ComputeOptions, it copies only that one's locals (none here), so each query
 * still has its own. mingo does not export the class: an expression operator receives an instance.
 */
const QUERY_OPTIONS: unknown = (() => {
  let made: { constructor?: { init?: (o: unknown) => unknown } } | undefined;
  const probe = Context.init({ expression: { $emulatorOptions: (_obj: unknown, _expr: unknown, o: typeof made) => (made = o) } } as never);
  evalExpr({}, { $emulatorOptions: 1 }, { context: probe });
  return typeof made?.constructor?.init === 'function' ? made.constructor.init(OPTIONS) : OPTIONS;
})();

export function mongoQuery(condition: AnyObject): QueryT {
  return new BaseQuery(condition, QUERY_OPTIONS as never);
}

/** A cursor over `docs` (every one) with MongoDB's projection operators, for sort/skip/limit/project. */
export function mongoFind(docs: AnyObject[], projection: AnyObject | undefined) {
  return new BaseQuery({}, QUERY_OPTIONS as never).find(docs, projection);
}

export function mongoAggregator(stages: AnyObject[], collectionResolver: (name: string) => AnyObject[]): AggregatorT {
  return new BaseAggregator(stages, { ...OPTIONS, collectionResolver } as never);
}
