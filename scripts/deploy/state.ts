/**
 * What a CloudBase environment holds, as far as the deploy cares, in one shape for both sides of the
 * comparison: what the repository declares (desired.ts) and what a target has now (targets/*.ts).
 */

export interface IndexKeySpec {
  field: string;
  direction: 1 | -1;
}

export interface IndexState {
  name: string;
  keys: IndexKeySpec[];
  unique: boolean;
}

/** A collection's client security rule; every collection here denies clients (functions own all access). */
export interface CollectionRule {
  read: boolean | string;
  write: boolean | string;
}

export interface CollectionState {
  name: string;
  indexes: IndexState[];
  /** undefined: the target could not say (never set). */
  rule?: CollectionRule;
}

export interface TriggerState {
  name: string;
  /** CloudBase's 7-field cron. */
  config: string;
}

/** A function's settings that the deploy compares and sets (besides its code). */
export interface FunctionConfigState {
  runtime: string;
  handler: string;
  timeout: number;
  memorySize: number;
  /** Without the deploy's own DEPLOY_CODE_SHA256, which stands for the code. */
  envVariables: Record<string, string>;
  installDependency: boolean;
}

export interface FunctionState extends FunctionConfigState {
  name: string;
  /** sha256 of the uploaded package (kept in the function's environment as DEPLOY_CODE_SHA256); undefined when unknown. */
  codeSha256?: string;
  triggers: TriggerState[];
}

/** A function as the repository declares it: its settings and the folder to upload. */
export interface DesiredFunction extends FunctionState {
  codeSha256: string;
  /** The package folder (bundle, assets and the node_modules it needs; nothing installed on upload). */
  packageDir: string;
}

export interface CurrentState {
  collections: CollectionState[];
  storageRules?: unknown;
  functions: FunctionState[];
  /**
   * Duplicate keys found (read-only) under each unique index the repository declares and the target
   * lacks, by `collection/index`; the planner stops on any. At most a few keys each.
   */
  duplicates: Record<string, string[]>;
}

export interface DesiredState {
  collections: Array<CollectionState & { rule: CollectionRule }>;
  storageRules: unknown;
  functions: DesiredFunction[];
}

/** The environment variable that carries a function's package hash, so a second run can tell the code is the same. */
export const CODE_SHA_ENV = 'DEPLOY_CODE_SHA256';

export function sameIndex(a: IndexState, b: IndexState): boolean {
  return (
    a.unique === b.unique &&
    a.keys.length === b.keys.length &&
    a.keys.every((k, i) => k.field === b.keys[i].field && k.direction === b.keys[i].direction)
  );
}

/** JSON with object keys sorted, so two equal values compare equal whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
