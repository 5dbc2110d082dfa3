import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What one suite leaves in the results file. */
export interface SuiteRecord {
  timestamp: string;
  quick: boolean;
  durationMs: number;
  node: string;
  machine: MachineInfo;
  [figures: string]: unknown;
}

export interface MachineInfo {
  platform: string;
  arch: string;
  release: string;
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  memoryGiB: number;
}

export interface ResultsFile {
  updatedAt: string;
  suites: Record<string, SuiteRecord>;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const memoryBytes = os.totalmem();
  return {
    platform: os.platform(),
    arch: os.arch(),
    release: os.release(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryBytes,
    memoryGiB: Math.round((memoryBytes / 2 ** 30) * 10) / 10,
  };
}

export function readResults(file: string): ResultsFile {
  if (!fs.existsSync(file)) return { updatedAt: '', suites: {} };
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ResultsFile>;
    return { updatedAt: parsed.updatedAt ?? '', suites: parsed.suites && typeof parsed.suites === 'object' ? parsed.suites : {} };
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message}); move it away to start afresh`);
  }
}

/**
 * Replaces the given suites' entries and keeps every other suite already in the file (suites run
 * at other times, or by other parts of the project, e.g. `plaque`). Written atomically.
 */
export function mergeResults(file: string, records: Record<string, SuiteRecord>): ResultsFile {
  const current = readResults(file);
  const merged: ResultsFile = { updatedAt: new Date().toISOString(), suites: { ...current.suites, ...records } };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(merged, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return merged;
}
