/** Latency and throughput of N operations, measured with process.hrtime.bigint(). */
export interface Stats {
  /** Operations measured. */
  n: number;
  /** Wall time of the whole run, ms. */
  totalMs: number;
  /** Operations per second over the wall time (for a concurrent run, the aggregate throughput). */
  opsPerSec: number;
  meanMs: number;
  minMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

const nowNs = (): bigint => process.hrtime.bigint();
const toMs = (ns: bigint): number => Number(ns) / 1e6;

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(latenciesMs: number[], totalMs: number): Stats {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const n = sorted.length;
  return {
    n,
    totalMs,
    opsPerSec: totalMs > 0 ? (n * 1000) / totalMs : NaN,
    meanMs: n ? sorted.reduce((s, v) => s + v, 0) / n : NaN,
    minMs: n ? sorted[0] : NaN,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: n ? sorted[n - 1] : NaN,
  };
}

export interface TimeOptions {
  /** Untimed calls first (JIT, connection pool, SQLite page cache). Default 0. */
  warmup?: number;
  /** Operations in flight at once. Default 1 (sequential). */
  concurrency?: number;
}

/**
 * Runs `op(i)` for i in [0, n) and times each call. With concurrency > 1, that many workers pull
 * the next index until all n are done; each latency is still one call's own.
 */
export async function timeOps(n: number, op: (i: number) => Promise<unknown>, options: TimeOptions = {}): Promise<Stats> {
  const warmup = options.warmup ?? 0;
  for (let i = 0; i < warmup; i += 1) await op(i);
  const latencies: number[] = new Array(n);
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 1, n));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next;
      next += 1;
      const t0 = nowNs();
      await op(i);
      latencies[i] = toMs(nowNs() - t0);
    }
  };
  const start = nowNs();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summarize(latencies, toMs(nowNs() - start));
}

/** Wall time of one call, ms. */
export async function timeOnce<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = nowNs();
  const value = await fn();
  return { ms: toMs(nowNs() - t0), value };
}
