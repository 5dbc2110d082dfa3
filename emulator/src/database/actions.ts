import { CloudBaseError, DbErrorCode } from '../errors';
import { AddCollectionParams, AggregateParams, CountParams, GetParams, InsertParams, ModifyParams, parse, RemoveParams, ReturnParams, TxnParams } from './params';
import type { AdminAction, AdminContext } from '../http/server';
import { decode, decodeObject, encode, resolveServerDates, type Doc } from './ejson';
import { aggregate, validateOrder, validateUpdate } from './engine';
import { allDocs, assertCollection, count, find, matching } from './reads';
import type { DbState } from './state';
import { queryShape, type MeterEvent } from '../metering';
import * as tx from './transactions';
import { insertDocs, modifyDocs, removeDocs } from './writes';

/** The SDK's `database.*` actions: params checked with zod, EJSON decoded, answered as CloudBase does. */

const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 100;

const STAGES = new Set(['$addFields', '$bucket', '$bucketAuto', '$count', '$geoNear', '$group', '$limit', '$match', '$project', '$lookup', '$replaceRoot', '$sample', '$skip', '$sort', '$sortByCount', '$unwind']);

export interface ActionDeps {
  state: DbState;
  transactionLifeMs: number;
}

export function databaseActions({ state, transactionLifeMs }: ActionDeps): Map<string, AdminAction> {
  const now = () => state.now();
  const queryOf = (text: string | undefined) => (text ? (resolveServerDates(decodeObject(text, 'query'), now()) as Doc) : {});
  // Each action is synchronous from here on, so the examined delta since its start is its own.
  let examinedAtStart = 0;
  let keysAtStart = 0;
  // The request's description (its query shape) is kept per invocation only: it is built only for a
  // call a function made.
  const meter = (ctx: AdminContext, collection: string, kind: 'read' | 'write', docs: number, request?: () => MeterEvent['request']) => {
    const invocationId = ctx.invocationId;
    state.metering.record({ collection, kind, docs, examined: state.examined - examinedAtStart, keys: state.keysExamined - keysAtStart, invocationId, request: invocationId ? request?.() : undefined });
    examinedAtStart = state.examined;
    keysAtStart = state.keysExamined;
  };
  const inTxn = (id: string | undefined) => (id ? tx.usable(state, id) : undefined);
  const noTxn = (id: string | undefined, what: string) => {
    if (id) throw new CloudBaseError(DbErrorCode.InvalidParam, `${what} is not allowed inside a transaction`);
  };

  const actions: Record<string, AdminAction> = {
    'database.addCollection': async (params) => {
      const { collectionName } = parse(AddCollectionParams, params);
      if (state.store.hasCollection(collectionName)) {
        throw new CloudBaseError(DbErrorCode.CollectionAlreadyExist, `collection ${collectionName} already exists`);
      }
      state.store.ensureCollection(collectionName, [], () => new Map());
      return {};
    },

    'database.getDocument': async (params, ctx) => {
      const p = parse(GetParams, params);
      const query = queryOf(p.query);
      const limit = Math.min(p.limit || DEFAULT_LIMIT, MAX_LIMIT);
      const opts = {
        order: p.order ? validateOrder(decodeObject(p.order, 'order')) : undefined,
        offset: p.offset,
        limit: p.queryType === 'DOC' ? 1 : limit,
        projection: p.projection ? decodeObject(p.projection, 'projection') : undefined,
      };
      const txn = inTxn(p.transactionId);
      const docs = txn ? tx.within(state, txn, () => tx.txnFind(state, txn, p.collectionName, query, opts)) : find(state, p.collectionName, query, opts);
      meter(ctx, p.collectionName, 'read', docs.length, () => ({
        op: 'get', shape: queryShape(query), order: opts.order ? JSON.stringify(opts.order) : undefined, limit: opts.limit, matched: docs.length, inTransaction: !!txn,
      }));
      return { data: { list: docs.map(encode), limit, offset: p.offset ?? 0 } };
    },

    'database.calculateDocument': async (params, ctx) => {
      const p = parse(CountParams, params);
      noTxn(p.transactionId, 'count');
      const query = queryOf(p.query);
      const total = count(state, p.collectionName, query);
      meter(ctx, p.collectionName, 'read', 0, () => ({ op: 'count', shape: queryShape(query), matched: total }));
      return { data: { total } };
    },

    'database.insertDocument': async (params, ctx) => {
      const p = parse(InsertParams, params);
      const docs = p.data.map((d, i) => resolveServerDates(decodeObject(d, `data[${i}]`), now()) as Doc);
      const txn = inTxn(p.transactionId);
      const insertedIds = txn ? tx.within(state, txn, () => tx.txnInsert(state, txn, p.collectionName, docs)) : insertDocs(state, p.collectionName, docs);
      meter(ctx, p.collectionName, 'write', insertedIds.length, () => ({ op: 'add', shape: '{}', matched: insertedIds.length, inTransaction: !!txn }));
      return { data: { insertedIds } };
    },

    'database.modifyDocument': async (params, ctx) => {
      const p = parse(ModifyParams, params);
      const query = queryOf(p.query);
      const spec = resolveServerDates(decodeObject(p.data, 'data'), now()) as Doc;
      if (p.merge) validateUpdate(spec);
      else if ('_id' in spec) throw new CloudBaseError(DbErrorCode.InvalidParam, 'the replacement document must not set _id');
      if (!p.merge && p.multi) throw new CloudBaseError(DbErrorCode.InvalidParam, 'a replacement applies to one document');
      const opts = { multi: p.queryType === 'WHERE' && p.multi, replace: !p.merge, upsert: p.upsert };
      const txn = inTxn(p.transactionId);
      const r = txn ? tx.within(state, txn, () => tx.txnModify(state, txn, p.collectionName, query, spec, opts)) : modifyDocs(state, p.collectionName, query, spec, opts);
      meter(ctx, p.collectionName, 'write', r.updated + (r.upsertId !== undefined ? 1 : 0), () => ({
        op: opts.replace ? 'set' : 'update', shape: queryShape(query), matched: r.updated, inTransaction: !!txn,
      }));
      return { data: { updated: r.updated, ...(r.upsertId !== undefined ? { upsert_id: r.upsertId } : {}) } };
    },

    'database.modifyAndReturnDoc': async (params, ctx) => {
      const p = parse(ReturnParams, params);
      const query = queryOf(p.query);
      const spec = resolveServerDates(decodeObject(p.data, 'data'), now()) as Doc;
      validateUpdate(spec);
      const opts = { multi: false, replace: false, upsert: false };
      const txn = inTxn(p.transactionId);
      const r = txn ? tx.within(state, txn, () => tx.txnModify(state, txn, p.collectionName, query, spec, opts)) : modifyDocs(state, p.collectionName, query, spec, opts);
      meter(ctx, p.collectionName, 'write', r.updated, () => ({ op: 'updateAndReturn', shape: queryShape(query), matched: r.updated, inTransaction: !!txn }));
      // findAndModify: a matched document is reported (and returned) even when the update left it as it
      // was, as MongoDB's findAndModify reports it (lastErrorObject.n = 1), which CloudBase answers with.
      const matched = r.upsertId === undefined && r.doc !== undefined;
      return { data: { updated: matched ? 1 : 0, doc: matched ? encode(r.doc as Doc) : null } };
    },

    'database.removeDocument': async (params, ctx) => {
      const p = parse(RemoveParams, params);
      const query = queryOf(p.query);
      const txn = inTxn(p.transactionId);
      const multi = p.queryType === 'WHERE' && p.multi;
      const deleted = txn ? tx.within(state, txn, () => tx.txnRemove(state, txn, p.collectionName, query, multi)) : removeDocs(state, p.collectionName, query, multi);
      meter(ctx, p.collectionName, 'write', deleted, () => ({ op: 'remove', shape: queryShape(query), matched: deleted, inTransaction: !!txn }));
      return { data: { deleted } };
    },

    'database.aggregateDocuments': async (params, ctx) => {
      const p = parse(AggregateParams, params);
      noTxn(p.transactionId, 'aggregate');
      assertCollection(state, p.collectionName);
      const stages = p.stages.map(({ stageKey, stageValue }, i) => {
        if (!STAGES.has(stageKey)) throw new CloudBaseError(DbErrorCode.InvalidParam, `unknown aggregate stage ${stageKey}`);
        return { [stageKey]: resolveServerDates(decode(stageValue, `stages[${i}]`), now()) } as Doc;
      });
      // A leading $match narrows the source through the planner (indexes); the stage still runs.
      const first = stages[0]?.$match as Doc | undefined;
      const source = first && typeof first === 'object' ? matching(state, p.collectionName, first).map((m) => m.doc) : allDocs(state, p.collectionName);
      const sourceExamined = state.examined - examinedAtStart;
      const sourceKeys = state.keysExamined - keysAtStart;
      examinedAtStart = state.examined;
      keysAtStart = state.keysExamined;
      const list = aggregate(source, stages, (name) => {
        const docs = allDocs(state, name);
        meter(ctx, name, 'read', docs.length, () => ({ op: 'lookup', shape: '{}', matched: 0 }));
        return docs;
      });
      // Only the source's examined documents count against the aggregate (a $lookup is metered apart).
      examinedAtStart = state.examined - sourceExamined;
      keysAtStart = state.keysExamined - sourceKeys;
      meter(ctx, p.collectionName, 'read', list.length, () => ({
        op: 'aggregate', shape: queryShape(first ?? {}) + ` | ${stages.map((s) => Object.keys(s)[0]).join(' ')}`, matched: source.length,
      }));
      return { data: { list: list.map(encode) } };
    },

    'database.startTransaction': async () => {
      tx.expireOld(state);
      return { transactionId: tx.begin(state, transactionLifeMs).id };
    },

    'database.commitTransaction': async (params) => {
      tx.commit(state, tx.usable(state, parse(TxnParams, params).transactionId));
      return {};
    },

    'database.abortTransaction': async (params) => {
      const txn = tx.abortable(state, parse(TxnParams, params).transactionId);
      if (txn) tx.abort(state, txn);
      return {};
    },
  };
  return new Map(
    Object.entries(actions).map(([name, action]) => [
      name,
      async (params: Record<string, unknown>, ctx: AdminContext) => {
        examinedAtStart = state.examined;
        keysAtStart = state.keysExamined;
        return action(params, ctx);
      },
    ]),
  );
}
