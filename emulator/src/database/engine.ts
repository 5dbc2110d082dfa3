import { ObjectId } from 'bson';
import type { Query } from 'mingo/types/query';
import { CloudBaseError, DbErrorCode } from '../errors';
import type { Doc } from './ejson';
import { mongoAggregator, mongoEqual, mongoFind, mongoQuery, mongoSort } from './mingo-ops';
import { mongoUpdate } from './mingo-update';

/**
 * Query, update and aggregation semantics come from mingo (a MongoDB-language engine). This file
 * adds what CloudBase does on top: operators it refuses, and errors where MongoDB is stricter than
 * mingo (mingo silently skips `$inc` on a string; CloudBase fails the request).
 */

const UNSUPPORTED = new Set(['$near', '$nearSphere', '$geoWithin', '$geoIntersects', '$geoNear', '$where', '$function', '$accumulator']);

/** The SDK command each geo operator comes from (`db.command.geoNear` sends `$nearSphere`), for the refusal's text. */
const GEO_COMMANDS: Record<string, string> = {
  $near: 'geoNear', $nearSphere: 'geoNear', $geoNear: 'geoNear', $geoWithin: 'geoWithin', $geoIntersects: 'geoIntersects',
};

function failed(message: string): CloudBaseError {
  return new CloudBaseError(DbErrorCode.RequestFailed, message);
}

/** Refuses geo operators (out of scope) and operators that would run caller-supplied code. */
export function assertSupported(value: unknown, where: string): void {
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof RegExp) return;
  if (Array.isArray(value)) {
    for (const v of value) assertSupported(v, where);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (UNSUPPORTED.has(k)) {
      const geo = GEO_COMMANDS[k];
      if (geo) {
        throw new CloudBaseError(
          DbErrorCode.Unsupported,
          `${geo} (${k}) is not supported by the local CloudBase (${where}): geo values (db.Geo) are stored and read back unchanged, geo queries run only on CloudBase`,
        );
      }
      throw new CloudBaseError(DbErrorCode.Unsupported, `${k} is not supported by the local CloudBase (${where})`);
    }
    assertSupported(v, where);
  }
}

export type Matcher = (doc: Doc) => boolean;

export function compileQuery(query: Doc): Matcher {
  assertSupported(query, 'query');
  const keys = Object.keys(query);
  if (keys.length === 0) return () => true;
  // `{_id: 'x'}` (every doc() call): a stored string _id matches exactly when it is the same string,
  // as in mingo; any other stored _id goes to mingo, compiled only then.
  if (keys.length === 1 && keys[0] === '_id' && typeof query._id === 'string') {
    const id = query._id;
    let other: Matcher | undefined;
    return (doc) => (typeof doc._id === 'string' ? doc._id === id : (other ??= mingoMatcher(query))(doc));
  }
  return mingoMatcher(query);
}

function mingoMatcher(query: Doc): Matcher {
  let q: Query;
  try {
    q = mongoQuery(query);
  } catch (err) {
    throw failed(`invalid query: ${(err as Error).message}`);
  }
  return (doc) => {
    try {
      return q.test(doc);
    } catch (err) {
      throw failed(`invalid query: ${(err as Error).message}`);
    }
  };
}

type Order = Record<string, 1 | -1>;

export function validateOrder(order: Doc): Order {
  for (const [k, v] of Object.entries(order)) {
    if (v !== 1 && v !== -1) throw new CloudBaseError(DbErrorCode.InvalidParam, `order of ${k} must be 1 or -1`);
  }
  return order as Order;
}

/** Sorts, skips, limits and projects with MongoDB's type ordering (null < numbers < strings ...). */
export function shape(docs: Doc[], opts: { order?: Order; offset?: number; limit?: number; projection?: Doc }): Doc[] {
  // Nothing to order, skip, cut or project (a get by id): the documents as they are, as mingo's cursor answers them.
  const plain = !opts.offset && !(opts.order && Object.keys(opts.order).length) && !(opts.projection && Object.keys(opts.projection).length);
  if (plain && (opts.limit === undefined || docs.length <= opts.limit)) return docs;
  try {
    // MongoDB's order of types (an ObjectId after strings, before booleans; mingo ranks it last).
    const sorted = opts.order && Object.keys(opts.order).length ? mongoSort(docs, opts.order) : docs;
    let cursor = mongoFind(sorted, opts.projection && Object.keys(opts.projection).length ? opts.projection : undefined);
    if (opts.offset) cursor = cursor.skip(opts.offset);
    if (opts.limit !== undefined) cursor = cursor.limit(opts.limit);
    const out = cursor.all() as Doc[];
    // A projection $elemMatch that matches nothing leaves the field out (mingo leaves it undefined).
    if (opts.projection) for (const d of out) for (const k of Object.keys(d)) if (d[k] === undefined) delete d[k];
    return out;
  } catch (err) {
    throw failed(`invalid projection or order: ${(err as Error).message}`);
  }
}

