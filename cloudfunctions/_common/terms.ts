import type { Term } from '../../src/shared/domain/term';
import { termIn, type TermPeriod } from '../../src/shared/domain/term-calendar';
import { settingsRepo } from './repositories/settings';

/**
 * The school's term calendar for the server: every "this term" goes through here. Loaded once per
 * function instance and kept for TERMS_TTL_MS of the function clock (`ctx.now`), so a request pays no
 * read while the cache is fresh; an admin's change reaches every instance within that time. With no
 * calendar stored it is the default rule (`termOf`), bit for bit.
 */
export const TERMS_TTL_MS = 60_000;

let cached: { calendar: TermPeriod[] | null; loadedAt: number } | null = null;

/** The calendar (sorted when stored, see validateCalendar), or null for the default rule. */
export async function termCalendar(now: Date): Promise<TermPeriod[] | null> {
  const t = now.getTime();
  // A clock moved back (tests) makes the cache stale too.
  if (cached && t >= cached.loadedAt && t - cached.loadedAt < TERMS_TTL_MS) return cached.calendar;
  const doc = await settingsRepo.get('termCalendar');
  cached = { calendar: doc && doc.value.terms.length ? doc.value.terms : null, loadedAt: t };
  return cached.calendar;
}

/** The rule that names an instant's term under the school's calendar, for the shared rules that take one. */
export type TermRule = (at: Date) => Term;

export async function termRule(now: Date): Promise<TermRule> {
  const calendar = await termCalendar(now);
  return (at: Date) => termIn(calendar, at);
}

/** The term of `now` under the school's calendar. */
export async function termAt(now: Date): Promise<Term> {
  return termIn(await termCalendar(now), now);
}

/** After the admin saves a calendar, this instance uses it at once. */
export function forgetTermCalendar(): void {
  cached = null;
}
