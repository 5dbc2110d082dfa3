import {
  canonical,
  sameIndex,
  type CollectionRule,
  type CurrentState,
  type DesiredFunction,
  type DesiredState,
  type FunctionState,
  type IndexState,
  type TriggerState,
} from './state';

/**
 * The deploy's planner: a pure function from what a CloudBase environment holds now and what the
 * repository declares to an ordered list of steps. Nothing here calls anything; apply.ts runs the
 * steps on a target (CloudBase or the local CloudBase), dry-run prints them.
 */
export type Step =
  | { kind: 'createCollection'; collection: string }
  | { kind: 'dropIndex'; collection: string; index: string; why: 'undeclared' | 'changed' }
  | { kind: 'checkUnique'; collection: string; index: IndexState }
  | { kind: 'createIndex'; collection: string; index: IndexState }
  | { kind: 'setCollectionRule'; collection: string; rule: CollectionRule }
  | { kind: 'setStorageRules'; rules: unknown }
  | { kind: 'createFunction'; fn: DesiredFunction }
  | { kind: 'updateFunctionCode'; fn: DesiredFunction }
  | { kind: 'updateFunctionConfig'; fn: DesiredFunction; changes: string[] }
  | { kind: 'deleteTrigger'; functionName: string; trigger: TriggerState }
  | { kind: 'createTrigger'; functionName: string; trigger: TriggerState };

export interface Plan {
  steps: Step[];
  /** Why the plan must not be applied (each names what to fix first); apply refuses while any is here. */
  stops: string[];
  /** What the target has beyond the repository and the deploy leaves alone (never drops data or functions). */
  notes: string[];
}

/** CloudBase's own index on `_id`, on every collection; never declared, never dropped. */
const ID_INDEX = '_id_';

function planCollections(current: CurrentState, desired: DesiredState, plan: Plan): void {
  const now = new Map(current.collections.map((c) => [c.name, c]));
  for (const c of desired.collections) if (!now.has(c.name)) plan.steps.push({ kind: 'createCollection', collection: c.name });

  for (const c of desired.collections) {
    const existing = now.get(c.name)?.indexes.filter((i) => i.name !== ID_INDEX) ?? [];
    const declared = new Map(c.indexes.map((i) => [i.name, i]));
    for (const index of existing) {
      const wanted = declared.get(index.name);
      if (!wanted) plan.steps.push({ kind: 'dropIndex', collection: c.name, index: index.name, why: 'undeclared' });
      else if (!sameIndex(index, wanted)) plan.steps.push({ kind: 'dropIndex', collection: c.name, index: index.name, why: 'changed' });
    }
  }
  for (const c of desired.collections) {
    const existing = new Map((now.get(c.name)?.indexes ?? []).map((i) => [i.name, i]));
    for (const index of c.indexes) {
      const there = existing.get(index.name);
      if (there && sameIndex(there, index)) continue;
      if (index.unique) {
        plan.steps.push({ kind: 'checkUnique', collection: c.name, index });
        const dups = current.duplicates[`${c.name}/${index.name}`] ?? [];
        if (dups.length) plan.stops.push(`集合 ${c.name} 已有重复的 ${keyList(index)}，唯一索引 ${index.name} 建不成：${dups.join('；')}。先在数据里去掉重复，再部署。`);
      }
      plan.steps.push({ kind: 'createIndex', collection: c.name, index });
    }
  }
  for (const c of desired.collections) {
    const rule = now.get(c.name)?.rule;
    if (!rule || canonical(rule) !== canonical(c.rule)) plan.steps.push({ kind: 'setCollectionRule', collection: c.name, rule: c.rule });
  }
  const declared = new Set(desired.collections.map((c) => c.name));
  for (const c of current.collections) if (!declared.has(c.name)) plan.notes.push(`集合 ${c.name} 不在 database.json 里：保留不动（部署从不删除数据）。`);
}

const CONFIG_FIELDS = ['timeout', 'memorySize', 'envVariables', 'installDependency'] as const;

function configChanges(now: FunctionState, fn: DesiredFunction): string[] {
  return CONFIG_FIELDS.filter((field) => canonical(now[field]) !== canonical(fn[field])).map(
    (field) => `${field} ${show(now[field])} → ${show(fn[field])}`,
  );
}

