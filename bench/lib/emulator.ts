import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { parseSchema, startEmulator, type Emulator } from 'cloudbase-local';

export interface BenchEmulator {
  emu: Emulator;
  /** The real node-sdk, pointed at the emulator over HTTP. */
  app: ReturnType<typeof tcb.init>;
  dataDir: string;
  /** Bytes of the SQLite database file plus its WAL and shared-memory files. */
  dbFileSizes(): { db: number; wal: number; shm: number; total: number };
  /**
   * Moves the WAL into the database file (the emulator's own checkpoint), so the database file alone
   * shows the size of the data. Returns its bytes.
   */
  checkpoint(): number;
  /** Stops the emulator and removes its data directory. Safe to call twice. */
  cleanup(): Promise<void>;
}

/** A throwaway emulator: ephemeral port, temporary data directory, the given schema. */
export async function startBenchEmulator(schema: unknown): Promise<BenchEmulator> {
  // SDK calls from this process must not probe the cloud metadata host.
  process.env.TENCENTCLOUD = 'true';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dph-bench-'));
  let emu: Emulator;
  try {
    emu = await startEmulator({ dataDir, port: 0, schema: parseSchema(schema), functionsDir: path.join(dataDir, 'functions') });
  } catch (err) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const app = tcb.init({ ...emu.sdkConfig(), timeout: 60000 });
  const size = (name: string) => {
    try {
      return fs.statSync(path.join(dataDir, name)).size;
    } catch {
      return 0;
    }
  };
  let stopped = false;
  return {
    emu,
    app,
    dataDir,
    dbFileSizes: () => {
      const db = size('database.sqlite');
      const wal = size('database.sqlite-wal');
      const shm = size('database.sqlite-shm');
      return { db, wal, shm, total: db + wal + shm };
    },
    checkpoint: () => {
      // The emulator holds its file exclusively: it checkpoints through its own connection.
      emu.database.checkpoint();
      return size('database.sqlite');
    },
    cleanup: async () => {
      if (stopped) return;
      stopped = true;
      try {
        await emu.stop();
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
