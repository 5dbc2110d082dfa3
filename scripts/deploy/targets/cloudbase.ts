import path from 'node:path';
import CloudBase from '@cloudbase/manager-node';
import tcb from '@cloudbase/node-sdk';
import { CODE_SHA_ENV, type CollectionRule, type CollectionState, type DesiredFunction, type FunctionState, type IndexKeySpec, type IndexState, type TriggerState } from '../state';
import { duplicatesVia, type DeployTarget } from '../target';

/**
 * A CloudBase environment through @cloudbase/manager-node 5.x (management: collections, indexes,
 * rules, functions, triggers) and @cloudbase/node-sdk (the duplicate check reads documents). None of
 * these calls can run here (no CloudBase account); the same plan runs on the local target in tests.
 */
export interface CloudBaseCredentials {
  envId: string;
  secretId: string;
  secretKey: string;
  token?: string;
  region?: string;
}

/** Credentials from the environment only (never a file in the repository). */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): CloudBaseCredentials {
  const envId = env.TCB_ENV_ID || env.TCB_ENV;
  const secretId = env.TCB_SECRET_ID || env.TENCENTCLOUD_SECRETID;
  const secretKey = env.TCB_SECRET_KEY || env.TENCENTCLOUD_SECRETKEY;
  const missing = [!envId && 'TCB_ENV_ID', !secretId && 'TCB_SECRET_ID', !secretKey && 'TCB_SECRET_KEY'].filter(Boolean);
  if (missing.length || !envId || !secretId || !secretKey) {
    throw new Error(`缺少环境变量 ${missing.join('、')}：部署到 CloudBase 需要环境 ID 和 API 密钥（访问管理 → API 密钥），只从环境变量读取。`);
  }
  return { envId, secretId, secretKey, token: env.TCB_SESSION_TOKEN || env.TENCENTCLOUD_SESSIONTOKEN || undefined, region: env.TCB_REGION || undefined };
}

const PAGE = 100;
const FUNCTION_PAGE = 20;

export class CloudBaseTarget implements DeployTarget {
  readonly label: string;
  private readonly app: CloudBase;
  private readonly db: ReturnType<ReturnType<typeof tcb.init>['database']>;

  constructor(private readonly credentials: CloudBaseCredentials) {
    this.label = `CloudBase 环境 ${credentials.envId}`;
    this.app = new CloudBase({ ...credentials });
    this.db = tcb.init({ env: credentials.envId, secretId: credentials.secretId, secretKey: credentials.secretKey, sessionToken: credentials.token }).database();
  }

  async collections(): Promise<CollectionState[]> {
    const names: string[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const res = await this.app.database.listCollections({ MgoLimit: PAGE, MgoOffset: offset });
      names.push(...res.Collections.map((c) => c.CollectionName));
      if (res.Collections.length < PAGE) break;
    }
    const out: CollectionState[] = [];
    for (const name of names.sort()) {
      const info = await this.app.database.describeCollection(name);
      out.push({
        name,
        indexes: (info.Indexes ?? []).map((i) => ({
          name: i.Name,
          unique: Boolean(i.Unique),
          keys: (i.Keys ?? []).map((k) => ({ field: String(k.Name), direction: String(k.Direction) === '-1' ? -1 : 1 })),
        })),
        rule: await this.collectionRule(name),
      });
    }
    return out;
  }

  private async collectionRule(name: string): Promise<CollectionRule | undefined> {
    const res = (await this.app.commonService().call({ Action: 'DescribeSafeRule', Param: { EnvId: this.credentials.envId, CollectionName: name } })) as { AclTag?: string; Rule?: string };
    if (res.AclTag === 'CUSTOM' && res.Rule) return JSON.parse(res.Rule) as CollectionRule;
    // "仅管理端可读写": clients can do nothing, the same as the custom deny rule.
    if (res.AclTag === 'ADMINONLY') return { read: false, write: false };
    return undefined;
  }

  async storageRules(): Promise<unknown> {
    const { acl, rule } = await this.app.storage.getStorageAcl({ withRule: true });
    return acl === 'CUSTOM' ? rule : undefined;
  }

