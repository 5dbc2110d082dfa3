import { randomBytes } from 'node:crypto';
import { EJSON, ObjectId } from 'bson';
import { decodeStored, encodeStored, fromBson, type Doc } from './ejson';
import { indexKeysOf, keyOf } from './keys';
import type { IndexKeys, Row } from './store';
import type { IndexSpec } from './schema';

/** Stored bodies without any `$`-typed value parse with plain JSON.parse, which is several times faster. */
export function decodeBody(body: string): Doc {
  return body.includes('"$') ? decodeStored(body) : (JSON.parse(body) as Doc);
}

export function decodeRow(row: Row): Doc {
  return decodeBody(row.body);
}

export function encodeBody(doc: Doc): string {
  return encodeStored(doc);
}

export function idKeyOf(doc: Doc): string {
  return keyOf(doc._id);
}

export function indexKeys(doc: Doc, indexes: IndexSpec[]): IndexKeys {
  const keys: IndexKeys = new Map();
  for (const index of indexes) keys.set(index.name, indexKeysOf(doc, index));
  return keys;
}

/** Random bytes for ids, drawn from the system 12 at a time out of a pool (one system call per 340 ids). */
const POOL_SIZE = 4092;
let pool = Buffer.alloc(0);
let poolAt = POOL_SIZE;

/** Ids shaped like CloudBase's: 32 hex characters, time first so natural order roughly follows them. */
export function newId(now: number): string {
  if (poolAt + 12 > pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolAt = 0;
  }
  const random = pool.toString('hex', poolAt, poolAt + 12);
  poolAt += 12;
  return Math.floor(now / 1000).toString(16).padStart(8, '0') + random;
}

/**
 * `_id` as the protocol's insertedIds / upsert_id carry it. An ObjectId goes out as its 24 hex
 * characters: node-sdk's own test adds `{_id: db.ObjectId({id})}` against CloudBase and expects `id`.
 */
export function wireId(id: unknown): unknown {
  if (typeof id === 'string') return id;
  if (id instanceof ObjectId) return id.toHexString();
  return JSON.parse(EJSON.stringify({ id: fromBson(id) as never }, { relaxed: true })).id;
}
