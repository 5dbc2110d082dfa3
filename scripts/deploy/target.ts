import type tcb from '@cloudbase/node-sdk';
import { describeStep, type Plan, type Step } from './planner';
import { sameIndex, type CollectionRule, type CollectionState, type CurrentState, type DesiredFunction, type DesiredState, type FunctionState, type IndexKeySpec, type IndexState, type TriggerState } from './state';

/**
 * Where a plan is read from and applied to. Two implementations: CloudBase through
 * @cloudbase/manager-node (targets/cloudbase.ts) and the local CloudBase (targets/local.ts). The
 * reads are read-only; each write is one step of a plan.
 */
export interface DeployTarget {
  /** For the printed plan: `CloudBase env-id` or `本地 CloudBase <dir>`. */
  readonly label: string;
  collections(): Promise<CollectionState[]>;
  /** undefined when the bucket has no custom rule. */
  storageRules(): Promise<unknown>;
  functions(): Promise<FunctionState[]>;
  /** Up to `limit` keys (as text) that more than one document of the collection shares over these fields. */
  findDuplicates(collection: string, keys: IndexKeySpec[], limit: number): Promise<string[]>;

  createCollection(name: string): Promise<void>;
  createIndex(collection: string, index: IndexState): Promise<void>;
  dropIndex(collection: string, index: string): Promise<void>;
  setCollectionRule(collection: string, rule: CollectionRule): Promise<void>;
  setStorageRules(rules: unknown): Promise<void>;
  /** Code and settings, no triggers (they are steps of their own). */
  createFunction(fn: DesiredFunction): Promise<void>;
  /** The code, and the code hash kept in the function's environment. */
  updateFunctionCode(fn: DesiredFunction): Promise<void>;
  updateFunctionConfig(fn: DesiredFunction): Promise<void>;
  createTrigger(functionName: string, trigger: TriggerState): Promise<void>;
  deleteTrigger(functionName: string, triggerName: string): Promise<void>;
}

/** How many duplicate keys a stopped plan names per index. */
export const DUPLICATES_SHOWN = 5;

/**
 * The target's state, read-only: collections, indexes, rules, functions and triggers, plus the
 * duplicate check of every unique index the repository declares and the target lacks.
 */
export async function readCurrentState(target: DeployTarget, desired: DesiredState): Promise<CurrentState> {
  const [collections, storageRules, functions] = await Promise.all([target.collections(), target.storageRules(), target.functions()]);
  const duplicates: Record<string, string[]> = {};
  const existing = new Map(collections.map((c) => [c.name, c]));
  for (const c of desired.collections) {
    const there = existing.get(c.name);
    if (!there) continue;
    for (const index of c.indexes) {
      if (!index.unique) continue;
      const had = there.indexes.find((i) => i.name === index.name);
      if (had && sameIndex(had, index)) continue;
      const dups = await target.findDuplicates(c.name, index.keys, DUPLICATES_SHOWN);
      if (dups.length) duplicates[`${c.name}/${index.name}`] = dups;
    }
  }
  return { collections, storageRules, functions, duplicates };
}

/**
 * Duplicate keys through the SDK's aggregation (`$group` on the fields, `$match` count > 1): the
 * same call on CloudBase and on the local CloudBase. A missing field groups as null, as a unique
 * index counts it.
 */
/** The SDK's database handle, as `tcb.init(...).database()` gives it. */
export type SdkDatabase = ReturnType<ReturnType<typeof tcb.init>['database']>;

export async function duplicatesVia(db: SdkDatabase, collection: string, keys: IndexKeySpec[], limit: number): Promise<string[]> {
  const id = Object.fromEntries(keys.map((k, i) => [`k${i}`, `$${k.field}`]));
  const res = await db
    .collection(collection)
    .aggregate()
    .group({ _id: id, n: { $sum: 1 } })
    .match({ n: { $gt: 1 } })
    .limit(limit)
    .end();
  return (res.data as Array<{ _id: Record<string, unknown>; n: number }>).map(
    (row) => `{ ${keys.map((k, i) => `${k.field}: ${JSON.stringify(row._id[`k${i}`] ?? null)}`).join(', ')} } ×${row.n}`,
  );
}

export class PlanStopped extends Error {}

/** Runs a plan's steps in order on the target; refuses a plan with stops, and stops at a unique check that finds duplicates. */
export async function applyPlan(plan: Plan, target: DeployTarget, log: (line: string) => void = () => undefined): Promise<void> {
  if (plan.stops.length) throw new PlanStopped(`部署计划有 ${plan.stops.length} 处必须先处理，未做任何改动：\n${plan.stops.join('\n')}`);
  for (const [i, step] of plan.steps.entries()) {
    log(`${String(i + 1).padStart(3)}. ${describeStep(step)}`);
    await applyStep(step, target);
  }
}

async function applyStep(step: Step, target: DeployTarget): Promise<void> {
  switch (step.kind) {
    case 'createCollection':
      return target.createCollection(step.collection);
    case 'dropIndex':
      return target.dropIndex(step.collection, step.index);
    case 'checkUnique': {
      // Data may have changed since the plan was read: check again right before the index.
      const dups = await target.findDuplicates(step.collection, step.index.keys, DUPLICATES_SHOWN);
      if (dups.length) throw new PlanStopped(`集合 ${step.collection} 有重复键，唯一索引 ${step.index.name} 未建，部署在此停止：${dups.join('；')}`);
      return;
    }
    case 'createIndex':
      return target.createIndex(step.collection, step.index);
    case 'setCollectionRule':
      return target.setCollectionRule(step.collection, step.rule);
    case 'setStorageRules':
      return target.setStorageRules(step.rules);
    case 'createFunction':
      return target.createFunction(step.fn);
    case 'updateFunctionCode':
      return target.updateFunctionCode(step.fn);
    case 'updateFunctionConfig':
      return target.updateFunctionConfig(step.fn);
    case 'deleteTrigger':
      return target.deleteTrigger(step.functionName, step.trigger.name);
    case 'createTrigger':
      return target.createTrigger(step.functionName, step.trigger);
  }
}
