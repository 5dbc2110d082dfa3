/**
 * Volunteer hours (志愿服务): the rules members' entries must pass, on the phone and again on the
 * server. Seed 004: probationary members serve 50 hours (大学生预备党员50小时义工制) within their
 * one-year probation, after which conversion (转正) is due. Times are China Standard Time.
 */
import { cstDayNumber, cstInstant, DAY_MS, isInstant, minutesOf } from './china-time';
import { termOf } from './term';

// Callers read China time through this module too; the offset itself lives in china-time.ts.
export { cstAt, cstDate, cstInstant } from './china-time';

export const HOURS_TARGET = 50;
export const MAX_HOURS_PER_DAY = 12;
export const MAX_DAYS_LATE = 30;
/** A member present for less than this share of an organised activity earns nothing. */
export const MIN_PRESENCE_SHARE = 0.6;
/** A rotating activity code is accepted this long after it is shown. */
export const ACTIVITY_CODE_TTL_MS = 30_000;
export const PROBATION_MONTHS = 12;

export type ErrorOf<T extends string> = { ok: false; code: T };
export type RuleResult<T, E extends string> = { ok: true; value: T } | ErrorOf<E>;

/** Whole half hours between two times of a day, rounded down; null when not a positive span of real times. */
export function hoursBetween(start: string, end: string): number | null {
  const [s, e] = [minutesOf(start), minutesOf(end)];
  if (s === null || e === null || e - s < 30) return null;
  return Math.floor((e - s) / 30) / 2;
}

export interface EntryTime {
  date: string;
  start: string;
  end: string;
}

/** An entry's time read once: its instants, hours and term all follow from this parse. */
export interface ParsedEntryTime extends EntryTime {
  startAt: Date;
  endAt: Date;
  hours: number;
  termKey: string;
}

/**
 * The one parse of an entry's date and times (China Standard Time). Not a real date or time:
 * INVALID_INPUT; under half an hour: ENTRY_TIME_INVALID. `hours` given (verified presence, which
 * may run past midnight while the entry ends at 23:59) stands instead of the span's own.
 */
/** `termAt`: the school's term rule (the server passes its calendar's, cloudfunctions/_common/terms.ts); default `termOf`. */
export function parseEntryTime(e: EntryTime, verified?: { hours: number }, termAt: (at: Date) => { key: string } = termOf): RuleResult<ParsedEntryTime, 'INVALID_INPUT' | 'ENTRY_TIME_INVALID'> {
  const startAt = cstInstant(e.date, e.start);
  const endAt = cstInstant(e.date, e.end);
  if (!startAt || !endAt) return { ok: false, code: 'INVALID_INPUT' };
  const hours = verified ? verified.hours : hoursBetween(e.start, e.end);
  if (hours === null || !Number.isFinite(hours) || hours < 0 || endAt.getTime() < startAt.getTime()) return { ok: false, code: 'ENTRY_TIME_INVALID' };
  return { ok: true, value: { date: e.date, start: e.start, end: e.end, startAt, endAt, hours, termKey: termAt(startAt).key } };
}

/** An entry's span on the day, in minutes, for overlap checks (a stored entry's times are real). */
const spanOf = (e: EntryTime) => [minutesOf(e.start) ?? 0, minutesOf(e.end) ?? 0];

export type EntryRuleError = 'INVALID_INPUT' | 'ENTRY_TIME_INVALID' | 'ENTRY_IN_FUTURE' | 'ENTRY_TOO_LATE' | 'DAILY_LIMIT' | 'ENTRY_OVERLAP' | 'ENTRY_DUPLICATE';

/** The member's other entries that still count (not drafts, withdrawn or rejected ones). */
export interface OtherEntry extends EntryTime {
  id: string;
  hours: number;
  fingerprint: string;
}

/** What makes two entries "identical": same day, times, category and title (case and spaces folded). */
export function fingerprintOf(e: EntryTime & { category: string; title: string }): string {
  return [e.date, e.start, e.end, e.category, e.title.replace(/\s+/g, '').toLowerCase()].join('|');
}

/**
 * The statuses whose time counts toward a day (overlap, duplicates, the 12-hour limit). A returned
 * entry does not count until it is submitted again; drafts, withdrawn and rejected ones never do.
 */
export const COUNTING_STATUSES = ['pending', 'approved'] as const;
export type CountingStatus = (typeof COUNTING_STATUSES)[number];
export const isCounting = (status: string): status is CountingStatus => (COUNTING_STATUSES as readonly string[]).includes(status);

/** An entry as the page lists it or the server stores it: enough to say whether and how it counts. */
export interface CountableEntry extends EntryTime {
  id: string;
  status: string;
  hours: number;
  approvedHours?: number | null;
  category: string;
  title: string;
}

/**
 * The one choice of which of a member's entries count toward a day and with which hours, for the page
 * and the server alike: pending and approved entries, an approved one with the hours granted, a
 * pending one with the hours claimed; the entry being edited (`exceptId`) is left out.
 */
