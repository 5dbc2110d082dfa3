import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadSchema } from 'cloudbase-local';
import { settingsEnv, SchoolSettingsSchema, type SchoolSettings } from '../../src/shared/school-settings';
import { functionNames } from '../build-functions';
import { functionsDir, packageFunction } from './package';
import type { DesiredFunction, DesiredState } from './state';

/** CloudBase's Node.js 16 runtime, what scripts/build-functions.ts compiles for; a config.json may name another. */
export const DEFAULT_RUNTIME = 'Nodejs16.13';
export const DEFAULT_HANDLER = 'index.main';

/** A function's config.json, as the local CloudBase and the deploy both read it (keys of cloudbaserc.json). */
const FunctionConfigFile = z.object({
  timeout: z.number().int().min(1).max(900).default(3),
  memorySize: z.number().int().min(64).max(3072).default(256),
  envVariables: z.record(z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({}),
  runtime: z.string().default(DEFAULT_RUNTIME),
  handler: z.string().default(DEFAULT_HANDLER),
  triggers: z
    .array(z.object({ name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,59}$/), type: z.literal('timer'), config: z.string().min(1) }))
    .max(1, 'CloudBase 每个函数只能有一个定时触发器')
    .default([]),
});

export function readFunctionConfig(file: string) {
  const raw: unknown = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  const parsed = FunctionConfigFile.safeParse(raw);
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Reads config/school.json (or the given file) and checks it; a mistake names the field. */
export function readSchoolSettings(file: string): SchoolSettings {
  const parsed = SchoolSettingsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export interface DesiredOptions {
  settings: SchoolSettings;
  /** Where function packages are built (`.deploy/packages` by default). */
  packagesDir: string;
  /** Functions to package; all of them by default. */
  names?: string[];
}

/**
 * What the repository declares: database.json (collections, indexes, the deny-clients rule),
 * storage.rules.json, and each function's package, config.json and the school's settings as environment.
 */
export function desiredState({ settings, packagesDir, names = functionNames() }: DesiredOptions): DesiredState {
  const schema = loadSchema(path.join(functionsDir, 'database.json'));
  const storageRules: unknown = JSON.parse(fs.readFileSync(path.join(functionsDir, 'storage.rules.json'), 'utf8'));
  const school = settingsEnv(settings);
  const functions = names.sort().map((name): DesiredFunction => {
    const config = readFunctionConfig(path.join(functionsDir, name, 'config.json'));
    const pkg = packageFunction(name, packagesDir);
    return {
      name,
      runtime: config.runtime,
      handler: config.handler,
      timeout: config.timeout,
      memorySize: config.memorySize,
      envVariables: { ...config.envVariables, ...school },
      installDependency: false,
      triggers: config.triggers.map(({ name: triggerName, config: cron }) => ({ name: triggerName, config: cron })),
      codeSha256: pkg.sha256,
      packageDir: pkg.dir,
    };
  });
  return {
    collections: schema.collections.map((c) => ({
      name: c.name,
      indexes: c.indexes.map((i) => ({ name: i.name, unique: i.unique, keys: i.keys.map((k) => ({ field: k.field, direction: k.direction })) })),
      rule: c.rule,
    })),
    storageRules,
    functions,
  };
}
