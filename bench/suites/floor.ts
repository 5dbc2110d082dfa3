/**
 * How close the local CloudBase is to the floor: single-document calls through the real node-sdk,
 * (a) against the local CloudBase and (b) against a "floor" server that answers at once with a
 * canned valid reply, so (b) is only what the SDK's signing, HTTP and JSON cost. The two run
 * interleaved in rounds (the order alternating), so both suffer the same load on a shared machine;
 * the figures are the ratio of their p50s per round, and its median over the rounds.
 *
 * Two layouts, each measured the same way:
 * - `processes`: the local CloudBase as a CloudBase project runs it (its bin, `cloudbase-local`, in a
 *   process of its own) and the floor server in a process of its own; the SDK calls both from here.
 *   This is how tests and functions reach it (from other processes and worker threads). The servers'
 *   own CPU per call is read from /proc.
 * - `in-process`: both servers in this process, on the SDK's own thread: each call then runs the
 *   SDK and the server one after the other on one core, and the server's work meets caches the SDK
 *   has just filled. This process's CPU per call covers both.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { encode } from '../../emulator/src/database/ejson';
import { startBenchEmulator } from '../lib/emulator';
import type { Cell, Column } from '../lib/table';
import { timeOps, type Stats } from '../lib/timing';
import type { Suite, SuiteContext, SuiteOutput } from './types';

// The floor server is plain CommonJS so that the processes layout can fork it without a compiler.
const { createFloorServer } = require('../lib/floor-server.cjs') as { createFloorServer(): { server: import('node:http').Server; setReply(text: string): void } };

const COLL = 'floor_docs';
const SCHEMA = {
  collections: [{ name: COLL, description: 'documents read and written one at a time', indexes: [{ name: 'k_1', keys: [{ field: 'k', direction: 1 }] }] }],
};

interface Plan {
  /** Documents in the collection while measuring. */
  docs: number;
  warmup: number;
  /** Rounds; each measures every operation on both servers, the server measured first alternating. */
  rounds: number;
  /** Calls per operation per server per round. */
  perRound: number;
}

const FULL: Plan = { docs: 10_000, warmup: 300, rounds: 7, perRound: 1000 };
const QUICK: Plan = { docs: 1_000, warmup: 100, rounds: 5, perRound: 200 };

interface SdkResult {
  code?: string;
  message?: string;
  data?: unknown;
  id?: string;
  updated?: number;
}

function ok<T extends SdkResult>(res: T): T {
  if (res && typeof res === 'object' && res.code) throw new Error(`${res.code}: ${res.message ?? ''}`);
  return res;
}

const AT = new Date('2026-09-01T08:00:00Z');

function benchDoc(i: number): Record<string, unknown> {
  return {
    k: `key-${i}`,
    n: i,
    group: `g${i % 10}`,
    text: `some Chinese text 党员 ${i} 号：社区党建活动记录，宿舍楼学习小组讨论“两学一做”，志愿服务与组织生活会。`,
    at: AT,
  };
}

type Db = ReturnType<ReturnType<typeof tcb.init>['database']>;

/** One server as the measurement sees it. */
interface Target {
  db: Db;
  /** The floor: the reply to answer from now on. */
  reply?(body: unknown): Promise<void>;
  /** The local CloudBase: its metering, reset and read. */
  meterReset?(): Promise<void>;
  meterTotal?(): Promise<{ reads: number; writes: number }>;
  /** CPU time the server's own process has used so far, ms (undefined: it shares this process). */
  serverCpuMs(): number | undefined;
  close(): Promise<void>;
}

interface Layout {
  name: 'processes' | 'in-process';
  local: Target;
  floor: Target;
}

/** user + system CPU of a process, ms, from /proc (clock ticks of 10 ms). */
function procCpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

const sdkDb = (config: { env: string; secretId: string; secretKey: string; serviceUrl: string }) => tcb.init({ ...config, timeout: 60000 }).database();

