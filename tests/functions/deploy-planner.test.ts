import { describePlan, planDeploy, type Step } from '../../scripts/deploy/planner';
import { credentialsFromEnv } from '../../scripts/deploy/targets/cloudbase';
import type { CurrentState, DesiredFunction, DesiredState, FunctionState } from '../../scripts/deploy/state';

/**
 * The deploy planner (issue 12 point 1), table-driven: what a CloudBase environment holds now and
 * what the repository declares give exactly these steps, in this order. Pure: no target involved.
 */
const deny = { read: false, write: false };
const usersIndexes = [
  { name: 'openid_unique', unique: true, keys: [{ field: 'openid', direction: 1 as const }] },
  { name: 'by_created', unique: false, keys: [{ field: 'createdAt', direction: -1 as const }, { field: '_id', direction: -1 as const }] },
];
const storageRules = { read: 'auth != null', write: false };

function fn(over: Partial<DesiredFunction> = {}): DesiredFunction {
  return {
    name: 'star',
    runtime: 'Nodejs16.13',
    handler: 'index.main',
    timeout: 20,
    memorySize: 256,
    envVariables: { SCHOOL_NAME: '示例大学' },
    installDependency: false,
    codeSha256: 'a'.repeat(64),
    packageDir: '/packages/star',
    triggers: [{ name: 'rounds-due', config: '0 */5 * * * * *' }],
    ...over,
  };
}

const desired: DesiredState = {
  collections: [
    { name: 'users', indexes: usersIndexes, rule: deny },
    { name: 'audit', indexes: [], rule: deny },
  ],
  storageRules,
  functions: [fn()],
};

const deployed = (f: DesiredFunction): FunctionState => {
  const { packageDir: _dir, ...state } = f;
  return state;
};

/** Everything already as the repository declares it (what a second run sees). */
const allThere: CurrentState = {
  collections: [
    { name: 'users', indexes: [{ name: '_id_', unique: true, keys: [{ field: '_id', direction: 1 }] }, ...usersIndexes], rule: deny },
    { name: 'audit', indexes: [], rule: deny },
  ],
  storageRules: { write: false, read: 'auth != null' },
  functions: [deployed(fn())],
  duplicates: {},
};

const nothing: CurrentState = { collections: [], storageRules: undefined, functions: [], duplicates: {} };

const brief = (s: Step): string => {
  switch (s.kind) {
    case 'createCollection':
      return `createCollection ${s.collection}`;
    case 'dropIndex':
      return `dropIndex ${s.collection}.${s.index} (${s.why})`;
    case 'checkUnique':
    case 'createIndex':
      return `${s.kind} ${s.collection}.${s.index.name}`;
    case 'setCollectionRule':
      return `setCollectionRule ${s.collection}`;
    case 'setStorageRules':
      return 'setStorageRules';
    case 'createFunction':
    case 'updateFunctionCode':
      return `${s.kind} ${s.fn.name}`;
    case 'updateFunctionConfig':
      return `updateFunctionConfig ${s.fn.name}: ${s.changes.join('; ')}`;
    case 'deleteTrigger':
    case 'createTrigger':
      return `${s.kind} ${s.functionName}/${s.trigger.name} ${s.trigger.config}`;
  }
};

const withUsers = (change: (c: CurrentState['collections'][number]) => CurrentState['collections'][number]): CurrentState => ({
  ...allThere,
  collections: allThere.collections.map((c) => (c.name === 'users' ? change(c) : c)),
});
const withStar = (over: Partial<FunctionState>): CurrentState => ({ ...allThere, functions: [{ ...deployed(fn()), ...over }] });

