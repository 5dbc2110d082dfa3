import { failures } from './failures';
import { FunctionWorker, type InvokeMessage, type RawOutcome, type WorkerSpec } from './function-worker';

/** Warm instances per function: enough overlap for a few users, small enough for a laptop. */
export const DEFAULT_MAX_WORKERS = 4;

interface Job {
  message: InvokeMessage;
  timeoutMs: number;
  resolve(outcome: RawOutcome): void;
}

/**
 * The warm instances of one function version. Workers are reused between calls, each runs one call
 * at a time, and calls beyond `max` wait in order. A dead worker (timed out, out of memory, crashed)
 * is dropped and a fresh one is started when the next call needs it.
 */
export class WorkerPool {
  private readonly workers = new Set<FunctionWorker>();
  private readonly queue: Job[] = [];
  private retired = false;
  private closed = false;

  constructor(
    readonly spec: WorkerSpec,
    private readonly max = DEFAULT_MAX_WORKERS,
  ) {}

  run(message: InvokeMessage, timeoutMs: number): Promise<RawOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, failure: failures.execute('Error: function runner stopped') });
    return new Promise((resolve) => {
      this.queue.push({ message, timeoutMs, resolve });
      this.pump();
    });
  }

  /** How many instances exist right now (for tests and diagnostics). */
  get size(): number {
    return this.workers.size;
  }

  /**
   * The function's files changed: let queued calls finish on this version, then let its instances go.
   * New calls go to a new pool, as a redeploy does in CloudBase.
   */
  retire(): void {
    this.retired = true;
    for (const worker of this.workers) if (!worker.busy) this.drop(worker);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) {
      job.resolve({ ok: false, failure: failures.execute('Error: function runner stopped') });
    }
    await Promise.all([...this.workers].map((worker) => worker.kill()));
    this.workers.clear();
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      const worker = this.freeWorker();
      if (!worker) return;
      const job = this.queue.shift() as Job;
      // run() settles every failure it knows as an outcome; anything else still answers the call.
      const unexpected = (err: unknown): RawOutcome => ({
        ok: false,
        failure: failures.execute(`Error: function runner failed: ${err instanceof Error ? err.message : String(err)}`),
      });
      let running: Promise<RawOutcome>;
      try {
        running = worker.run(job.message, job.timeoutMs);
      } catch (err) {
        running = Promise.resolve(unexpected(err));
      }
      void running.catch(unexpected).then((outcome) => {
        job.resolve(outcome);
        this.afterRun(worker);
      });
    }
  }

  private freeWorker(): FunctionWorker | undefined {
    for (const worker of this.workers) if (!worker.busy && !worker.dead) return worker;
    if (this.workers.size >= this.max) return undefined;
    const worker = new FunctionWorker(this.spec, (dead) => {
      this.workers.delete(dead);
      this.pump();
    });
    this.workers.add(worker);
    return worker;
  }

  private afterRun(worker: FunctionWorker): void {
    if (worker.dead) this.workers.delete(worker);
    else if (this.retired && this.queue.length === 0) this.drop(worker);
    this.pump();
  }

  private drop(worker: FunctionWorker): void {
    this.workers.delete(worker);
    void worker.kill();
  }
}
