import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { startEmulator, type Emulator, type EmulatorOptions } from './emulator';
import { parseSchema, type DatabaseSchema } from './database/schema';

/**
 * `cloudbase-local/testing`: what a project's tests need to stand on a local CloudBase of their own.
 * Needs `@cloudbase/node-sdk` (a peer dependency: the project's own copy).
 */

// Functions and SDK calls made by the test process itself must not probe the cloud metadata host.
process.env.TENCENTCLOUD = 'true';

export function tempDir(prefix = 'cloudbase-local-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export type TestEmulator = Emulator & { cleanup(): Promise<void> };

/**
 * An isolated emulator on an ephemeral port with a throwaway data directory. Nothing is taken from
 * the working directory: functions (and the storage rules beside them) only from `functionsDir`, the
 * schema only from `schema`; without them, no functions, no collections, and every client storage
 * request denied.
 */
export async function startTestEmulator(
  options: Omit<Partial<EmulatorOptions>, 'schema'> & { schema?: unknown } = {},
): Promise<TestEmulator> {
  const dataDir = options.dataDir ?? tempDir();
  const schema = options.schema ? parseSchema(options.schema) : { collections: [] };
  // Timer triggers only where a test asks for them: no background call lands in a test that did not expect one.
  const functionsDir = options.functionsDir ?? path.join(dataDir, 'no-functions');
  const emu = await startEmulator({ triggers: false, ...options, dataDir, functionsDir, schema, port: 0 });
  return Object.assign(emu, {
    cleanup: async () => {
      await emu.stop();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** The real node-sdk, pointed at the emulator through `serviceUrl`. */
export function sdkFor(emu: Emulator) {
  return tcb.init({ ...emu.sdkConfig(), timeout: 20000 });
}

/** A schema with the given collections and no indexes. */
export function collections(...names: string[]): DatabaseSchema {
  return parseSchema({ collections: names.map((name) => ({ name })) });
}
