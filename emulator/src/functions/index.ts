import { randomUUID } from 'node:crypto';
import type { AdminAction, Route } from '../http/server';
import type { Metering } from '../metering';
import type { CallerIdentity, ClientSessions } from '../http/client-sessions';
import { invokeFunctionAction, SERVER_SOURCE } from './admin-action';
import { clientRoutes } from './client-routes';
import { locateFunction } from './config';
import { Deployments, type Deployed } from './deployments';
import type { EmulatorClock } from '../clock';
import { clientEvent, invocationEnv, PER_INVOCATION_KEYS, scfContext, type InvocationCaller } from './environment';
import { failures } from './failures';
import { InvocationTokens } from './invocation-tokens';
import type { InvocationResult } from './runner-types';

export type { InvocationResult } from './runner-types';
export type { FunctionFailure } from './failures';

/** SCF refuses a response above 6 MB (status 407), and a synchronous request event above 6 MB (406). */
const RESPONSE_LIMIT = 6 * 1024 * 1024;
const REQUEST_LIMIT = 6 * 1024 * 1024;

export interface FunctionRunnerOptions {
  functionsDir: string;
  envId: string;
  secretId: string;
  secretKey: string;
  adminUrl: () => string;
  metering: Metering;
  sessions: ClientSessions;
  log: (line: string) => void;
  /** Warm instances per function; calls beyond wait. */
  maxWorkersPerFunction?: number;
  /** Largest client-endpoint body, bytes. */
  bodyLimit?: number;
  /** How long a finished invocation's session token still maps back to it. */
  tokenGraceMs?: number;
  /** The time functions see (real time unless a test sets it). */
  clock?: EmulatorClock;
}

/**
 * Runs `<functionsDir>/<name>/index.js` the way CloudBase runs a Node function: warm worker threads,
 * one call per instance at a time, the caller's identity in that instance's environment, the time and
 * memory limits of the function's config, and every SDK call pointed back at this emulator.
 */
export class FunctionRunner {
  private readonly deployments: Deployments;
  private readonly tokens: InvocationTokens;
  private closed = false;

  constructor(readonly options: FunctionRunnerOptions) {
    this.deployments = new Deployments(options);
    this.tokens = new InvocationTokens(options.tokenGraceMs);
  }

  actions(): Map<string, AdminAction> {
    const action = invokeFunctionAction({
      run: (name, event, caller) => this.run(name, event, caller),
      sourceOf: (id) => this.tokens.sourceOf(id),
    });
    return new Map([['functions.invokeFunction', action]]);
  }

  routes(): Route[] {
    return clientRoutes({
      sessions: this.options.sessions,
      bodyLimit: this.options.bodyLimit ?? REQUEST_LIMIT,
      invoke: (name, data, identity, clientIp) =>
        this.run(name, clientEvent(data, identity), { identity, source: identity.source ?? 'wx_client', clientIp }),
    });
  }

  /**
   * Calls a function programmatically. With an identity it is a mini-program call (`wx_client`, event
   * carries `userInfo`); without one it is a server call with no WeChat identity.
   */
  invoke(name: string, data: unknown, identity?: CallerIdentity): Promise<InvocationResult> {
    // Through JSON, as the real call's payload travels: what a client cannot send, a test cannot either.
    const plain: unknown = JSON.parse(JSON.stringify(data ?? {}) ?? '{}');
    if (!identity) return this.run(name, plain, { source: SERVER_SOURCE });
    return this.run(name, clientEvent(plain, identity), { identity, source: identity.source ?? 'wx_client' });
  }

  /** The invocation that owns a per-invocation session token (while it runs, and briefly after). */
  invocationOf(token: string): string | undefined {
    return this.tokens.invocationOf(token);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.deployments.close();
    this.tokens.clear();
  }

  private async run(name: string, event: unknown, caller: InvocationCaller): Promise<InvocationResult> {
    if (this.closed) return { ok: false, failure: failures.execute('Error: function runner stopped') };
    const files = locateFunction(this.options.functionsDir, name);
    if (!files) return { ok: false, failure: failures.notFound(name, this.options.functionsDir) };
    let deployed: Deployed;
    try {
      deployed = this.deployments.get(name, files);
    } catch (err) {
      return { ok: false, failure: failures.execute(`Error: ${err instanceof Error ? err.message : String(err)}`) };
    }
    const { config, pool } = deployed;
    const invocationId = randomUUID();
    const token = this.tokens.issue(invocationId, caller.source);
    this.options.metering.invocation(invocationId, name);
    const env = { ...invocationEnv(caller, invocationId, token), ...this.options.clock?.env() };
    const context = scfContext({
      requestId: invocationId,
      functionName: name,
      envId: this.options.envId,
      memoryMb: config.memoryMb,
      timeoutMs: config.timeoutMs,
      env,
    });
    try {
      const outcome = await pool.run({ id: invocationId, unset: PER_INVOCATION_KEYS, env, event, context }, config.timeoutMs);
      if (!outcome.ok) {
        this.options.log(`[functions] ${name} ${invocationId} failed: ${outcome.failure.message}`);
        return { ok: false, invocationId, failure: outcome.failure };
      }
      if (Buffer.byteLength(outcome.json) > RESPONSE_LIMIT) {
        const failure = failures.execute('The size of response exceeds the upper limit (6MB)');
        return { ok: false, invocationId, failure };
      }
      return { ok: true, invocationId, result: JSON.parse(outcome.json) };
    } finally {
      this.tokens.release(token);
    }
  }
}
