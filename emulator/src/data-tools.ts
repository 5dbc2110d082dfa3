import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Metering } from './metering';
import { DatabaseService } from './database';
import { decodeStored } from './database/ejson';
import type { DatabaseSchema } from './database/schema';
import { insertDocs } from './database/writes';
import { acquireDataLock } from './data-lock';

/** Offline maintenance of a data directory: reset, and collections as JSON lines (relaxed EJSON). */

export function resetData(dataDir: string): void {
  // A fresh clone has no data directory yet: nothing to wipe, and no lock to take in it.
  if (!fs.existsSync(dataDir)) return;
  const release = acquireDataLock(dataDir);
  try {
    for (const name of ['database.sqlite', 'database.sqlite-wal', 'database.sqlite-shm']) fs.rmSync(path.join(dataDir, name), { force: true });
    fs.rmSync(path.join(dataDir, 'storage'), { recursive: true, force: true });
  } finally {
    release();
  }
}

function withDatabase<T>(dataDir: string, schema: DatabaseSchema, run: (db: DatabaseService) => Promise<T>): Promise<T> {
  fs.mkdirSync(dataDir, { recursive: true });
  const release = acquireDataLock(dataDir);
  const db = new DatabaseService({ file: path.join(dataDir, 'database.sqlite'), schema, metering: new Metering() });
  return run(db).finally(() => {
    db.close();
    release();
  });
}

export function exportCollection(dataDir: string, schema: DatabaseSchema, collection: string, out: NodeJS.WritableStream): Promise<number> {
  return withDatabase(dataDir, schema, async (db) => {
    db.state.store.indexesOf(collection);
    let n = 0;
    for (const row of db.state.store.scan(collection)) {
      out.write(`${row.body}\n`);
      n += 1;
    }
    return n;
  });
}

/** Imports JSON lines into a collection in batches; each batch is atomic. */
export function importCollection(dataDir: string, schema: DatabaseSchema, collection: string, input: NodeJS.ReadableStream): Promise<number> {
  return withDatabase(dataDir, schema, async (db) => {
    db.state.store.indexesOf(collection);
    let batch: Record<string, unknown>[] = [];
    let n = 0;
    const flush = () => {
      if (batch.length) insertDocs(db.state, collection, batch);
      n += batch.length;
      batch = [];
    };
    for await (const line of readline.createInterface({ input })) {
      if (!line.trim()) continue;
      batch.push(decodeStored(line));
      if (batch.length >= 500) flush();
    }
    flush();
    return n;
  });
}
