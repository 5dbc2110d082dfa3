import fs from 'node:fs';
import path from 'node:path';
import type { EmulatorClock } from '../clock';
import { sendJson, type Route } from '../http/server';
import { isValidFunctionName, locateFunction } from './config';
import { nextFireTime, parseCron, type CronSchedule } from './cron';
import type { InvocationResult } from './runner-types';

/** One `triggers` entry of a function's config.json, with its schedule or why it has none. */
export interface TimerTrigger {
  functionName: string;
  name: string;
  /** The cron text as written. */
  config: string;
  schedule?: CronSchedule;
  /** Why CloudBase would refuse this trigger; such a trigger never fires. */
  error?: string;
}

export interface TriggerStatus {
  functionName: string;
  name: string;
  config: string;
  /** The next instant it fires, by the functions' clock (undefined: never again, or refused). */
  next?: Date;
  /** The scheduled instant of its last background fire. */
  lastFired?: Date;
  error?: string;
}

/** The event CloudBase passes a function its timer calls (SCF timer event; `Message` is the trigger's optional payload). */
export interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
  Time: string;
  Message: string;
}

/** Trigger names as CloudBase accepts them: up to 60 of a-z A-Z 0-9 - _, starting with a letter. */
const TRIGGER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;

function readTriggers(functionName: string, configFile: string): TimerTrigger[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    return [{ functionName, name: '', config: '', error: `${configFile}: ${err instanceof Error ? err.message : String(err)}` }];
  }
  const list = raw && typeof raw === 'object' ? (raw as { triggers?: unknown }).triggers : undefined;
  if (list === undefined) return [];
  if (!Array.isArray(list)) return [{ functionName, name: '', config: '', error: `${configFile}: "triggers" must be an array` }];
  return list.map((entry): TimerTrigger => {
    const e = (entry && typeof entry === 'object' ? entry : {}) as { name?: unknown; type?: unknown; config?: unknown };
    const trigger = { functionName, name: String(e.name ?? ''), config: String(e.config ?? '') };
    const refuse = (why: string): TimerTrigger => ({ ...trigger, error: `${configFile}: trigger "${trigger.name}": ${why}` });
    if (!TRIGGER_NAME.test(trigger.name)) return refuse('a name is up to 60 of a-z A-Z 0-9 - _, starting with a letter');
    if (e.type !== 'timer') return refuse(`type must be "timer" (the only kind CloudBase has), not ${JSON.stringify(e.type)}`);
    // CloudBase: "一个函数目前只能配置一个触发器".
    if (list.length > 1) return refuse(`CloudBase allows one trigger per function; this config declares ${list.length}`);
    try {
      return { ...trigger, schedule: parseCron(trigger.config) };
    } catch (err) {
      return refuse(err instanceof Error ? err.message : String(err));
    }
  });
}

/** Every timer trigger the deployed functions in `functionsDir` declare, in name order. */
export function loadTriggers(functionsDir: string): TimerTrigger[] {
  let names: string[];
  try {
    names = fs.readdirSync(functionsDir).filter(isValidFunctionName).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const files = locateFunction(functionsDir, name);
    return files ? readTriggers(name, path.join(files.dir, 'config.json')) : [];
  });
}

/** `2026-11-18T19:00:00Z`: the instant to the second, as SCF writes a timer event's `Time`. */
export function timerTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface TimerTriggersOptions {
  functionsDir: string;
  clock: EmulatorClock;
  /** Calls a function as a server call (no WeChat identity), as a timer does. */
  invoke(functionName: string, event: TimerEvent): Promise<InvocationResult>;
  log: (line: string) => void;
}

interface Planned {
  /** The cron text it was planned for: an edited config.json re-plans. */
  config: string;
  /** The functions' time up to which its instants have been handled. */
  checkedAt: number;
  next?: Date;
  lastFired?: Date;
}

/** How often the schedule is looked at when nothing is due sooner: picks up config edits and clock moves. */
const IDLE_CHECK_MS = 1000;

/**
 * Runs the timer triggers of the functions' config.json against the functions' clock (emu.clock), as
 * CloudBase runs them: at each scheduled instant the function is called with a timer event and no
 * user identity. Each instant fires at most once; when the clock jumps over several instants of one
 * trigger, it fires once, for the first of them. Moving the clock back re-plans from the new time.
 * A trigger whose previous call still runs skips its next instant (logged), so a slow function on a
 * fast schedule cannot pile calls up. `fire()` calls a trigger's function at once, scheduler on or off.
 */
export class TimerTriggers {
  private readonly plans = new Map<string, Planned>();
  private readonly running = new Map<string, Promise<unknown>>();
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private started = false;
  /** Refusals already logged, so a broken config.json is reported once, not every second. */
  private readonly reported = new Set<string>();

  constructor(private readonly options: TimerTriggersOptions) {}

  /** Starts firing on schedule (startEmulator does, unless `triggers: false`). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribe = this.options.clock.onChange(() => this.schedule(0));
    // Planned from this moment on, before start() returns.
    this.tick();
  }

  /** Stops the schedule; resolves when the calls it started have ended (the runner's close ends them). */
  async stop(): Promise<void> {
    this.started = false;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    await Promise.allSettled([...this.running.values()]);
  }