export function aggregate(docs: Doc[], stages: Doc[], resolve: (name: string) => Doc[]): Doc[] {
  assertSupported(stages, 'aggregate');
  try {
    return mongoAggregator(stages, resolve).run(docs) as Doc[];
  } catch (err) {
    if (err instanceof CloudBaseError) throw err;
    throw failed(`invalid aggregate pipeline: ${(err as Error).message}`);
  }
}

const UPDATE_OPS = new Set(['$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$push', '$pop', '$pull', '$pullAll', '$addToSet', '$currentDate', '$bit']);
const NUMERIC_OPS = new Set(['$inc', '$mul']);
const ARRAY_OPS = new Set(['$push', '$addToSet', '$pop', '$pull', '$pullAll']);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof ObjectId) return 'objectId';
  return typeof value;
}

/** A value no update path goes through (MongoDB's scalars; an ObjectId has properties of its own in JavaScript). */
const isScalar = (v: unknown) => v === null || typeof v !== 'object' || v instanceof Date || v instanceof ObjectId;

/** Walks to the parent of `path`; fails as MongoDB does when a scalar sits in the way. */
function checkPath(doc: Doc, path: string, op: string, operand: unknown): void {
  const parts = path.split('.');
  if (parts.some((p) => p === '')) throw failed(`The update path '${path}' contains an empty field name`);
  if (parts[0] === '_id') throw failed(`Performing an update on the path '_id' would modify the immutable field '_id'`);
  let cur: unknown = doc;
  for (let i = 0; i < parts.length - 1; i += 1) {
    if (cur === undefined) return;
    if (isScalar(cur)) {
      if (op === '$unset') return;
      throw failed(`Cannot create field '${parts[i]}' in element {${parts[i - 1] ?? ''}: ${JSON.stringify(cur)}}`);
    }
    cur = (cur as Doc)[parts[i]];
  }
  if (cur === null || cur === undefined) {
    if (cur === null && op !== '$unset' && parts.length > 1) {
      throw failed(`Cannot create field '${parts[parts.length - 1]}' in element {${parts[parts.length - 2]}: null}`);
    }
    return;
  }
  if (isScalar(cur)) {
    if (op === '$unset') return;
    throw failed(`Cannot create field '${parts[parts.length - 1]}' in element {${parts[parts.length - 2]}: ${JSON.stringify(cur)}}`);
  }
  const existing = (cur as Doc)[parts[parts.length - 1]];
  if (NUMERIC_OPS.has(op)) {
    if (typeof operand !== 'number') throw failed(`Cannot ${op.slice(1)} with non-numeric argument: {${path}: ${JSON.stringify(operand)}}`);
    if (existing !== undefined && typeof existing !== 'number') {
      throw failed(`Cannot apply ${op} to a value of non-numeric type. {${path}} has the field of non-numeric type ${describe(existing)}`);
    }
  }
  if (ARRAY_OPS.has(op) && existing !== undefined && !Array.isArray(existing)) {
    throw failed(`The field '${path}' must be an array but is of type ${describe(existing)}`);
  }
}

function conflicts(paths: string[]): string | undefined {
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i += 1) {
    if (sorted[i] === sorted[i - 1] || sorted[i].startsWith(`${sorted[i - 1]}.`)) return sorted[i];
  }
  return undefined;
}