export function countingOthers(entries: CountableEntry[], exceptId?: string | null): OtherEntry[] {
  return entries
    .filter((e) => e.id !== exceptId && isCounting(e.status))
    .map((e) => ({
      id: e.id,
      date: e.date,
      start: e.start,
      end: e.end,
      hours: e.status === 'approved' ? (e.approvedHours ?? e.hours) : e.hours,
      fingerprint: fingerprintOf(e),
    }));
}

/**
 * Checks an entry before it is submitted (and again whenever it is edited while pending): a real
 * date and times, hours in half-hour steps, not in the future, at most 30 days late, at most 12 hours
 * a day, no overlap, no duplicate. Returns the hours it claims. Verified hours from an organised
 * activity pass the same rules with the presence's hours (`verified`).
 */
export function checkEntry(
  entry: EntryTime & { category: string; title: string },
  others: OtherEntry[],
  now: Date,
  verified?: { hours: number },
): RuleResult<number, EntryRuleError> {
  if (!isInstant(now)) throw new RangeError('now is not an instant');
  const parsed = parseEntryTime(entry, verified);
  if (!parsed.ok) return parsed;
  const { startAt, endAt, hours } = parsed.value;
  if (endAt.getTime() > now.getTime()) return { ok: false, code: 'ENTRY_IN_FUTURE' };
  if (now.getTime() - startAt.getTime() > MAX_DAYS_LATE * DAY_MS) return { ok: false, code: 'ENTRY_TOO_LATE' };
  const fp = fingerprintOf(entry);
  if (others.some((o) => o.fingerprint === fp)) return { ok: false, code: 'ENTRY_DUPLICATE' };
  const sameDay = others.filter((o) => o.date === entry.date);
  const [s, e] = spanOf(entry);
  if (sameDay.some((o) => {
    const [os, oe] = spanOf(o);
    return s < oe && os < e;
  })) return { ok: false, code: 'ENTRY_OVERLAP' };
  if (sameDay.reduce((sum, o) => sum + o.hours, 0) + hours > MAX_HOURS_PER_DAY) return { ok: false, code: 'DAILY_LIMIT' };
  return { ok: true, value: hours };
}

/** An approval may grant fewer hours than claimed, in half-hour steps, never more. */
export function approvedHoursValid(claimed: number, approved: number): boolean {
  return approved >= 0 && approved <= claimed && Number.isInteger(approved * 2);
}

/**
 * Hours earned at an organised activity: time present inside the activity's window, in half hours
 * rounded down; nothing below 60% presence.
 */
export function attendanceHours(window: { startAt: Date; endAt: Date }, signInAt: Date, signOutAt: Date): number {
  if (![window.startAt, window.endAt, signInAt, signOutAt].every(isInstant)) return 0;
  const duration = window.endAt.getTime() - window.startAt.getTime();
  const present = Math.min(signOutAt.getTime(), window.endAt.getTime()) - Math.max(signInAt.getTime(), window.startAt.getTime());
  if (duration <= 0 || present <= 0 || present < MIN_PRESENCE_SHARE * duration) return 0;
  return Math.floor(present / (30 * 60 * 1000)) / 2;
}

/**
 * Every probationary member whose conversion is overdue at `now` began probation before this
 * instant (a few days' margin for month ends), so the server can ask an index for them and check
 * each with `overdueDays`.
 */
export function overdueStartBound(now: Date): Date {
  const bound = new Date(now.getTime());
  bound.setUTCMonth(bound.getUTCMonth() - PROBATION_MONTHS);
  return new Date(bound.getTime() + 4 * 24 * 60 * 60 * 1000);
}

/** When a probationary member's conversion is due: one year after probation began. */
export function conversionDue(probationStartedAt: Date): Date {
  const due = new Date(probationStartedAt.getTime());
  due.setUTCMonth(due.getUTCMonth() + PROBATION_MONTHS);
  return due;
}

/**
 * Progress to the 50-hour rule, and whether the member is behind the pace needed to reach it by the
 * due date (linear pace from the start of probation).
 */
export function hoursProgress(totalHours: number, probationStartedAt: Date, now: Date) {
  const due = conversionDue(probationStartedAt);
  const elapsed = Math.min(1, Math.max(0, (now.getTime() - probationStartedAt.getTime()) / (due.getTime() - probationStartedAt.getTime())));
  const expected = HOURS_TARGET * elapsed;
  return {
    target: HOURS_TARGET,
    total: totalHours,
    remaining: Math.max(0, HOURS_TARGET - totalHours),
    dueAt: due,
    expectedByNow: Math.round(expected * 2) / 2,
    behindPace: totalHours < expected && totalHours < HOURS_TARGET,
    overdueDays: overdueDays(due, now),
  };
}

/**
 * Whole China calendar days since a due date's day (0: due today or later). A conversion past its
 * date is shown as 已逾期 N 天, never as a date still to come.
 */
export function overdueDays(dueAt: Date, now: Date): number {
  return Math.max(0, cstDayNumber(now) - cstDayNumber(dueAt));
}
