import fs from 'node:fs';
import path from 'node:path';

/** CloudBase's defaults for a new function: 3 s and 256 MB; the timeout can be raised to 900 s. */
export const DEFAULT_TIMEOUT_S = 3;
export const MAX_TIMEOUT_S = 900;
export const DEFAULT_MEMORY_MB = 256;

export interface FunctionConfig {
  timeoutMs: number;
  memoryMb: number;
  envVariables: Record<string, string>;
}

export interface FunctionFiles {
  dir: string;
  indexFile: string;
  configFile: string;
  /** Changes when index.js or config.json changes, so a warm pool can be replaced after an edit. */
  version: string;
}

/**
 * Names as CloudBase accepts them (letters, digits, `_`, `-`). Checking here also keeps a request
 * path such as `/client/functions/..` from reaching outside the functions directory.
 */
const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;

export function isValidFunctionName(name: string): boolean {
  return NAME.test(name);
}

function mtime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** The deployed files of one function, or undefined when there is no such function. */
export function locateFunction(functionsDir: string, name: string): FunctionFiles | undefined {
  if (!isValidFunctionName(name)) return undefined;
  const dir = path.join(functionsDir, name);
  const indexFile = path.join(dir, 'index.js');
  const configFile = path.join(dir, 'config.json');
  const indexTime = mtime(indexFile);
  if (!indexTime) return undefined;
  return { dir, indexFile, configFile, version: `${indexTime}:${mtime(configFile)}` };
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * Reads `<fn>/config.json` with the per-function keys cloudbaserc.json uses: `timeout` in seconds,
 * `memorySize` in MB, `envVariables` as strings. A broken file is reported, not guessed around.
 */
export function loadFunctionConfig(configFile: string): FunctionConfig {
  let raw: Record<string, unknown> = {};
  if (fs.existsSync(configFile)) {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(configFile, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>;
    } catch (err) {
      throw new Error(`${configFile}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const timeoutS = Math.min(positive(raw.timeout) ?? DEFAULT_TIMEOUT_S, MAX_TIMEOUT_S);
  const memoryMb = Math.floor(positive(raw.memorySize) ?? DEFAULT_MEMORY_MB);
  const envVariables: Record<string, string> = {};
  if (raw.envVariables && typeof raw.envVariables === 'object') {
    for (const [key, value] of Object.entries(raw.envVariables as Record<string, unknown>)) {
      if (value !== undefined && value !== null) envVariables[key] = String(value);
    }
  }
  return { timeoutMs: Math.round(timeoutS * 1000), memoryMb, envVariables };
}
