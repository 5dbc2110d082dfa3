/**
 * The local CloudBase database through the real node-sdk over HTTP: latency and throughput of the
 * calls the app makes, at 10k and 100k documents, with the DbRead/DbWrite each call is billed.
 */
import { startBenchEmulator, type BenchEmulator } from '../lib/emulator';
import type { Cell, Column } from '../lib/table';
import { timeOps, type Stats } from '../lib/timing';
import type { Suite, SuiteContext, SuiteOutput } from './types';

const DOCS = 'bench_docs';
const UNIQUE = 'bench_unique';
const COUNTERS = 'bench_counters';

export const BENCH_SCHEMA = {
  collections: [
    { name: DOCS, description: 'k indexed (non-unique); n and group not indexed', indexes: [{ name: 'k_1', keys: [{ field: 'k', direction: 1 }] }] },
    { name: UNIQUE, description: 'the same documents under a unique index on k', indexes: [{ name: 'k_unique', keys: [{ field: 'k', direction: 1 }], unique: true }] },
    { name: COUNTERS, description: 'single documents updated over and over' },
  ],
};

interface Plan {
  /** Collection sizes measured at. */
  levels: number[];
  seedBatch: number;
  warmup: number;
  insert: number;
  get: number;
  whereIndexed: number;
  /** Equality on a non-indexed field is a full scan: fewer iterations at the larger size. */
  whereScan: Record<number, number>;
  transaction: number;
  incSequential: number;
  /** Calls in flight at once, and how many in all (after one untimed burst of `concurrency`). */
  parallelInc: { concurrency: number; total: number };
}

const FULL: Plan = {
  levels: [10_000, 100_000],
  seedBatch: 1000,
  warmup: 100,
  insert: 1000,
  get: 1000,
  whereIndexed: 1000,
  whereScan: { 10_000: 100, 100_000: 20 },
  transaction: 300,
  incSequential: 500,
  parallelInc: { concurrency: 200, total: 1000 },
};

const QUICK: Plan = {
  levels: [1_000, 5_000],
  seedBatch: 1000,
  warmup: 3,
  insert: 50,
  get: 50,
  whereIndexed: 50,
  whereScan: { 1_000: 10, 5_000: 5 },
  transaction: 20,
  incSequential: 20,
  parallelInc: { concurrency: 200, total: 200 },
};

interface Row {
  op: string;
  collection: string;
  /** Documents in the collection when the measurement started. */
  docs: number;
  concurrency: number;
  stats: Stats;
  /** Per SDK call (per transaction for the transaction row), from the emulator's metering. */
  dbReadsPerOp: number;
  dbWritesPerOp: number;
  docsReadPerOp: number;
  docsWrittenPerOp: number;
  /** Stored documents decoded and tested per call (when the emulator meters it). */
  docsExaminedPerOp?: number;
  /** Calls that failed or answered wrongly. */
  errors: number;
  firstError?: string;
}

interface SdkResult {
  code?: string;
  message?: string;
  data?: unknown;
  id?: string;
  ids?: string[];
  updated?: number;
  total?: number;
}

/** What the transaction callback uses (the SDK's runTransaction is typed `any`). */
interface TransactionLike {
  collection(name: string): {
    doc(id: string): { get(): Promise<unknown>; update(data: Record<string, unknown>): Promise<unknown> };
  };
}

/** The database SDK returns (rather than throws) `{code, message}` for most failures. */
function ok<T extends SdkResult>(res: T): T {
  if (res && typeof res === 'object' && res.code) throw new Error(`${res.code}: ${res.message ?? ''}`);
  return res;
}

