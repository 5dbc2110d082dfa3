import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import tcb from '@cloudbase/node-sdk';
import { startEmulator } from '../src/emulator';
import { parseSchema } from '../src/database/schema';
import { sdkFor, startTestEmulator, tempDir } from './helpers';
import { readCredentials } from '../src/credentials';

// node-sdk never clears its 3 s slow-request warning timer when a request fails; the requests cut
// off by the SIGKILL below would log after the test ends.
process.env.SILENCE = 'true';

const bin = path.join(__dirname, '..', 'bin', 'cloudbase-local.js');
const fixtures = path.join(__dirname, 'fixtures', 'crash');
const schema = JSON.parse(fs.readFileSync(path.join(fixtures, 'database.json'), 'utf8'));

// Killed after the tests even when one fails or times out: a running child would keep jest alive.
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts the emulator CLI as a child process and resolves with its admin URL. */
function startChild(dataDir: string): Promise<{ child: ChildProcess; adminUrl: string }> {
  const child = spawn(process.execPath, [bin, 'start', '--port', '0', '--data', dataDir, '--functions', fixtures], {
    cwd: fixtures,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const m = /admin URL (\S+)/.exec(out);
      if (m) resolve({ child, adminUrl: m[1] });
    });
    child.stderr!.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => reject(new Error(`emulator exited (${code}) before ready: ${out}`)));
  });
}

