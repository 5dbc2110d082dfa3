import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { startEmulator, type Emulator, type EmulatorOptions } from '../src/emulator';
import { parseSchema, type DatabaseSchema } from '../src/database/schema';

// Functions and SDK calls made by the test process itself must not probe the cloud metadata host.
process.env.TENCENTCLOUD = 'true';

export function tempDir(prefix = 'dph-emu-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export type TestEmulator = Emulator & { cleanup(): Promise<void> };

/** An isolated emulator on an ephemeral port with a throwaway data directory. */
export async function startTestEmulator(
  options: Omit<Partial<EmulatorOptions>, 'schema'> & { schema?: unknown } = {},
): Promise<TestEmulator> {
  const dataDir = options.dataDir ?? tempDir();
  const schema = options.schema ? parseSchema(options.schema) : { collections: [] };
  const emu = await startEmulator({ ...options, dataDir, schema, port: 0 });
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
