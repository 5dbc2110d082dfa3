import { z } from 'zod';
import { CloudBaseError, DbErrorCode } from '../errors';

/** The params of the SDK's `database.*` actions: zod schemas, and the one way they are parsed. */

export const QueryType = z.enum(['DOC', 'WHERE']).default('WHERE');
export const Collection = z.string().min(1).max(128);
export const Int = z.coerce.number().int();

export const GetParams = z.object({
  collectionName: Collection,
  query: z.string().optional(),
  queryType: QueryType,
  multi: z.boolean().optional(),
  order: z.string().optional(),
  offset: Int.min(0).optional(),
  limit: Int.min(0).optional(),
  projection: z.string().optional(),
  transactionId: z.string().optional(),
});
export const CountParams = z.object({ collectionName: Collection, query: z.string().optional(), queryType: QueryType, transactionId: z.string().optional() });
// No count limit on a batch (CloudBase documents none; MongoDB's driver splits past 100,000): the request size is the limit.
export const InsertParams = z.object({ collectionName: Collection, data: z.array(z.string()).min(1), transactionId: z.string().optional() });
export const ModifyParams = z.object({
  collectionName: Collection,
  query: z.string().optional(),
  queryType: QueryType,
  data: z.string(),
  multi: z.boolean().default(false),
  merge: z.boolean().default(true),
  upsert: z.boolean().default(false),
  transactionId: z.string().optional(),
});
export const ReturnParams = z.object({ collectionName: Collection, query: z.string().optional(), data: z.string(), transactionId: z.string().optional() });
export const RemoveParams = z.object({ collectionName: Collection, query: z.string().optional(), queryType: QueryType, multi: z.boolean().default(false), transactionId: z.string().optional() });
export const Stage = z.object({ stageKey: z.string(), stageValue: z.string() });
export const AggregateParams = z.object({ collectionName: Collection, stages: z.array(Stage).max(100), transactionId: z.string().optional() });
export const TxnParams = z.object({ transactionId: z.string().min(1) });
export const AddCollectionParams = z.object({ collectionName: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'invalid collection name') });


/**
 * The params of the three most frequent actions (a get, an update or set, an add), as the SDK sends
 * them, checked field by field without zod's generic walk, which on a busy server costs more than
 * the rest of a get by id. Each answers exactly what its schema's parse answers, or undefined when
 * anything is out of the ordinary (a number as a string, a missing field, a bad value): zod then
 * parses, and words the error. `emulator/test/params.test.ts` holds each to its schema.
 */
type Params = Record<string, unknown>;
const isCollection = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 128;
const isOptString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';
const isOptBoolean = (v: unknown): v is boolean | undefined => v === undefined || typeof v === 'boolean';
const isOptNatural = (v: unknown): v is number | undefined => v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 0);
const queryTypeOf = (v: unknown): 'DOC' | 'WHERE' | undefined => (v === undefined ? 'WHERE' : v === 'DOC' || v === 'WHERE' ? v : undefined);

/** The keys a zod object keeps: those of its shape that the input has (zod keeps a present `undefined`). */
function pick<T extends Params>(p: Params, out: T, optional: string[]): T {
  for (const key of optional) if (key in p) (out as Params)[key] = p[key];
  return out;
}

const GET_OPTIONAL = ['query', 'multi', 'order', 'offset', 'limit', 'projection', 'transactionId'];
export function fastGetParams(p: Params): z.infer<typeof GetParams> | undefined {
  const queryType = queryTypeOf(p.queryType);
  if (!isCollection(p.collectionName) || !queryType || !isOptString(p.query) || !isOptBoolean(p.multi) || !isOptString(p.order)) return undefined;
  if (!isOptNatural(p.offset) || !isOptNatural(p.limit) || !isOptString(p.projection) || !isOptString(p.transactionId)) return undefined;
  return pick(p, { collectionName: p.collectionName, queryType }, GET_OPTIONAL);
}

export function fastModifyParams(p: Params): z.infer<typeof ModifyParams> | undefined {
  const queryType = queryTypeOf(p.queryType);
  if (!isCollection(p.collectionName) || !queryType || !isOptString(p.query) || typeof p.data !== 'string' || !isOptString(p.transactionId)) return undefined;
  if (!isOptBoolean(p.multi) || !isOptBoolean(p.merge) || !isOptBoolean(p.upsert)) return undefined;
  const out = { collectionName: p.collectionName, queryType, data: p.data, multi: p.multi ?? false, merge: p.merge ?? true, upsert: p.upsert ?? false };
  return pick(p, out, ['query', 'transactionId']);
}

export function fastInsertParams(p: Params): z.infer<typeof InsertParams> | undefined {
  const data = p.data;
  if (!isCollection(p.collectionName) || !Array.isArray(data) || data.length === 0 || !isOptString(p.transactionId)) return undefined;
  for (const d of data) if (typeof d !== 'string') return undefined;
  return pick(p, { collectionName: p.collectionName, data: data as string[] }, ['transactionId']);
}

const FAST = new Map<z.ZodTypeAny, (p: Params) => unknown>([
  [GetParams, fastGetParams],
  [ModifyParams, fastModifyParams],
  [InsertParams, fastInsertParams],
]);

/** The params an action takes, or INVALID_PARAM naming the first field that is wrong. */
export function parse<T extends z.ZodTypeAny>(schema: T, params: Record<string, unknown>): z.infer<T> {
  const fast = FAST.get(schema)?.(params);
  if (fast !== undefined) return fast as z.infer<T>;
  const result = schema.safeParse(params);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new CloudBaseError(DbErrorCode.InvalidParam, `${issue.path.join('.') || 'params'}: ${issue.message}`);
  }
  return result.data;
}

