/**
 * The time the local CloudBase gives the functions it runs. Real time unless a test or script sets
 * it: `set(at)` moves the clock to `at` and lets it run on from there, `advance(ms)` jumps it, and
 * `reset()` goes back to real time. The database, signatures and storage URLs keep real time: only
 * what functions read as "now" moves (a function that wants it reads it from the invocation's
 * environment; CloudBase never sets that variable, so there it is always the real clock).
 */
export const CLOCK_ENV = 'TCB_EMULATOR_NOW';

export class EmulatorClock {
  private offsetMs = 0;
  /** While set, time stands still at this instant (`freeze`), e.g. to call exactly at a deadline. */
  private frozenAt: number | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly realNow: () => number = Date.now) {}

  /** True while the clock differs from real time. */
  get overridden(): boolean {
    return this.offsetMs !== 0 || this.frozenAt !== undefined;
  }

  now(): Date {
    return new Date(this.frozenAt ?? this.realNow() + this.offsetMs);
  }

  set(at: Date): void {
    const ms = at.getTime();
    if (!Number.isFinite(ms)) throw new TypeError(`not a time: ${String(at)}`);
    this.frozenAt = undefined;
    this.offsetMs = ms - this.realNow();
    this.changed();
  }

  /** Moves the clock to `at` and stops it there (every call sees exactly `at`) until the next set, freeze or reset. */
  freeze(at: Date): void {
    const ms = at.getTime();
    if (!Number.isFinite(ms)) throw new TypeError(`not a time: ${String(at)}`);
    this.frozenAt = ms;
    this.offsetMs = ms - this.realNow();
    this.changed();
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new TypeError(`not a duration: ${ms}`);
    this.offsetMs += ms;
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    this.changed();
  }

  reset(): void {
    this.offsetMs = 0;
    this.frozenAt = undefined;
    this.changed();
  }

  /** Called after every set, advance and reset (the timer triggers re-plan at once); returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** The per-invocation variable that hands this clock to a function (none while it is real time). */
  env(): Record<string, string> {
    return this.overridden ? { [CLOCK_ENV]: String(this.now().getTime()) } : {};
  }
}
