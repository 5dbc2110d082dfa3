import fs from 'node:fs';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { isValidFunctionName, locateFunction, type Emulator, type IndexSpec } from 'cloudbase-local';
import { readFunctionConfig } from '../desired';
import { linkTree } from '../package';
import { CODE_SHA_ENV, type CollectionRule, type CollectionState, type DesiredFunction, type FunctionState, type IndexKeySpec, type IndexState, type TriggerState } from '../state';
import { duplicatesVia, type DeployTarget } from '../target';

/**
 * The local CloudBase as a deploy target: the emulator's database (collections, indexes, rules),
 * its storage rules, and its functions folder, where a function is `<name>/` with the package's files
 * and a config.json holding what CloudBase keeps as the function's configuration (timeout, memory,
 * environment, runtime, handler, triggers). The emulator picks up a changed index.js or config.json
 * on the next call and re-reads the triggers every second, as a redeploy would.
 */
export class LocalTarget implements DeployTarget {
  readonly label: string;
  private readonly functionsDir: string;

  constructor(private readonly emu: Emulator) {
    this.functionsDir = emu.functions.options.functionsDir;
    this.label = `本地 CloudBase ${emu.url}（函数目录 ${this.functionsDir}）`;
  }

  private get store() {
    return this.emu.database.state.store;
  }

  async collections(): Promise<CollectionState[]> {
    return this.store
      .collectionNames()
      .sort()
      .map((name) => ({
        name,
        indexes: this.store.indexesOf(name).map((i) => ({ name: i.name, unique: i.unique, keys: i.keys.map((k) => ({ field: k.field, direction: k.direction })) })),
        rule: this.store.ruleOf(name) as CollectionRule | undefined,
      }));
  }

  async storageRules(): Promise<unknown> {
    return this.emu.storage.rulesSource;
  }

  async functions(): Promise<FunctionState[]> {
    let names: string[];
    try {
      names = fs.readdirSync(this.functionsDir).filter(isValidFunctionName).sort();
    } catch {
      return [];
    }
    return names.flatMap((name) => {
      const files = locateFunction(this.functionsDir, name);
      if (!files) return [];
      const raw = this.rawConfig(name);
      const config = readFunctionConfig(files.configFile);
      const { [CODE_SHA_ENV]: codeSha256, ...envVariables } = config.envVariables;
      return [
        {
          name,
          runtime: config.runtime,
          handler: config.handler,
          timeout: config.timeout,
          memorySize: config.memorySize,
          envVariables,
          // Nothing is ever installed locally: the folder runs as it is.
          installDependency: raw.installDependency === true,
          codeSha256,
          triggers: config.triggers.map((t) => ({ name: t.name, config: t.config })),
        },
      ];
    });
  }

  findDuplicates(collection: string, keys: IndexKeySpec[], limit: number): Promise<string[]> {
    return duplicatesVia(tcb.init({ ...this.emu.sdkConfig(), timeout: 60000 }).database(), collection, keys, limit);
  }

  async createCollection(name: string): Promise<void> {
    this.emu.database.ensureCollection(name, []);
  }

  async createIndex(collection: string, index: IndexState): Promise<void> {
    const spec: IndexSpec = { name: index.name, unique: index.unique, keys: index.keys.map((k) => ({ field: k.field, direction: k.direction })) };
    this.emu.database.ensureCollection(collection, [...this.store.indexesOf(collection).filter((i) => i.name !== index.name), spec]);
  }

  async dropIndex(collection: string, index: string): Promise<void> {
    this.emu.database.ensureCollection(collection, this.store.indexesOf(collection).filter((i) => i.name !== index));
  }

  async setCollectionRule(collection: string, rule: CollectionRule): Promise<void> {
    this.store.setRule(collection, rule);
  }

  async setStorageRules(rules: unknown): Promise<void> {
    this.emu.storage.setRules(rules);
    // Where the emulator reads them on its next start.
    fs.mkdirSync(this.functionsDir, { recursive: true });
    writeJson(path.join(this.functionsDir, 'storage.rules.json'), rules);
  }

  async createFunction(fn: DesiredFunction): Promise<void> {
    this.copyCode(fn);
    this.writeConfig(fn.name, { ...configOf(fn), triggers: [] });
  }

  async updateFunctionCode(fn: DesiredFunction): Promise<void> {
    const config = this.rawConfig(fn.name);
    this.copyCode(fn);
    const env = { ...((config.envVariables as Record<string, string>) ?? {}), [CODE_SHA_ENV]: fn.codeSha256 };
    this.writeConfig(fn.name, { ...config, envVariables: env });
  }

  async updateFunctionConfig(fn: DesiredFunction): Promise<void> {
    const config = this.rawConfig(fn.name);
    const codeSha = (config.envVariables as Record<string, string> | undefined)?.[CODE_SHA_ENV];
    const next = configOf(fn);
    this.writeConfig(fn.name, { ...next, envVariables: { ...fn.envVariables, ...(codeSha ? { [CODE_SHA_ENV]: codeSha } : {}) }, triggers: config.triggers ?? [] });
  }

  async createTrigger(functionName: string, trigger: TriggerState): Promise<void> {
    const config = this.rawConfig(functionName);
    const triggers = ((config.triggers as TriggerState[] | undefined) ?? []).filter((t) => t.name !== trigger.name);
    this.writeConfig(functionName, { ...config, triggers: [...triggers, { name: trigger.name, type: 'timer', config: trigger.config }] });
  }

  async deleteTrigger(functionName: string, triggerName: string): Promise<void> {
    const config = this.rawConfig(functionName);
    this.writeConfig(functionName, { ...config, triggers: ((config.triggers as TriggerState[] | undefined) ?? []).filter((t) => t.name !== triggerName) });
  }

  private rawConfig(name: string): Record<string, unknown> {
    const file = path.join(this.functionsDir, name, 'config.json');
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  }

  private writeConfig(name: string, config: Record<string, unknown>): void {
    writeJson(path.join(this.functionsDir, name, 'config.json'), config);
  }

  /** The package's files replace the folder's (config.json, the function's settings, stays). */
  private copyCode(fn: DesiredFunction): void {
    const dir = path.join(this.functionsDir, fn.name);
    fs.mkdirSync(dir, { recursive: true });
    for (const entry of fs.readdirSync(dir)) if (entry !== 'config.json' && entry !== 'index.js') fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    linkTree(fn.packageDir, dir, (src) => src === path.join(fn.packageDir, 'index.js'));
    // The bundle last: the runner takes a new index.js as the new version.
    fs.copyFileSync(path.join(fn.packageDir, 'index.js'), path.join(dir, 'index.js'));
  }
}

function configOf(fn: DesiredFunction): Record<string, unknown> {
  return {
    timeout: fn.timeout,
    memorySize: fn.memorySize,
    envVariables: { ...fn.envVariables, [CODE_SHA_ENV]: fn.codeSha256 },
    runtime: fn.runtime,
    handler: fn.handler,
    installDependency: fn.installDependency,
  };
}

function writeJson(file: string, value: unknown): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`);
  fs.renameSync(temp, file);
}
