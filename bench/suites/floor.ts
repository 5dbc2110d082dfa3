/**
 * How close the local CloudBase is to the floor: single-document calls through the real node-sdk,
 * (a) against the local CloudBase and (b) against a "floor" server in the same process that answers
 * at once with a canned valid reply, so (b) is only what the SDK's signing, HTTP and JSON cost.
 * The two run interleaved in rounds (the order alternating), so both suffer the same load on a
 * shared machine; the figures are the ratio of their p50s and the ratio of the CPU time per call
 * (this process's, which runs both the SDK and the server), per round, and their medians over the rounds.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import tcb from '@cloudbase/node-sdk';
import { encode } from '../../emulator/src/database/ejson';
import { startBenchEmulator } from '../lib/emulator';
import type { Cell, Column } from '../lib/table';
import { timeOps, type Stats } from '../lib/timing';
import type { Suite, SuiteContext, SuiteOutput } from './types';

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

/** A server that drains the request and answers the reply set for the operation under measurement. */
async function startFloor(): Promise<{ url: string; reply(body: unknown): void; close(): Promise<void> }> {
  let canned = Buffer.from('{}');
  const server = http.createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': canned.length });
      res.end(canned);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    reply: (body) => {
      canned = Buffer.from(JSON.stringify(body));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
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
  /** This process's CPU time (user + system) per call, ms: the SDK and the server both run here. */
  emulatorCpu: number[];
  floorCpu: number[];
  cpuRatios: number[];
  dbReadsPerOp: number;
  dbWritesPerOp: number;
  errors: number;
  firstError?: string;
}

export const floorSuite: Suite = {
  name: 'floor',
  description: 'single-document get/set/update/add: local CloudBase vs a server answering instantly (the SDK floor), and their ratio',
  async run(ctx: SuiteContext): Promise<SuiteOutput> {
    const plan = ctx.quick ? QUICK : FULL;
    const bench = await startBenchEmulator(SCHEMA);
    const floor = await startFloor();
    try {
      return await runSuite(bench, floor, plan, ctx);
    } finally {
      await floor.close();
      await bench.cleanup();
    }
  },
};

async function runSuite(
  bench: Awaited<ReturnType<typeof startBenchEmulator>>,
  floor: Awaited<ReturnType<typeof startFloor>>,
  plan: Plan,
  ctx: SuiteContext,
): Promise<SuiteOutput> {
  const { emu } = bench;
  const emuDb = bench.app.database();
  const floorDb = tcb.init({ ...emu.sdkConfig(), serviceUrl: `${floor.url}/admin`, timeout: 60000 }).database();
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
  const ops: Array<{ op: string; reply: unknown; call: (db: typeof emuDb) => Promise<boolean> }> = [
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

  const results: OpResult[] = ops.map(({ op }) => ({ op, emulator: [], floor: [], ratios: [], emulatorCpu: [], floorCpu: [], cpuRatios: [], dbReadsPerOp: 0, dbWritesPerOp: 0, errors: 0 }));
  const run = async (r: OpResult, call: () => Promise<boolean>, n: number) => {
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
    return { ...stats, cpuMs: (used.user + used.system) / 1000 / n };
  };

  // Warm both sides (JIT, sockets, SQLite cache) before anything is timed.
  for (const [i, o] of ops.entries()) {
    floor.reply(o.reply);
    await run(results[i], () => o.call(emuDb), plan.warmup);
    await run(results[i], () => o.call(floorDb), plan.warmup);
    results[i].errors = 0;
    results[i].firstError = undefined;
  }

  for (let round = 0; round < plan.rounds; round += 1) {
    for (const [i, o] of ops.entries()) {
      const r = results[i];
      floor.reply(o.reply);
      const measureEmulator = async () => {
        emu.metering.reset();
        const stats = await run(r, () => o.call(emuDb), plan.perRound);
        const total = emu.metering.snapshot().total;
        r.dbReadsPerOp = total.reads / plan.perRound;
        r.dbWritesPerOp = total.writes / plan.perRound;
        return stats;
      };
      const measureFloor = () => run(r, () => o.call(floorDb), plan.perRound);
      let e: Stats & { cpuMs: number };
      let f: Stats & { cpuMs: number };
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
      ctx.log(
        `round ${round + 1}/${plan.rounds} ${o.op}: p50 ${e.p50Ms.toFixed(3)} vs ${f.p50Ms.toFixed(3)} ms (ratio ${(e.p50Ms / f.p50Ms).toFixed(2)}), ` +
          `CPU/call ${e.cpuMs.toFixed(3)} vs ${f.cpuMs.toFixed(3)} ms (ratio ${(e.cpuMs / f.cpuMs).toFixed(2)})`,
      );
    }
  }

  const columns: Column[] = [
    { key: 'op', title: 'operation' },
    { key: 'emuP50', title: 'local p50 ms', decimals: 3 },
    { key: 'floorP50', title: 'floor p50 ms', decimals: 3 },
    { key: 'ratio', title: 'ratio (median)', decimals: 2 },
    { key: 'ratioMin', title: 'ratio min', decimals: 2 },
    { key: 'ratioMax', title: 'ratio max', decimals: 2 },
    { key: 'emuCpu', title: 'local CPU ms/call', decimals: 3 },
    { key: 'floorCpu', title: 'floor CPU ms/call', decimals: 3 },
    { key: 'cpuRatio', title: 'CPU ratio (median)', decimals: 2 },
    { key: 'cpuBest', title: 'CPU ratio (best rounds)', decimals: 2 },
    { key: 'reads', title: 'DbRead/op', decimals: 2 },
    { key: 'writes', title: 'DbWrite/op', decimals: 2 },
    { key: 'errors', title: 'errors' },
  ];
  const summary = results.map((r) => ({
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
    /** The least disturbed round of each side: their lowest CPU per call. */
    cpuRatioBest: Math.min(...r.emulatorCpu) / Math.min(...r.floorCpu),
    cpuRatios: r.cpuRatios.map((x) => Math.round(x * 1000) / 1000),
    dbReadsPerOp: r.dbReadsPerOp,
    dbWritesPerOp: r.dbWritesPerOp,
    errors: r.errors,
    firstError: r.firstError,
  }));
  const rows: Array<Record<string, Cell>> = summary.map((s) => ({
    op: s.op,
    emuP50: s.emulatorP50Ms,
    floorP50: s.floorP50Ms,
    ratio: s.ratioMedian,
    ratioMin: s.ratioMin,
    ratioMax: s.ratioMax,
    emuCpu: s.emulatorCpuMs,
    floorCpu: s.floorCpuMs,
    cpuRatio: s.cpuRatioMedian,
    cpuBest: s.cpuRatioBest,
    reads: s.dbReadsPerOp,
    writes: s.dbWritesPerOp,
    errors: s.errors,
  }));
  const notes = [
    `${plan.rounds} rounds of ${plan.perRound} sequential calls per operation on each server (the order alternating), ${plan.docs.toLocaleString('en-US')} documents; p50s are the median of the rounds' p50s, the ratio the median of the rounds' ratios`,
    'floor: an HTTP server in the same process that drains the body and answers a canned valid reply at once (the SDK still signs, sends and parses)',
    'CPU ms/call: this process\'s user + system CPU time per call (client and server both run here): unlike wall time it hardly moves with the load of other jobs on the machine',
    ...summary.filter((s) => s.firstError).map((s) => `ERROR in "${s.op}": ${s.firstError}`),
  ];
  return {
    table: { title: `floor: local CloudBase vs an instant server, same SDK${ctx.quick ? ' (QUICK run)' : ''}`, columns, rows, notes },
    figures: { plan, ops: summary },
  };
}
