/**
 * Volunteer hours (志愿服务): the rules members' entries must pass, on the phone and again on the
 * server. Seed 004: probationary members serve 50 hours (大学生预备党员50小时义工制) within their
 * one-year probation, after which conversion (转正) is due. Times are China Standard Time.
 */
export const HOURS_TARGET = 50;
export const MAX_HOURS_PER_DAY = 12;
export const MAX_DAYS_LATE = 30;
/** A member present for less than this share of an organised activity earns nothing. */
export const MIN_PRESENCE_SHARE = 0.6;
/** A rotating activity code is accepted this long after it is shown. */
export const ACTIVITY_CODE_TTL_MS = 30_000;
export const PROBATION_MONTHS = 12;

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export type ErrorOf<T extends string> = { ok: false; code: T };
export type RuleResult<T, E extends string> = { ok: true; value: T } | ErrorOf<E>;

/** `YYYY-MM-DD` + `HH:mm` in China Standard Time, as an instant. */
export function cstInstant(date: string, time: string): Date {
  return new Date(Date.parse(`${date}T${time}:00+08:00`));
}

/** The CST calendar date of an instant, `YYYY-MM-DD`. */
export function cstDate(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole half hours between two times of a day, rounded down; null when not a positive span. */
export function hoursBetween(start: string, end: string): number | null {
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const span = minutes(end) - minutes(start);
  if (span < 30) return null;
  return Math.floor(span / 30) / 2;
}

export interface EntryTime {
  date: string;
  start: string;
  end: string;
}

/** An entry's span on the day, in minutes, for overlap checks. */
const spanOf = (e: EntryTime) => [Number(e.start.slice(0, 2)) * 60 + Number(e.start.slice(3, 5)), Number(e.end.slice(0, 2)) * 60 + Number(e.end.slice(3, 5))];

export type EntryRuleError = 'ENTRY_TIME_INVALID' | 'ENTRY_IN_FUTURE' | 'ENTRY_TOO_LATE' | 'DAILY_LIMIT' | 'ENTRY_OVERLAP' | 'ENTRY_DUPLICATE';

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
 * Checks an entry before it is submitted (and again whenever it is edited while pending): hours in
 * half-hour steps, not in the future, at most 30 days late, at most 12 hours a day, no overlap, no
 * duplicate. Returns the hours it claims.
 */
export function checkEntry(entry: EntryTime & { category: string; title: string }, others: OtherEntry[], now: Date): RuleResult<number, EntryRuleError> {
  const hours = hoursBetween(entry.start, entry.end);
  if (hours === null) return { ok: false, code: 'ENTRY_TIME_INVALID' };
  if (cstInstant(entry.date, entry.end).getTime() > now.getTime()) return { ok: false, code: 'ENTRY_IN_FUTURE' };
  if (now.getTime() - cstInstant(entry.date, entry.start).getTime() > MAX_DAYS_LATE * DAY_MS) return { ok: false, code: 'ENTRY_TOO_LATE' };
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
  const duration = window.endAt.getTime() - window.startAt.getTime();
  const present = Math.min(signOutAt.getTime(), window.endAt.getTime()) - Math.max(signInAt.getTime(), window.startAt.getTime());
  if (duration <= 0 || present <= 0 || present < MIN_PRESENCE_SHARE * duration) return 0;
  return Math.floor(present / (30 * 60 * 1000)) / 2;
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
  const DAY = 86_400_000;
  const CST = 8 * 3_600_000;
  const day = (t: Date) => Math.floor((t.getTime() + CST) / DAY);
  return Math.max(0, day(now) - day(dueAt));
}