describe('persistence', () => {
  it('keeps documents, indexes and collections across a restart', async () => {
    const dataDir = tempDir();
    const first = await startTestEmulator({ dataDir, schema });
    const db1 = sdkFor(first).database();
    await db1.collection('burst').add({ _id: 'keep', tag: 't1', at: new Date(1_700_000_000_000) });
    await first.stop();

    const second = await startTestEmulator({ dataDir, schema });
    try {
      const db2 = sdkFor(second).database();
      expect((await db2.collection('burst').doc('keep').get()).data).toEqual([{ _id: 'keep', tag: 't1', at: new Date(1_700_000_000_000) }]);
      await expect(db2.collection('burst').add({ tag: 't1' })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    } finally {
      await second.cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a second emulator on a data directory in use', async () => {
    const dataDir = tempDir();
    const { child } = await startChild(dataDir);
    try {
      await expect(startTestEmulator({ dataDir, schema })).rejects.toThrow(/in use by another emulator/);
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a port already taken fails the start and leaves the data directory closed and unlocked', async () => {
    const dataDir = tempDir();
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = (taken.address() as AddressInfo).port;
      await expect(startEmulator({ dataDir, schema: parseSchema(schema), port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(fs.existsSync(path.join(dataDir, 'emulator.lock'))).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('after SIGKILL during a burst of writes, reopens with every acknowledged write and a consistent store', async () => {
    const dataDir = tempDir();
    const { child, adminUrl } = await startChild(dataDir);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // The child generated its data directory's key pair on start; a client on this machine reads it there.
    const app = tcb.init({ env: 'local-dev', ...readCredentials(dataDir), serviceUrl: adminUrl, timeout: 5000 });
    const db = app.database();
    await db.collection('tallies').add(Array.from({ length: 8 }, (_, w) => ({ _id: `w${w}`, n: 0 })));

    const inserted: string[] = [];
    const incs = new Array(8).fill(0);
    let stop = false;
    let writing = 8;
    const worker = async (w: number) => {
      try {
        for (let i = 0; !stop; i += 1) {
          await db.collection('burst').add({ _id: `w${w}-${i}`, tag: `w${w}-${i}`, w, i, text: '党员'.repeat(50) });
          inserted.push(`w${w}-${i}`);
          await db.collection('tallies').doc(`w${w}`).update({ n: db.command.inc(1) });
          incs[w] += 1;
        }
      } catch {
        // the server is gone
      } finally {
        writing -= 1;
      }
    };
    const running = Array.from({ length: 8 }, (_, w) => worker(w));
    // Also ends if every writer stopped early, so a broken server fails the test instead of polling forever.
    while (inserted.length < 400 && writing > 0) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    stop = true;
    await Promise.all(running);

    // The files themselves are sound.
    const raw = new Database(path.join(dataDir, 'database.sqlite'));
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();

    const emu = await startTestEmulator({ dataDir, schema });
    try {
      const db2 = sdkFor(emu).database();
      const ids = new Set<string>();
      for (let skip = 0; ; skip += 1000) {
        const page = await db2.collection('burst').field({ _id: true }).skip(skip).limit(1000).get();
        for (const d of page.data) ids.add(d._id as string);
        if (page.data.length < 1000) break;
      }
      const lost = inserted.filter((id) => !ids.has(id));
      expect(lost).toEqual([]);
      // At most one unacknowledged (in-flight) write per worker may also have landed.
      expect(ids.size - inserted.length).toBeLessThanOrEqual(8);
      for (let w = 0; w < 8; w += 1) {
        const n = (await db2.collection('tallies').doc(`w${w}`).get()).data[0].n;
        expect(n === incs[w] || n === incs[w] + 1).toBe(true);
        // Index entries agree with the documents they index.
        const viaIndex = (await db2.collection('burst').where({ w }).count()).total;
        const viaScan = (await db2.collection('burst').where({ w: db.command.gte(w).and(db.command.lte(w)) }).count()).total;
        expect(viaIndex).toBe(viaScan);
      }
      await expect(db2.collection('burst').add({ tag: inserted[0] })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    } finally {
      await emu.cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
  it('after SIGKILL during a burst of transactions (read by condition, batch add, update), each one is there whole or not at all', async () => {
    const dataDir = tempDir();
    const { child, adminUrl } = await startChild(dataDir);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const db = tcb.init({ env: 'local-dev', ...readCredentials(dataDir), serviceUrl: adminUrl, timeout: 5000 }).database();
    const WORKERS = 6;
    await db.collection('tallies').add(Array.from({ length: WORKERS }, (_, w) => ({ _id: `t${w}`, w, n: 0 })));
    const acked = new Array(WORKERS).fill(0);
    let stop = false;
    let writing = WORKERS;
    const worker = async (w: number) => {
      try {
        for (let i = 0; !stop; i += 1) {
          // Each worker owns its tally: no conflicts, so every acknowledged commit is one transaction.
          await db.runTransaction(async (t: any) => {
            const [tally] = (await t.collection('tallies').where({ w }).get()).data;
            await t.collection('burst').add([{ tag: `t${w}-${i}-a`, w: 100 + w }, { tag: `t${w}-${i}-b`, w: 100 + w }]);
            await t.collection('tallies').doc(`t${w}`).update({ n: tally.n + 1 });
          });
          acked[w] += 1;
        }
      } catch {
        // the server is gone
      } finally {
        writing -= 1;
      }
    };
    const running = Array.from({ length: WORKERS }, (_, w) => worker(w));
    while (acked.reduce((a, b) => a + b, 0) < 120 && writing > 0) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    stop = true;
    await Promise.all(running);
    // The writers were killed mid-burst, not stopped early by a refusal.
    expect(acked.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(120);

    const emu = await startTestEmulator({ dataDir, schema });
    try {
      const db2 = sdkFor(emu).database();
      for (let w = 0; w < WORKERS; w += 1) {
        const n = (await db2.collection('tallies').doc(`t${w}`).get()).data[0].n;
        // Every acknowledged commit survived; the one in flight at the kill may have landed too.
        expect(n === acked[w] || n === acked[w] + 1).toBe(true);
        // Whole or absent: two documents per committed transaction, never one.
        expect((await db2.collection('burst').where({ w: 100 + w }).count()).total).toBe(2 * n);
      }
    } finally {
      await emu.cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