  async functions(): Promise<FunctionState[]> {
    const names: string[] = [];
    for (let offset = 0; ; offset += FUNCTION_PAGE) {
      const page = await this.app.functions.listFunctions(FUNCTION_PAGE, offset);
      names.push(...page.map((f) => f.FunctionName));
      if (page.length < FUNCTION_PAGE) break;
    }
    const out: FunctionState[] = [];
    for (const name of names.sort()) {
      const d = await this.app.functions.getFunctionDetail(name);
      const env = Object.fromEntries((d.Environment?.Variables ?? []).map((v) => [v.Key, v.Value]));
      const { [CODE_SHA_ENV]: codeSha256, ...envVariables } = env;
      out.push({
        name,
        runtime: d.Runtime,
        handler: d.Handler,
        timeout: d.Timeout,
        memorySize: d.MemorySize,
        envVariables,
        installDependency: d.InstallDependency === 'TRUE',
        codeSha256,
        triggers: (d.Triggers ?? []).filter((t) => t.Type === 'timer').map((t) => ({ name: t.TriggerName, config: cronOf(t.TriggerDesc) })),
      });
    }
    return out;
  }

  findDuplicates(collection: string, keys: IndexKeySpec[], limit: number): Promise<string[]> {
    return duplicatesVia(this.db, collection, keys, limit);
  }

  async createCollection(name: string): Promise<void> {
    await this.app.database.createCollectionIfNotExists(name);
  }

  async createIndex(collection: string, index: IndexState): Promise<void> {
    await this.app.database.updateCollection(collection, {
      CreateIndexes: [
        { IndexName: index.name, MgoKeySchema: { MgoIsUnique: index.unique, MgoIndexKeys: index.keys.map((k) => ({ Name: k.field, Direction: String(k.direction) })) } },
      ],
    });
  }

  async dropIndex(collection: string, index: string): Promise<void> {
    await this.app.database.updateCollection(collection, { DropIndexes: [{ IndexName: index }] });
  }

  async setCollectionRule(collection: string, rule: CollectionRule): Promise<void> {
    await this.app.commonService().call({
      Action: 'ModifySafeRule',
      Param: { EnvId: this.credentials.envId, CollectionName: collection, AclTag: 'CUSTOM', Rule: JSON.stringify(rule) },
    });
  }

  async setStorageRules(rules: unknown): Promise<void> {
    await this.app.storage.setStorageAcl('CUSTOM', rules as { read: boolean | string; write: boolean | string });
  }

  async createFunction(fn: DesiredFunction): Promise<void> {
    await this.app.functions.createFunction({
      func: { ...funcOf(fn), triggers: [] },
      functionRootPath: path.dirname(fn.packageDir),
      force: false,
    });
  }

  async updateFunctionCode(fn: DesiredFunction): Promise<void> {
    await this.app.functions.updateFunctionCode({ func: { name: fn.name, installDependency: false }, functionRootPath: path.dirname(fn.packageDir) });
    // The hash that tells the next run the code is current (SCF refuses a config change while the code update runs).
    await this.app.functions.waitFunctionActive(fn.name);
    await this.updateFunctionConfig(fn);
  }

  async updateFunctionConfig(fn: DesiredFunction): Promise<void> {
    const { runtime: _runtime, handler: _handler, ...config } = funcOf(fn);
    await this.app.functions.waitFunctionActive(fn.name);
    await this.app.functions.updateFunctionConfig(config);
  }

  async createTrigger(functionName: string, trigger: TriggerState): Promise<void> {
    await this.app.functions.waitFunctionActive(functionName);
    await this.app.functions.createFunctionTriggers(functionName, [{ name: trigger.name, type: 'timer', config: trigger.config }]);
  }

  async deleteTrigger(functionName: string, triggerName: string): Promise<void> {
    await this.app.functions.deleteFunctionTrigger(functionName, triggerName);
  }
}

function funcOf(fn: DesiredFunction) {
  return {
    name: fn.name,
    runtime: fn.runtime,
    handler: fn.handler,
    timeout: fn.timeout,
    memorySize: fn.memorySize,
    envVariables: { ...fn.envVariables, [CODE_SHA_ENV]: fn.codeSha256 },
    installDependency: false,
  };
}

/** SCF describes a timer trigger as `{"cron":"..."}` (or the bare cron text). */
function cronOf(desc: string): string {
  try {
    const parsed = JSON.parse(desc) as { cron?: string };
    return parsed.cron ?? desc;
  } catch {
    return desc;
  }
}