/** Deterministic pseudo-random integers (mulberry32), so runs pick the same documents. */
function rng(seed: number): (below: number) => number {
  let a = seed >>> 0;
  return (below) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

function benchDoc(i: number, k = `key-${i}`): Record<string, unknown> {
  return {
    k,
    n: i,
    group: `g${i % 10}`,
    text: `some Chinese text 党员 ${i} 号：社区党建活动记录，宿舍楼学习小组讨论“两学一做”，志愿服务与组织生活会。`,
    at: new Date(),
  };
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 100) / 100;

export const emulatorSuite: Suite = {
  name: 'emulator',
  description: 'local CloudBase database through the real node-sdk over HTTP',
  async run(ctx: SuiteContext): Promise<SuiteOutput> {
    const plan = ctx.quick ? QUICK : FULL;
    const bench = await startBenchEmulator(BENCH_SCHEMA);
    try {
      return await runSuite(bench, plan, ctx);
    } finally {
      await bench.cleanup();
    }
  },
};

async function runSuite(bench: BenchEmulator, plan: Plan, ctx: SuiteContext): Promise<SuiteOutput> {
  const { emu, app } = bench;
  const db = app.database();
  const _ = db.command;
  const docs = db.collection(DOCS);
  const unique = db.collection(UNIQUE);
  const counters = db.collection(COUNTERS);
  const rows: Row[] = [];
  const fileSizes: Record<
    string,
    { docs: number; dbBytes: number; walBytes: number; totalBytes: number; checkpointedDbBytes: number; checkpointedDbMiB: number }
  > = {};
  const checks: Record<string, unknown> = {};
  const pick = rng(20240601);

  /** Warm up (untimed, unmetered), then time n calls with metering reset just before. */
  async function measure(
    op: string,
    collection: string,
    size: number,
    n: number,
    call: (i: number) => Promise<boolean>,
    options: { concurrency?: number; warmup?: number } = {},
  ): Promise<Row> {
    let errors = 0;
    let firstError: string | undefined;
    const guarded = async (i: number) => {
      try {
        if (!(await call(i))) {
          errors += 1;
          firstError ??= `call ${i}: wrong result`;
        }
      } catch (err) {
        errors += 1;
        firstError ??= `call ${i}: ${(err as Error).message}`;
      }
    };
    // Warm-up runs at the measured concurrency, so a parallel run also opens its sockets first.
    const warmup = options.warmup ?? plan.warmup;
    if (warmup > 0) await timeOps(warmup, (i) => guarded(-1 - i), { concurrency: options.concurrency ?? 1 });
    errors = 0;
    firstError = undefined;
    emu.metering.reset();
    const stats = await timeOps(n, guarded, { concurrency: options.concurrency ?? 1 });
    const total = emu.metering.snapshot().total as unknown as Record<string, number>;
    const row: Row = {
      op,
      collection,
      docs: size,
      concurrency: options.concurrency ?? 1,
      stats,
      dbReadsPerOp: total.reads / n,
      dbWritesPerOp: total.writes / n,
      docsReadPerOp: total.docsRead / n,
      docsWrittenPerOp: total.docsWritten / n,
      docsExaminedPerOp: typeof total.docsExamined === 'number' ? total.docsExamined / n : undefined,
      errors,
      firstError,
    };
    rows.push(row);
    ctx.log(
      `${op} @${size}: ${stats.opsPerSec.toFixed(0)} ops/s, p50 ${stats.p50Ms.toFixed(2)} ms, p95 ${stats.p95Ms.toFixed(2)} ms` +
        (errors ? `, ${errors} ERRORS (${firstError})` : ''),
    );
    return row;
  }

  // Seeded document i has k = key-i, n = i; ids[i] is its _id. Inserted ones use other keys.
  const ids: string[] = [];
  let inserted = 0;
  let insertSeq = 0;

  for (const level of plan.levels) {
    // Seed both collections so each holds exactly `level` documents.
    const from = ids.length;
    const target = level - inserted;
    const batches = Math.ceil(Math.max(0, target - from) / plan.seedBatch);
    if (batches > 0) {
      ctx.log(`seeding ${target - from} documents into ${DOCS} and ${UNIQUE}`);
      const batchAt = (b: number) => {
        const start = from + b * plan.seedBatch;
        return Array.from({ length: Math.min(plan.seedBatch, target - start) }, (_v, j) => benchDoc(start + j));
      };
      await measure(
        `seed: add([${plan.seedBatch} docs])`,
        DOCS,
        from + inserted,
        batches,
        async (b) => {
          const batch = batchAt(b);
          const res = ok((await docs.add(batch)) as SdkResult);
          if (!Array.isArray(res.ids) || res.ids.length !== batch.length) return false;
          ids.push(...res.ids);
          return true;
        },
        { warmup: 0 },
      );
      await measure(
        `seed: add([${plan.seedBatch} docs])`,
        UNIQUE,
        from + inserted,
        batches,
        async (b) => {
          const batch = batchAt(b);
          const res = ok((await unique.add(batch)) as SdkResult);
          return Array.isArray(res.ids) && res.ids.length === batch.length;
        },
        { warmup: 0 },
      );
    }
    const counted = ok((await docs.count()) as SdkResult).total;
    checks[`count_${DOCS}_at_${level}`] = counted;
    if (counted !== level) ctx.log(`WARNING: ${DOCS} holds ${counted} documents, expected ${level}`);
    const sizes = bench.dbFileSizes();
    const checkpointed = bench.checkpoint();
    fileSizes[String(level)] = {
      docs: level,
      dbBytes: sizes.db,
      walBytes: sizes.wal,
      totalBytes: sizes.total,
      checkpointedDbBytes: checkpointed,
      checkpointedDbMiB: mb(checkpointed),
    };

    const seeded = ids.length;
    await measure('get by _id: doc(id).get()', DOCS, level, plan.get, async () => {
      const i = pick(seeded);
      const res = ok((await docs.doc(ids[i]).get()) as SdkResult);
      const list = res.data as Array<{ n: number }>;
      return list.length === 1 && list[0].n === i;
    });
    await measure("where indexed: where({k}).get()", DOCS, level, plan.whereIndexed, async () => {
      const i = pick(seeded);
      const res = ok((await docs.where({ k: `key-${i}` }).get()) as SdkResult);
      const list = res.data as Array<{ n: number }>;
      return list.length === 1 && list[0].n === i;
    });
    await measure("where unique-indexed: where({k}).get()", UNIQUE, level, plan.whereIndexed, async () => {
      const i = pick(seeded);
      const res = ok((await unique.where({ k: `key-${i}` }).get()) as SdkResult);
      const list = res.data as Array<{ n: number }>;
      return list.length === 1 && list[0].n === i;
    });
    await measure(
      'where NOT indexed: where({n}).get()',
      DOCS,
      level,
      plan.whereScan[level] ?? 10,
      async () => {
        const i = pick(seeded);
        const res = ok((await docs.where({ n: i }).get()) as SdkResult);
        const list = res.data as Array<{ k: string }>;
        return list.length === 1 && list[0].k === `key-${i}`;
      },
      { warmup: 2 },
    );

    // Inserts last, so the reads above saw exactly `level` documents.
    const insertRow = await measure('insert one: add(doc)', DOCS, level, plan.insert, async () => {
      insertSeq += 1;
      const res = ok((await docs.add(benchDoc(1_000_000 + insertSeq, `ins-${insertSeq}`))) as SdkResult);
      return typeof res.id === 'string' && res.id.length > 0;
    });
    await measure('insert one: add(doc)', UNIQUE, level, plan.insert, async () => {
      insertSeq += 1;
      const res = ok((await unique.add(benchDoc(1_000_000 + insertSeq, `ins-${insertSeq}`))) as SdkResult);
      return typeof res.id === 'string' && res.id.length > 0;
    });
    inserted += insertRow.stats.n + plan.warmup;
  }

  // Single-document counters, with the collections at their largest size.
  const size = ids.length + inserted;
  ok((await counters.add([{ _id: 'txn', value: 0 }, { _id: 'seq', value: 0 }, { _id: 'par', value: 0 }])) as SdkResult);
  const counterValue = async (id: string) => {
    const res = ok((await counters.doc(id).get()) as SdkResult);
    return (res.data as Array<{ value: number }>)[0]?.value;
  };

  const txnRow = await measure('runTransaction: get + update(_.inc(1))', COUNTERS, 3, plan.transaction, async () => {
    await db.runTransaction(async (transaction: TransactionLike) => {
      const ref = transaction.collection(COUNTERS).doc('txn');
      const res = ok((await ref.get()) as SdkResult);
      const current = (res.data as { value?: number } | null)?.value;
      if (typeof current !== 'number') throw new Error(`transaction read ${JSON.stringify(res.data)}`);
      const upd = ok((await ref.update({ value: _.inc(1) })) as SdkResult);
      if (upd.updated !== 1) throw new Error(`transaction update answered ${JSON.stringify(upd)}`);
    });
    return true;
  });
  checks.transactionCounter = { expected: txnRow.stats.n + plan.warmup, actual: await counterValue('txn') };

  const seqRow = await measure('update _.inc(1), sequential', COUNTERS, 3, plan.incSequential, async () => {
    const res = ok((await counters.doc('seq').update({ value: _.inc(1) })) as SdkResult);
    return res.updated === 1;
  });
  checks.sequentialCounter = { expected: seqRow.stats.n + plan.warmup, actual: await counterValue('seq') };

  const { concurrency, total } = plan.parallelInc;
  const parRow = await measure(
    `update _.inc(1), ${concurrency} in parallel`,
    COUNTERS,
    3,
    total,
    async () => {
      const res = ok((await counters.doc('par').update({ value: _.inc(1) })) as SdkResult);
      return res.updated === 1;
    },
    { concurrency, warmup: concurrency },
  );
  checks.parallelCounter = { expected: parRow.stats.n + concurrency, actual: await counterValue('par') };
  checks.finalDocs = size;

  const lostUpdates = [checks.transactionCounter, checks.sequentialCounter, checks.parallelCounter].filter(
    (c) => (c as { expected: number; actual: number }).expected !== (c as { expected: number; actual: number }).actual,
  );

  const columns: Column[] = [
    { key: 'op', title: 'operation' },
    { key: 'collection', title: 'collection' },
    { key: 'docs', title: 'docs' },
    { key: 'n', title: 'n' },
    { key: 'conc', title: 'conc' },
    { key: 'ops', title: 'ops/s', decimals: 0 },
    { key: 'p50', title: 'p50 ms', decimals: 2 },
    { key: 'p95', title: 'p95 ms', decimals: 2 },
    { key: 'p99', title: 'p99 ms', decimals: 2 },
    { key: 'reads', title: 'DbRead/op', decimals: 2 },
    { key: 'writes', title: 'DbWrite/op', decimals: 2 },
    { key: 'docsRead', title: 'docs read/op', decimals: 1 },
    { key: 'examined', title: 'examined/op', decimals: 1 },
    { key: 'errors', title: 'errors' },
  ];
  const tableRows: Array<Record<string, Cell>> = rows.map((r) => ({
    op: r.op,
    collection: r.collection,
    docs: r.docs,
    n: r.stats.n,
    conc: r.concurrency,
    ops: r.stats.opsPerSec,
    p50: r.stats.p50Ms,
    p95: r.stats.p95Ms,
    p99: r.stats.p99Ms,
    reads: r.dbReadsPerOp,
    writes: r.dbWritesPerOp,
    docsRead: r.docsReadPerOp,
    examined: r.docsExaminedPerOp,
    errors: r.errors,
  }));
  const notes = [
    ...Object.values(fileSizes).map(
      (s) =>
        `database file with ${s.docs.toLocaleString('en-US')} docs in each of ${DOCS} and ${UNIQUE}: ${s.checkpointedDbMiB} MiB ` +
        `after a WAL checkpoint (before it: db ${mb(s.dbBytes)} MiB + wal ${mb(s.walBytes)} MiB)`,
    ),
    ...rows
      .filter((r) => r.op.startsWith('seed'))
      .map((r) => `seed ${r.collection} from ${r.docs}: ${Math.round((r.stats.opsPerSec * plan.seedBatch)).toLocaleString('en-US')} docs/s`),
    `counters: transaction ${JSON.stringify(checks.transactionCounter)}, sequential ${JSON.stringify(checks.sequentialCounter)}, parallel ${JSON.stringify(checks.parallelCounter)}` +
      (lostUpdates.length ? '  <-- LOST OR EXTRA UPDATES' : ''),
    `parallel row: ops/s is the aggregate; the node-sdk's keep-alive agent (maxSockets 100) keeps at most 100 calls on the wire, the rest queue in the client`,
    ...rows.filter((r) => r.firstError).map((r) => `ERROR in "${r.op}" (${r.collection} @${r.docs}): ${r.firstError}`),
  ];

  return {
    table: { title: `emulator: node-sdk over HTTP${ctx.quick ? ' (QUICK run)' : ''}`, columns, rows: tableRows, notes },
    figures: {
      plan,
      schema: BENCH_SCHEMA,
      rows: rows.map((r) => ({ ...r, stats: roundStats(r.stats) })),
      dbFileSize: fileSizes,
      checks,
    },
  };
}

function roundStats(s: Stats): Stats {
  const r = (v: number) => Math.round(v * 1000) / 1000;
  return {
    n: s.n,
    totalMs: r(s.totalMs),
    opsPerSec: Math.round(s.opsPerSec * 10) / 10,
    meanMs: r(s.meanMs),
    minMs: r(s.minMs),
    p50Ms: r(s.p50Ms),
    p95Ms: r(s.p95Ms),
    p99Ms: r(s.p99Ms),
    maxMs: r(s.maxMs),
  };
}