function planFunctions(current: CurrentState, desired: DesiredState, plan: Plan): void {
  const now = new Map(current.functions.map((f) => [f.name, f]));
  const triggerSteps: Step[] = [];
  for (const fn of desired.functions) {
    const there = now.get(fn.name);
    if (!there) {
      plan.steps.push({ kind: 'createFunction', fn });
      for (const trigger of fn.triggers) triggerSteps.push({ kind: 'createTrigger', functionName: fn.name, trigger });
      continue;
    }
    for (const field of ['runtime', 'handler'] as const) {
      if (there[field] !== fn[field]) {
        plan.stops.push(`云函数 ${fn.name} 的 ${field} 是 ${there[field]}，仓库要 ${fn[field]}：CloudBase 只在新建时设定它，请在控制台删除该函数后再部署（或改回 config.json）。`);
      }
    }
    if (there.codeSha256 !== fn.codeSha256) plan.steps.push({ kind: 'updateFunctionCode', fn });
    const changes = configChanges(there, fn);
    if (changes.length) plan.steps.push({ kind: 'updateFunctionConfig', fn, changes });

    const existing = new Map(there.triggers.map((t) => [t.name, t]));
    const declared = new Map(fn.triggers.map((t) => [t.name, t]));
    for (const t of there.triggers) {
      const wanted = declared.get(t.name);
      if (!wanted || wanted.config !== t.config) triggerSteps.push({ kind: 'deleteTrigger', functionName: fn.name, trigger: t });
    }
    for (const t of fn.triggers) {
      const had = existing.get(t.name);
      if (!had || had.config !== t.config) triggerSteps.push({ kind: 'createTrigger', functionName: fn.name, trigger: t });
    }
  }
  // Deletions first: CloudBase allows one timer per function, so a renamed trigger must go before its successor comes.
  plan.steps.push(...triggerSteps.filter((s) => s.kind === 'deleteTrigger'), ...triggerSteps.filter((s) => s.kind === 'createTrigger'));
  const declared = new Set(desired.functions.map((f) => f.name));
  for (const f of current.functions) if (!declared.has(f.name)) plan.notes.push(`云函数 ${f.name} 不在仓库里：保留不动。`);
}

export function planDeploy(current: CurrentState, desired: DesiredState): Plan {
  const plan: Plan = { steps: [], stops: [], notes: [] };
  planCollections(current, desired, plan);
  if (current.storageRules === undefined || canonical(current.storageRules) !== canonical(desired.storageRules)) {
    plan.steps.push({ kind: 'setStorageRules', rules: desired.storageRules });
  }
  planFunctions(current, desired, plan);
  return plan;
}

function keyList(index: IndexState): string {
  return index.keys.map((k) => `${k.field}${k.direction === -1 ? ' ↓' : ''}`).join(', ');
}

function show(value: unknown): string {
  return typeof value === 'object' ? canonical(value) : String(value);
}

const short = (sha?: string) => (sha ? sha.slice(0, 12) : '无');

/** One line per step, for operators (what --dry-run prints). */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'createCollection':
      return `新建集合 ${step.collection}`;
    case 'dropIndex':
      return `删除索引 ${step.collection}.${step.index}（${step.why === 'changed' ? '定义已变，随后按新定义重建' : 'database.json 已不声明'}）`;
    case 'checkUnique':
      return `检查 ${step.collection} 没有重复的 (${keyList(step.index)})，再建唯一索引 ${step.index.name}`;
    case 'createIndex':
      return `新建${step.index.unique ? '唯一' : ''}索引 ${step.collection}.${step.index.name} (${keyList(step.index)})`;
    case 'setCollectionRule':
      return `设置集合 ${step.collection} 的安全规则 ${canonical(step.rule)}（客户端不可读写，只经云函数）`;
    case 'setStorageRules':
      return `上传云存储安全规则 ${canonical(step.rules)}`;
    case 'createFunction':
      return `新建云函数 ${step.fn.name}（${step.fn.runtime}，${step.fn.timeout} s，${step.fn.memorySize} MB，不在线安装依赖，代码 ${short(step.fn.codeSha256)}）`;
    case 'updateFunctionCode':
      return `更新云函数 ${step.fn.name} 的代码（${short(step.fn.codeSha256)}）`;
    case 'updateFunctionConfig':
      return `更新云函数 ${step.fn.name} 的配置：${step.changes.join('；')}`;
    case 'deleteTrigger':
      return `删除定时触发器 ${step.functionName}/${step.trigger.name}（${step.trigger.config}）`;
    case 'createTrigger':
      return `新建定时触发器 ${step.functionName}/${step.trigger.name}（${step.trigger.config}）`;
  }
}

export function describePlan(plan: Plan, target: string): string {
  const lines = [`部署计划（${target}）：${plan.steps.length ? `${plan.steps.length} 步` : '无需改动'}`];
  plan.steps.forEach((step, i) => lines.push(`  ${String(i + 1).padStart(3)}. ${describeStep(step)}`));
  for (const note of plan.notes) lines.push(`  注：${note}`);
  for (const stop of plan.stops) lines.push(`  ✗ 停止：${stop}`);
  return lines.join('\n');
}
