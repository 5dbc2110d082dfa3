import { callerOf } from './caller';
import { functionNow } from './clock';

/** A timer trigger's work: given the function's clock, answers what it did (logged and returned). */
export type TimerJobs = Record<string, (now: Date) => Promise<unknown>>;

type Main = (event: unknown, context: unknown) => Promise<unknown>;

/** CloudBase's timer trigger calls with `{Type: 'Timer', TriggerName, Time}` and no user identity. */
function timerName(event: unknown): string | null {
  if (!event || typeof event !== 'object' || (event as { Type?: unknown }).Type !== 'Timer') return null;
  const name = (event as { TriggerName?: unknown }).TriggerName;
  return typeof name === 'string' ? name : null;
}

/**
 * A function's entry: its timer triggers (config.json `triggers`, routed by TriggerName to `jobs`),
 * or a user's call through its router. A timer event is honoured only without a WeChat identity: a
 * mini-program call always carries one, so no user can fire a trigger by sending `Type: 'Timer'`.
 */
export function withTimers(fn: string, router: Main, jobs: TimerJobs): Main {
  return async (event, context) => {
    const trigger = timerName(event);
    if (trigger === null || callerOf(context).openid) return router(event, context);
    const job = Object.prototype.hasOwnProperty.call(jobs, trigger) ? jobs[trigger] : undefined;
    if (!job) return { ok: false, error: { code: 'UNKNOWN_ACTION', message: `unknown trigger ${trigger}` } };
    const done = await job(functionNow());
    console.log(`[${fn}] ${trigger}`, JSON.stringify(done));
    return { ok: true, data: done };
  };
}