  /** Every declared trigger with its next instant by the functions' clock, and any reason it is refused. */
  list(): TriggerStatus[] {
    const now = this.options.clock.now();
    return loadTriggers(this.options.functionsDir).map((t) => {
      const plan = this.plans.get(key(t));
      const planned = plan && plan.config === t.config && now.getTime() >= plan.checkedAt;
      const next = t.schedule ? (planned ? plan.next : nextFireTime(t.schedule, now)) : undefined;
      return { functionName: t.functionName, name: t.name, config: t.config, next, lastFired: plan?.lastFired, error: t.error };
    });
  }

  /**
   * Calls a trigger's function now, with the timer event CloudBase would send at this moment of the
   * functions' clock, and answers the call's result. Rejects for a trigger no config.json declares.
   */
  async fire(functionName: string, triggerName: string): Promise<InvocationResult> {
    const trigger = loadTriggers(this.options.functionsDir).find((t) => t.functionName === functionName && t.name === triggerName);
    if (!trigger) throw new Error(`no timer trigger "${triggerName}" in ${functionName}/config.json`);
    if (trigger.error) throw new Error(trigger.error);
    return this.call(trigger, this.options.clock.now(), 'on demand');
  }

  /**
   * For scripts: `GET /__emulator/triggers` lists them; `POST /__emulator/triggers/<function>/<trigger>`
   * fires one now and answers the call's result (404 for an undeclared trigger). Local only, like the
   * metering routes, behind the same Host and Origin checks as every route.
   */
  routes(): Route[] {
    return [
      { method: 'GET', path: /^\/__emulator\/triggers\/?$/, handle: async (_req, res) => sendJson(res, 200, this.list()) },
      {
        method: 'POST',
        path: /^\/__emulator\/triggers\/[^/]+\/[^/]+$/,
        handle: async (_req, res, url) => {
          let result: InvocationResult;
          try {
            const [fn, name] = url.pathname.split('/').slice(3).map((part) => decodeURIComponent(part));
            result = await this.fire(fn, name);
          } catch (err) {
            sendJson(res, 404, { code: 'TRIGGER_NOT_FOUND', message: err instanceof Error ? err.message : String(err) });
            return;
          }
          sendJson(res, 200, result);
        },
      },
    ];
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), delayMs);
    // Tests and scripts exit when they are done, whatever the schedule.
    this.timer.unref();
  }

  private tick(): void {
    if (!this.started) return;
    const now = this.options.clock.now();
    let soonest = IDLE_CHECK_MS;
    for (const trigger of loadTriggers(this.options.functionsDir)) {
      if (!trigger.schedule) {
        if (trigger.error && !this.reported.has(trigger.error)) this.options.log(`[triggers] not scheduled: ${trigger.error}`);
        if (trigger.error) this.reported.add(trigger.error);
        continue;
      }
      const plan = this.planFor(trigger, now);
      if (plan.next && plan.next.getTime() <= now.getTime()) this.fireScheduled(trigger, plan, plan.next, now);
      plan.checkedAt = now.getTime();
      plan.next = nextFireTime(trigger.schedule, now);
      // The clock runs at real speed between moves, so the gap in its time is the gap in real time.
      if (plan.next) soonest = Math.min(soonest, plan.next.getTime() - now.getTime());
    }
    this.schedule(Math.max(0, soonest));
  }

  private planFor(trigger: TimerTrigger, now: Date): Planned {
    const k = key(trigger);
    const existing = this.plans.get(k);
    // New, edited, or the clock moved back: plan from now, so nothing already past fires.
    if (!existing || existing.config !== trigger.config || now.getTime() < existing.checkedAt) {
      const plan: Planned = { config: trigger.config, checkedAt: now.getTime(), next: nextFireTime(trigger.schedule as CronSchedule, now), lastFired: existing?.lastFired };
      this.plans.set(k, plan);
      return plan;
    }
    return existing;
  }

  private fireScheduled(trigger: TimerTrigger, plan: Planned, instant: Date, now: Date): void {
    const label = `${trigger.functionName}/${trigger.name}`;
    const following = nextFireTime(trigger.schedule as CronSchedule, instant);
    if (following && following.getTime() <= now.getTime()) {
      this.options.log(`[triggers] ${label}: the clock jumped over more than one instant; fired once, for ${timerTime(instant)}`);
    }
    if (this.running.has(key(trigger))) {
      this.options.log(`[triggers] ${label}: skipped ${timerTime(instant)}, the previous call still runs`);
      return;
    }
    plan.lastFired = instant;
    const call = this.call(trigger, instant, 'on schedule')
      .catch((err: unknown) => this.options.log(`[triggers] ${label} failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => this.running.delete(key(trigger)));
    this.running.set(key(trigger), call);
  }

  private async call(trigger: TimerTrigger, at: Date, why: string): Promise<InvocationResult> {
    const label = `${trigger.functionName}/${trigger.name}`;
    const event: TimerEvent = { Type: 'Timer', TriggerName: trigger.name, Time: timerTime(at), Message: '' };
    this.options.log(`[triggers] ${label} (${trigger.config}) fired ${why} for ${event.Time}`);
    const result = await this.options.invoke(trigger.functionName, event);
    if (!result.ok) this.options.log(`[triggers] ${label} ${result.invocationId ?? ''} failed: ${result.failure.message}`);
    return result;
  }
}

function key(t: { functionName: string; name: string }): string {
  return `${t.functionName}/${t.name}`;
}