/** The floor server (bench/lib/floor-server.cjs) in this process. */
async function inProcessFloor(sdk: { env: string; secretId: string; secretKey: string }): Promise<Target> {
  const { server, setReply } = createFloorServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    db: sdkDb({ ...sdk, serviceUrl: `http://127.0.0.1:${port}/admin` }),
    reply: async (body) => setReply(JSON.stringify(body)),
    serverCpuMs: () => undefined,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The same floor server as a process of its own (bench/lib/floor-server.cjs). */
async function processFloor(sdk: { env: string; secretId: string; secretKey: string }): Promise<Target> {
  const child = fork(path.join(__dirname, '../lib/floor-server.cjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Record<string, unknown>));
    child.once('exit', (code) => reject(new Error(`floor server exited (${code})`)));
  });
  const { port } = (await next()) as { port: number };
  return {
    db: sdkDb({ ...sdk, serviceUrl: `http://127.0.0.1:${port}/admin` }),
    reply: async (body) => {
      const acked = next();
      child.send({ reply: JSON.stringify(body) });
      await acked;
    },
    serverCpuMs: () => procCpuMs(child.pid),
    close: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/** The local CloudBase as its bin runs it: `cloudbase-local --functions ... --schema ...`, a process of its own. */
async function processEmulator(): Promise<Target & { sdk: { env: string; secretId: string; secretKey: string } }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dph-floor-'));
  const functions = path.join(dir, 'functions');
  fs.mkdirSync(functions);
  fs.writeFileSync(path.join(functions, 'database.json'), JSON.stringify(SCHEMA));
  const secretId = 'AKIDfloorbench';
  const secretKey = 'floor-bench-secret-key';
  const bin = path.join(__dirname, '../../emulator/bin/cloudbase-local.js');
  const child = spawn(process.execPath, [bin, '--functions', functions, '--data-dir', path.join(dir, 'data'), '--port', '0', '--secret-id', secretId, '--secret-key', secretKey, '--triggers', 'off'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, TENCENTCLOUD: 'true' },
  });
  const ready = await new Promise<{ url: string; env: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /admin URL (\S+) env (\S+)/.exec(out);
      if (m) resolve({ url: m[1], env: m[2] });
    });
    child.once('exit', (code) => reject(new Error(`cloudbase-local exited (${code}) before it was ready:\n${out}`)));
  });
  child.stdout!.resume();
  const base = ready.url.replace(/\/admin$/, '');
  const sdk = { env: ready.env, secretId, secretKey };
  const metering = async () => (await (await fetch(`${base}/__emulator/metering`)).json()) as { total: { reads: number; writes: number } };
  return {
    sdk,
    db: sdkDb({ ...sdk, serviceUrl: ready.url }),
    meterReset: async () => {
      await fetch(`${base}/__emulator/metering/reset`, { method: 'POST' });
    },
    meterTotal: async () => (await metering()).total,
    serverCpuMs: () => procCpuMs(child.pid),
    close: async () => {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startLayout(name: Layout['name']): Promise<Layout> {
  if (name === 'processes') {
    const local = await processEmulator();
    try {
      return { name, local, floor: await processFloor(local.sdk) };
    } catch (err) {
      await local.close();
      throw err;
    }
  }
  const bench = await startBenchEmulator(SCHEMA);
  const { emu } = bench;
  const local: Target = {
    db: bench.app.database(),
    meterReset: async () => emu.metering.reset(),
    meterTotal: async () => emu.metering.snapshot().total,
    serverCpuMs: () => undefined,
    close: () => bench.cleanup(),
  };
  try {
    return { name, local, floor: await inProcessFloor(emu.sdkConfig()) };
  } catch (err) {
    await local.close();
    throw err;
  }
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

interface OpResult {
  op: string;
  emulator: Stats[];
  floor: Stats[];
  ratios: number[];
  /** This process's CPU time (user + system) per call, ms: the SDK (and, in-process, the server too). */
  emulatorCpu: number[];
  floorCpu: number[];
  cpuRatios: number[];
  /** The server process's own CPU, ms, over all measured calls (processes layout). */
  localServerCpuMs: number;
  floorServerCpuMs: number;
  calls: number;
  dbReadsPerOp: number;
  dbWritesPerOp: number;
  errors: number;
  firstError?: string;
}

export const floorSuite: Suite = {
  name: 'floor',
  description: 'single-document get/set/update/add (and a request with no database work): local CloudBase vs a server answering instantly (the SDK floor), and their ratio; both servers in processes of their own, and both in this process',
  async run(ctx: SuiteContext): Promise<SuiteOutput> {
    const plan = ctx.quick ? QUICK : FULL;
    const measured: Array<{ layout: Layout['name']; results: OpResult[] }> = [];
    for (const name of ['processes', 'in-process'] as const) {
      ctx.log(`layout ${name}`);
      const layout = await startLayout(name);
      try {
        measured.push({ layout: name, results: await measure(layout, plan, ctx) });
      } finally {
        await layout.floor.close();
        await layout.local.close();
      }
    }
    return report(measured, plan, ctx);
  },
};

async function measure(layout: Layout, plan: Plan, ctx: SuiteContext): Promise<OpResult[]> {
  const { local, floor } = layout;
  const emuDb = local.db;
  const _ = emuDb.command;

  ctx.log(`seeding ${plan.docs} documents`);
  const ids: string[] = [];
  for (let from = 0; from < plan.docs; from += 1000) {
    const batch = Array.from({ length: Math.min(1000, plan.docs - from) }, (_v, j) => benchDoc(from + j));
    const res = ok((await emuDb.collection(COLL).add(batch)) as SdkResult & { ids?: string[] });
    ids.push(...(res.ids ?? []));
  }
  if (ids.length !== plan.docs) throw new Error(`seeded ${ids.length} of ${plan.docs}`);

  let pick = 12345;
  const nextIndex = () => {
    pick = (pick * 1103515245 + 12345) % 2147483648;
    return pick % ids.length;
  };
  let seq = 0;
  const requestId = '6f1c2b7e-0d4e-4c51-9f6a-2b1d7e3c4a50';
  const sampleId = ids[0];

  /** Each operation: the call (the same code for both servers) and the floor's canned reply. */
  const ops: Array<{ op: string; reply: unknown; call: (db: Db) => Promise<boolean> }> = [
    {
      // What every request costs before any database work: signature, body, params, a reply.
      op: 'no database work: a missing collection',
      reply: { code: 'DATABASE_COLLECTION_NOT_EXIST', message: 'Db or Table not exist: floor_missing', requestId },
      call: async (db) => {
        try {
          await db.collection('floor_missing').doc('x').get();
          return false;
        } catch (err) {
          return (err as { code?: string }).code === 'DATABASE_COLLECTION_NOT_EXIST';
        }
      },
    },
    {
      op: 'get by _id: doc(id).get()',
      reply: { data: { list: [encode({ _id: sampleId, ...benchDoc(0) })], limit: 100, offset: 0 }, requestId },
      call: async (db) => {
        const i = nextIndex();
        const res = ok((await db.collection(COLL).doc(ids[i]).get()) as SdkResult);
        const list = res.data as Array<{ k: string }>;
        return list.length === 1 && typeof list[0].k === 'string';
      },
    },
    {
      op: 'update: doc(id).update({n: _.inc(1)})',
      reply: { data: { updated: 1 }, requestId },
      call: async (db) => {
        const res = ok((await db.collection(COLL).doc(ids[nextIndex()]).update({ n: _.inc(1) })) as SdkResult);
        return res.updated === 1;
      },
    },
    {
      op: 'set: doc(id).set({...})',
      reply: { data: { updated: 1 }, requestId },
      call: async (db) => {
        seq += 1;
        const res = ok((await db.collection(COLL).doc(ids[nextIndex()]).set(benchDoc(1_000_000 + seq))) as SdkResult);
        return res.updated === 1;
      },
    },
    {
      op: 'add one: add(doc)',
      reply: { data: { insertedIds: ['0a1b2c3d4e5f60718293a4b5c6d7e8f9'] }, requestId },
      call: async (db) => {
        seq += 1;
        const res = ok((await db.collection(COLL).add(benchDoc(2_000_000 + seq))) as SdkResult);
        return typeof res.id === 'string' && res.id.length > 0;
      },
    },
  ];

  const results: OpResult[] = ops.map(({ op }) => ({
    op, emulator: [], floor: [], ratios: [], emulatorCpu: [], floorCpu: [], cpuRatios: [], localServerCpuMs: 0, floorServerCpuMs: 0, calls: 0, dbReadsPerOp: 0, dbWritesPerOp: 0, errors: 0,
  }));
  const run = async (r: OpResult, target: Target, call: () => Promise<boolean>, n: number) => {
    const server = target.serverCpuMs();
    const cpu = process.cpuUsage();
    const stats = await timeOps(n, async (i) => {
      try {
        if (!(await call())) {
          r.errors += 1;
          r.firstError ??= `call ${i}: wrong result`;
        }
      } catch (err) {
        r.errors += 1;
        r.firstError ??= `call ${i}: ${(err as Error).message}`;
      }
    });
    const used = process.cpuUsage(cpu);
    const serverAfter = target.serverCpuMs();
    return { ...stats, cpuMs: (used.user + used.system) / 1000 / n, serverCpuMs: server === undefined || serverAfter === undefined ? 0 : serverAfter - server };
  };

  // Warm both sides (JIT, sockets, SQLite cache) before anything is timed.
  for (const [i, o] of ops.entries()) {
    await floor.reply!(o.reply);
    await run(results[i], local, () => o.call(emuDb), plan.warmup);
    await run(results[i], floor, () => o.call(floor.db), plan.warmup);
    results[i].errors = 0;
    results[i].firstError = undefined;
  }

  for (let round = 0; round < plan.rounds; round += 1) {
    for (const [i, o] of ops.entries()) {
      const r = results[i];
      await floor.reply!(o.reply);
      const measureEmulator = async () => {
        await local.meterReset!();
        const stats = await run(r, local, () => o.call(emuDb), plan.perRound);
        const total = await local.meterTotal!();
        r.dbReadsPerOp = total.reads / plan.perRound;
        r.dbWritesPerOp = total.writes / plan.perRound;
        return stats;
      };
      const measureFloor = () => run(r, floor, () => o.call(floor.db), plan.perRound);
      let e: Awaited<ReturnType<typeof run>>;
      let f: Awaited<ReturnType<typeof run>>;
      if (round % 2 === 0) {
        e = await measureEmulator();
        f = await measureFloor();
      } else {
        f = await measureFloor();
        e = await measureEmulator();
      }
      r.emulator.push(e);
      r.floor.push(f);
      r.ratios.push(e.p50Ms / f.p50Ms);
      r.emulatorCpu.push(e.cpuMs);
      r.floorCpu.push(f.cpuMs);
      r.cpuRatios.push(e.cpuMs / f.cpuMs);
      r.localServerCpuMs += e.serverCpuMs;
      r.floorServerCpuMs += f.serverCpuMs;
      r.calls += plan.perRound;
      ctx.log(
        `${layout.name} round ${round + 1}/${plan.rounds} ${o.op}: p50 ${e.p50Ms.toFixed(3)} vs ${f.p50Ms.toFixed(3)} ms (ratio ${(e.p50Ms / f.p50Ms).toFixed(2)}), ` +
          `CPU/call here ${e.cpuMs.toFixed(3)} vs ${f.cpuMs.toFixed(3)} ms`,
      );
    }
  }
  return results;
}

function report(measured: Array<{ layout: Layout['name']; results: OpResult[] }>, plan: Plan, ctx: SuiteContext): SuiteOutput {
  const columns: Column[] = [
    { key: 'layout', title: 'servers' },
    { key: 'op', title: 'operation' },
    { key: 'emuP50', title: 'local p50 ms', decimals: 3 },
    { key: 'floorP50', title: 'floor p50 ms', decimals: 3 },
    { key: 'ratio', title: 'ratio (median)', decimals: 2 },
    { key: 'ratioMin', title: 'ratio min', decimals: 2 },
    { key: 'ratioMax', title: 'ratio max', decimals: 2 },
    { key: 'emuCpu', title: 'CPU ms/call here, local', decimals: 3 },
    { key: 'floorCpu', title: 'CPU ms/call here, floor', decimals: 3 },
    { key: 'emuServerCpu', title: 'server CPU ms/call, local', decimals: 3 },
    { key: 'floorServerCpu', title: 'server CPU ms/call, floor', decimals: 3 },
    { key: 'reads', title: 'DbRead/op', decimals: 2 },
    { key: 'writes', title: 'DbWrite/op', decimals: 2 },
    { key: 'errors', title: 'errors' },
  ];
  const summary = measured.flatMap(({ layout, results }) =>
    results.map((r) => ({
      layout,
      op: r.op,
      emulatorP50Ms: median(r.emulator.map((s) => s.p50Ms)),
      floorP50Ms: median(r.floor.map((s) => s.p50Ms)),
      ratioMedian: median(r.ratios),
      ratioMin: Math.min(...r.ratios),
      ratioMax: Math.max(...r.ratios),
      ratios: r.ratios.map((x) => Math.round(x * 1000) / 1000),
      emulatorMeanMs: median(r.emulator.map((s) => s.meanMs)),
      floorMeanMs: median(r.floor.map((s) => s.meanMs)),
      emulatorCpuMs: median(r.emulatorCpu),
      floorCpuMs: median(r.floorCpu),
      cpuRatioMedian: median(r.cpuRatios),
      /** The servers' own processes (processes layout; 10 ms ticks summed over every measured call). */
      emulatorServerCpuMs: layout === 'processes' ? r.localServerCpuMs / r.calls : undefined,
      floorServerCpuMs: layout === 'processes' ? r.floorServerCpuMs / r.calls : undefined,
      dbReadsPerOp: r.dbReadsPerOp,
      dbWritesPerOp: r.dbWritesPerOp,
      errors: r.errors,
      firstError: r.firstError,
    })),
  );
  const rows: Array<Record<string, Cell>> = summary.map((s) => ({
    layout: s.layout,
    op: s.op,
    emuP50: s.emulatorP50Ms,
    floorP50: s.floorP50Ms,
    ratio: s.ratioMedian,
    ratioMin: s.ratioMin,
    ratioMax: s.ratioMax,
    emuCpu: s.emulatorCpuMs,
    floorCpu: s.floorCpuMs,
    emuServerCpu: s.emulatorServerCpuMs ?? '',
    floorServerCpu: s.floorServerCpuMs ?? '',
    reads: s.dbReadsPerOp,
    writes: s.dbWritesPerOp,
    errors: s.errors,
  }));
  const notes = [
    `${plan.rounds} rounds of ${plan.perRound} sequential calls per operation on each server (the order alternating), ${plan.docs.toLocaleString('en-US')} documents; p50s are the median of the rounds' p50s, the ratio the median of the rounds' ratios`,
    'floor: an HTTP server that drains the body and answers a canned valid reply at once (the SDK still signs, sends and parses)',
    'processes: the local CloudBase run by its bin (cloudbase-local) and the floor server, each a process of its own, as tests and functions reach it; in-process: both on this process\'s one thread, after the SDK\'s own work on each call',
    'CPU ms/call here: this process\'s CPU (the SDK; in-process also the server); server CPU: the server process\'s own, from /proc in 10 ms ticks summed over all measured calls',
    ...summary.filter((s) => s.firstError).map((s) => `ERROR in ${s.layout} "${s.op}": ${s.firstError}`),
  ];
  return {
    table: { title: `floor: local CloudBase vs an instant server, same SDK${ctx.quick ? ' (QUICK run)' : ''}`, columns, rows, notes },
    figures: { plan, ops: summary },
  };
}
