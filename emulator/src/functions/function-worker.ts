import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describeThrown, failures, type FunctionFailure } from './failures';

const WORKER_FILE = path.join(__dirname, 'worker-main.js');

/**
 * Time allowed for a cold start (spawning the thread, loading index.js and its SDKs) before the call's
 * own limit starts. SCF also keeps initialisation apart from the execution timeout.
 */
export const INIT_LIMIT_MS = 30_000;

export interface WorkerSpec {
  functionName: string;
  indexFile: string;
  env: Record<string, string>;
  memoryMb: number;
}

export interface InvokeMessage {
  id: string;
  /** Variables of the previous caller to remove before `env` is applied. */
  unset: string[];
  env: Record<string, string>;
  event: unknown;
  context: unknown;
}

export type RawOutcome = { ok: true; json: string } | { ok: false; failure: FunctionFailure };

interface Pending {
  id: string;
  timeoutMs: number;
  timer?: NodeJS.Timeout;
  settle(outcome: RawOutcome): void;
}

/** One function instance: a worker thread running at most one invocation at a time. */
export class FunctionWorker {
  busy = false;
  dead = false;
  private readonly worker: Worker;
  private pending?: Pending;

  constructor(
    spec: WorkerSpec,
    private readonly onDead: (worker: FunctionWorker) => void,
  ) {
    this.worker = new Worker(WORKER_FILE, {
      workerData: { file: spec.indexFile },
      env: spec.env,
      // Plain Node, as in SCF: not the tsx or jest hooks the emulator itself may be running under.
      execArgv: [],
      // The function's memorySize caps its JS heap; V8 stops the thread (not the emulator) beyond it.
      resourceLimits: { maxOldGenerationSizeMb: spec.memoryMb },
    });
    // A warm instance waiting for work must not keep a CLI or test process alive.
    this.worker.unref();
    this.worker.on('message', (msg) => this.onMessage(msg));
    this.worker.on('error', (err: Error & { code?: string }) => {
      this.die(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? failures.memory(spec.memoryMb)
          : failures.execute(describeThrown(err.name, err.message, err.stack)),
      );
    });
    this.worker.on('exit', (code) => this.die(failures.crash(code)));
  }

  run(message: InvokeMessage, timeoutMs: number): Promise<RawOutcome> {
    if (this.busy || this.dead) throw new Error('FunctionWorker.run on a busy or dead worker');
    this.busy = true;
    return new Promise((resolve) => {
      const pending: Pending = { id: message.id, timeoutMs, settle: resolve };
      pending.timer = setTimeout(() => this.timeOut(), INIT_LIMIT_MS + timeoutMs);
      this.pending = pending;
      try {
        this.worker.postMessage({ type: 'invoke', ...message });
      } catch (err) {
        // The event could not be cloned into the thread (e.g. nested too deep for structured clone):
        // nothing reached the instance, so it stays warm and the call fails as CloudBase would.
        const e = err instanceof Error ? err : new Error(String(err));
        this.settle({ ok: false, failure: failures.execute(`${e.name}: the event could not be passed to the function: ${e.message}`) });
      }
    });
  }

  /** Stops the thread at once; an invocation still running fails as a crash. */
  async kill(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }

  private onMessage(msg: { type: string; id: string; ok?: boolean; json?: string; error?: ThrownInfo }): void {
    const pending = this.pending;
    if (!pending || msg.id !== pending.id) return;
    if (msg.type === 'start') {
      // The worker is loaded and has begun the call: from here on the function's own limit applies.
      clearTimeout(pending.timer);
      pending.timer = setTimeout(() => this.timeOut(), pending.timeoutMs);
    } else if (msg.type === 'done') {
      const error = msg.error ?? { name: 'Error', message: 'unknown failure' };
      this.settle(
        msg.ok
          ? { ok: true, json: msg.json ?? 'null' }
          : { ok: false, failure: failures.execute(describeThrown(error.name, error.message, error.stack)) },
      );
    }
  }

  private settle(outcome: RawOutcome): void {
    const pending = this.pending;
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending = undefined;
    this.busy = false;
    pending.settle(outcome);
  }

  /** CloudBase stops a function at its time limit; here that means terminating its thread. */
  private timeOut(): void {
    const timeoutMs = this.pending?.timeoutMs ?? 0;
    this.settle({ ok: false, failure: failures.timeout(timeoutMs) });
    this.die();
    void this.worker.terminate();
  }

  /** The thread is gone or going: fail what it was running and let the pool replace it. */
  private die(failure?: FunctionFailure): void {
    if (failure) this.settle({ ok: false, failure });
    if (this.dead) return;
    this.dead = true;
    this.onDead(this);
  }
}

interface ThrownInfo {
  name: string;
  message: string;
  stack?: string;
}