const cases: Array<{ name: string; current: CurrentState; steps: string[]; stops?: RegExp[] }> = [
  {
    name: 'nothing there: every collection, index, rule, the storage rules, the function and its trigger',
    current: nothing,
    steps: [
      'createCollection users',
      'createCollection audit',
      'checkUnique users.openid_unique',
      'createIndex users.openid_unique',
      'createIndex users.by_created',
      'setCollectionRule users',
      'setCollectionRule audit',
      'setStorageRules',
      'createFunction star',
      'createTrigger star/rounds-due 0 */5 * * * * *',
    ],
  },
  { name: 'all there (key order aside, and CloudBase\'s own _id_ index): an empty plan', current: allThere, steps: [] },
  {
    name: 'an index changed (direction): dropped, then created with the new keys',
    current: withUsers((c) => ({
      ...c,
      indexes: c.indexes.map((i) => (i.name === 'by_created' ? { ...i, keys: [{ field: 'createdAt', direction: 1 }, { field: '_id', direction: -1 }] } : i)),
    })),
    steps: ['dropIndex users.by_created (changed)', 'createIndex users.by_created'],
  },
  {
    name: 'an index no longer declared is dropped; a missing one created',
    current: withUsers((c) => ({
      ...c,
      indexes: [...c.indexes.filter((i) => i.name !== 'by_created'), { name: 'by_name', unique: false, keys: [{ field: 'name', direction: 1 }] }],
    })),
    steps: ['dropIndex users.by_name (undeclared)', 'createIndex users.by_created'],
  },
  {
    name: 'a unique index over duplicates: the plan stops and names the duplicate keys',
    current: { ...withUsers((c) => ({ ...c, indexes: c.indexes.filter((i) => i.name !== 'openid_unique') })), duplicates: { 'users/openid_unique': ['{ openid: "o-1" } ×2', '{ openid: null } ×3'] } },
    steps: ['checkUnique users.openid_unique', 'createIndex users.openid_unique'],
    stops: [/users/, /openid_unique/, /\{ openid: "o-1" \} ×2/, /\{ openid: null \} ×3/],
  },
  {
    name: 'a trigger changed (schedule): the old one deleted, the new one created',
    current: withStar({ triggers: [{ name: 'rounds-due', config: '0 */10 * * * * *' }] }),
    steps: ['deleteTrigger star/rounds-due 0 */10 * * * * *', 'createTrigger star/rounds-due 0 */5 * * * * *'],
  },
  {
    name: 'a trigger renamed: the old one goes before the new one comes (one timer per function)',
    current: withStar({ triggers: [{ name: 'old-timer', config: '0 */5 * * * * *' }] }),
    steps: ['deleteTrigger star/old-timer 0 */5 * * * * *', 'createTrigger star/rounds-due 0 */5 * * * * *'],
  },
  {
    name: "a function's config changed (timeout, memory, environment): one config update naming each change",
    current: withStar({ timeout: 10, memorySize: 128, envVariables: { SCHOOL_NAME: '旧名' } }),
    steps: ['updateFunctionConfig star: timeout 10 → 20; memorySize 128 → 256; envVariables {"SCHOOL_NAME":"旧名"} → {"SCHOOL_NAME":"示例大学"}'],
  },
  {
    name: 'installDependency true (CloudBase\'s default) is turned off',
    current: withStar({ installDependency: true }),
    steps: ['updateFunctionConfig star: installDependency true → false'],
  },
  { name: "a function's code changed: a code update only", current: withStar({ codeSha256: 'b'.repeat(64) }), steps: ['updateFunctionCode star'] },
  {
    name: 'a runtime that differs cannot be changed in place: the plan stops',
    current: withStar({ runtime: 'Nodejs10.15' }),
    steps: [],
    stops: [/star/, /Nodejs10\.15/, /Nodejs16\.13/],
  },
  {
    name: 'a rule that lets clients in, and storage rules that differ, are set again',
    current: { ...withUsers((c) => ({ ...c, rule: { read: true, write: false } })), storageRules: { read: true, write: true } },
    steps: ['setCollectionRule users', 'setStorageRules'],
  },
];

describe('planDeploy', () => {
  it.each(cases)('$name', ({ current, steps, stops = [] }) => {
    const plan = planDeploy(current, desired);
    expect(plan.steps.map(brief)).toEqual(steps);
    expect(plan.stops).toHaveLength(stops.length ? 1 : 0);
    for (const pattern of stops) expect(plan.stops[0]).toMatch(pattern);
  });

  it('leaves collections and functions the repository does not declare, with a note (never drops data)', () => {
    const plan = planDeploy({ ...allThere, collections: [...allThere.collections, { name: 'legacy', indexes: [], rule: deny }], functions: [...allThere.functions, deployed(fn({ name: 'old' }))] }, desired);
    expect(plan.steps).toEqual([]);
    expect(plan.notes.join('\n')).toMatch(/legacy[\s\S]*old/);
  });

  it('prints a readable plan: one numbered line per step, the stop last', () => {
    const text = describePlan(planDeploy(cases[4].current, desired), 'CloudBase 环境 test-env');
    expect(text).toContain('部署计划（CloudBase 环境 test-env）：2 步');
    expect(text).toContain('1. 检查 users 没有重复的 (openid)，再建唯一索引 openid_unique');
    expect(text).toContain('2. 新建唯一索引 users.openid_unique (openid)');
    expect(text).toMatch(/✗ 停止：集合 users 已有重复的 openid/);
    expect(describePlan(planDeploy(allThere, desired), 'x')).toBe('部署计划（x）：无需改动');
  });
});

describe('credentials for a CloudBase environment', () => {
  it('come from the environment only; missing ones are named', () => {
    expect(() => credentialsFromEnv({})).toThrow(/TCB_ENV_ID、TCB_SECRET_ID、TCB_SECRET_KEY/);
    expect(() => credentialsFromEnv({ TCB_ENV_ID: 'e-1', TCB_SECRET_ID: 'AKID1' })).toThrow(/缺少环境变量 TCB_SECRET_KEY：/);
    expect(credentialsFromEnv({ TCB_ENV_ID: 'e-1', TENCENTCLOUD_SECRETID: 'AKID1', TENCENTCLOUD_SECRETKEY: 'k', TENCENTCLOUD_SESSIONTOKEN: 't' })).toEqual({
      envId: 'e-1', secretId: 'AKID1', secretKey: 'k', token: 't', region: undefined,
    });
  });
});
