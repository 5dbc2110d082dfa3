/**
 * Organised activities (组织的志愿活动): when their rotating codes may be shown and what time counts
 * as presence. Pure rules; the caller passes `now`. Times are instants; labels are China Standard Time.
 */
import { cstDate, cstTime, isInstant } from './china-time';

export const MAX_ACTIVITY_MS = 12 * 60 * 60 * 1000;
export const MIN_ACTIVITY_MS = 30 * 60 * 1000;
/** Sign-in codes from 15 min before the start (people arrive early) until the end. */
export const SIGN_IN_OPENS_BEFORE_MS = 15 * 60 * 1000;
/** Sign-out codes from the start until 1 h after the end (time after the end earns nothing). */
export const SIGN_OUT_CLOSES_AFTER_MS = 60 * 60 * 1000;

export type ActivityPhase = 'in' | 'out';

export interface ActivityWindow {
  startAt: Date;
  endAt: Date;
}

export type ActivityWindowError = 'ACTIVITY_WINDOW_INVALID' | 'ACTIVITY_TOO_LONG' | 'ACTIVITY_ENDED';

/** A new activity: at least 30 min, at most 12 h, and not already over. */
export function checkActivityWindow(w: ActivityWindow, now: Date): ActivityWindowError | null {
  if (!isInstant(w.startAt) || !isInstant(w.endAt) || !isInstant(now)) return 'ACTIVITY_WINDOW_INVALID';
  const span = w.endAt.getTime() - w.startAt.getTime();
  if (span < MIN_ACTIVITY_MS) return 'ACTIVITY_WINDOW_INVALID';
  if (span > MAX_ACTIVITY_MS) return 'ACTIVITY_TOO_LONG';
  if (w.endAt.getTime() <= now.getTime()) return 'ACTIVITY_ENDED';
  return null;
}

/** When codes of a phase may be issued: [opens, closes), both instants. */
export function codeWindow(w: ActivityWindow, phase: ActivityPhase): { opens: Date; closes: Date } {
  return phase === 'in'
    ? { opens: new Date(w.startAt.getTime() - SIGN_IN_OPENS_BEFORE_MS), closes: w.endAt }
    : { opens: w.startAt, closes: new Date(w.endAt.getTime() + SIGN_OUT_CLOSES_AFTER_MS) };
}

export function codeWindowOpen(w: ActivityWindow, phase: ActivityPhase, now: Date): boolean {
  if (!isInstant(w.startAt) || !isInstant(w.endAt) || !isInstant(now)) return false;
  const { opens, closes } = codeWindow(w, phase);
  return now.getTime() >= opens.getTime() && now.getTime() < closes.getTime();
}

export { cstTime } from './china-time';

/**
 * The part of the activity the member was there for, as an entry's date, start and end (CST): the
 * date (and so the term and the day rules) come from the instant presence began. Throws on
 * `Invalid Date`.
 */
export function presenceSpan(w: ActivityWindow, signInAt: Date, signOutAt: Date): { date: string; start: string; end: string } {
  const from = new Date(Math.max(signInAt.getTime(), w.startAt.getTime()));
  const to = new Date(Math.min(signOutAt.getTime(), w.endAt.getTime()));
  // An entry lives on one day: presence past midnight (China time) is shown ending at 23:59 of the
  // day it began. The hours themselves come from the whole presence (attendanceHours).
  const end = cstDate(to) === cstDate(from) ? cstTime(to) : '23:59';
  return { date: cstDate(from), start: cstTime(from), end };
}