/** Checks an update document's form once, before any document is touched. */
export function validateUpdate(spec: Doc): void {
  const ops = Object.keys(spec);
  if (ops.length === 0) throw new CloudBaseError(DbErrorCode.InvalidParam, 'update data must not be empty');
  const paths: string[] = [];
  for (const op of ops) {
    if (!UPDATE_OPS.has(op)) throw new CloudBaseError(DbErrorCode.InvalidParam, `unknown update operator: ${op}`);
    const fields = spec[op];
    if (!fields || typeof fields !== 'object' || Array.isArray(fields)) {
      throw new CloudBaseError(DbErrorCode.InvalidParam, `${op} needs an object of field paths`);
    }
    for (const [path, operand] of Object.entries(fields as Doc)) {
      paths.push(path);
      if (op === '$rename') {
        if (typeof operand !== 'string' || operand === path) throw failed(`$rename target of '${path}' must be another field name`);
        paths.push(operand);
      }
    }
  }
  assertSupported(spec, 'update');
  const clash = conflicts(paths);
  if (clash) throw failed(`Updating the path '${clash}' would create a conflict`);
}

/** Applies a validated update to `doc` in place. Returns whether anything changed. */
export function applyUpdate(doc: Doc, spec: Doc): boolean {
  for (const [op, fields] of Object.entries(spec)) {
    for (const [path, operand] of Object.entries(fields as Doc)) {
      checkPath(doc, path, op, operand);
      if (op === '$rename') checkPath(doc, operand as string, '$set', undefined);
    }
  }
  try {
    const { rest, pulled } = pullAsMongo(doc, spec);
    if (Object.keys(rest).length === 0) return pulled;
    return mongoUpdate(doc, rest) || pulled;
  } catch (err) {
    throw failed(`invalid update: ${(err as Error).message}`);
  }
}

const isPlain = (v: unknown): v is Doc => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp) && !(v instanceof ObjectId);

/**
 * `$pull` as MongoDB applies it (mingo removes scalars and nested arrays that a document condition
 * cannot match): a document condition removes the elements that are documents matching it as a
 * query; an operator condition (`{$gte: 6}`) tests every element; any other value removes equal
 * elements. Paths through arrays or with positional operators are left to mingo.
 */
function pullAsMongo(doc: Doc, spec: Doc): { rest: Doc; pulled: boolean } {
  const pull = spec.$pull as Doc | undefined;
  if (!pull) return { rest: spec, pulled: false };
  const left: Doc = {};
  let pulled = false;
  for (const [path, cond] of Object.entries(pull)) {
    const parts = path.split('.');
    let parent: unknown = doc;
    for (const p of parts.slice(0, -1)) parent = isPlain(parent) ? parent[p] : undefined;
    if (parts.some((p) => p.startsWith('$')) || (parent !== undefined && !isPlain(parent))) {
      left[path] = cond;
      continue;
    }
    const arr = isPlain(parent) ? parent[parts[parts.length - 1]] : undefined;
    if (!Array.isArray(arr)) continue;
    let remove: (e: unknown) => boolean;
    if (isPlain(cond)) {
      const keys = Object.keys(cond);
      const valueForm = keys.length > 0 && keys.every((k) => k.startsWith('$') && k !== '$and' && k !== '$or' && k !== '$nor' && k !== '$expr');
      if (valueForm) {
        const q = mongoQuery({ v: cond });
        remove = (e) => q.test({ v: e });
      } else {
        const q = mongoQuery(cond);
        remove = (e) => isPlain(e) && q.test(e);
      }
    } else {
      remove = (e) => mongoEqual(e, cond);
    }
    const kept = arr.filter((e) => !remove(e));
    if (kept.length !== arr.length) {
      (parent as Doc)[parts[parts.length - 1]] = kept;
      pulled = true;
    }
  }
  const rest = { ...spec };
  if (Object.keys(left).length) rest.$pull = left;
  else delete rest.$pull;
  return { rest, pulled };
}

/** Field names MongoDB refuses in stored documents ($-prefixed). */
export function assertStorable(doc: Doc, path = ''): void {
  for (const [k, v] of Object.entries(doc)) {
    // MongoDB refuses the document (CloudBase passes its error on as DATABASE_REQUEST_FAILED).
    if (k.startsWith('$')) throw failed(`The dollar ($) prefixed field '${k}' in '${path}${k}' is not valid for storage.`);
    // A '.' in a stored field name is accepted, as CloudBase (MongoDB 5+) stores it: node-sdk's own
    // test adds {'key.': '1'} and expects an id. Queries and updates still read '.' as a path.
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp)) {
      assertStorable(v as Doc, `${path}${k}.`);
    }
  }
}
