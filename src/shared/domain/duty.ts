/**
 * Duty at a service station (服务站值班): recurring weekly shifts, their dated instances, when a
 * member may check in and out, late arrival, early leave and what counts as missed. Pure rules; the
 * caller passes `now`. Shift times are China Standard Time; instances are instants.
 *
 * A shift may cross midnight (22:00-次日08:00 night duty: its end is not after its start). Each
 * instance belongs to the day it starts: its date, its record's id, the sweep that finds it missed,
 * and the service day its hours count toward (`dutyServiceSpan`) are all that day's.
 *
 * A shift holds from its `from` date (inclusive; none: since it was created) until its `until` date
 * (exclusive; none: open). Changing a shift from a date ends it there and starts a new shift on that
 * date, so instances before the date keep the old times and members (and their records their ids).
 */
import { codeWindow, presenceSpan, SIGN_IN_OPENS_BEFORE_MS, SIGN_OUT_CLOSES_AFTER_MS } from './activity';
import { cstDate, cstDayNumber, cstInstant, cstTime, DAY_MS, minutesOf } from './china-time';

/** Minutes after the start a check-in still counts as on time, and before the end a check-out does. */
export const DUTY_GRACE_MINUTES = 10;
/** A shift lasts at least 30 min and at most 12 h; it may end on the next day. */
export const MIN_SHIFT_MINUTES = 30;
export const MAX_SHIFT_MINUTES = 12 * 60;
/** Duty hours count as this volunteer category (see VolunteerCategory). */
export const DUTY_CATEGORY = 'other';

/** Weekdays 1 (Monday) to 7 (Sunday), China time. */
export const weekdayLabels = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;

export interface ShiftTimes {
  weekday: number;
  start: string;
  end: string;
  /** First date the shift holds (inclusive); absent or null: since it was created. */
  from?: string | null;
  /** Date the shift stops holding (exclusive); absent or null: it goes on. */
  until?: string | null;
}

export type ShiftTimesError = 'SHIFT_TIME_INVALID';

/** Whether the shift's end falls on the next day (22:00-08:00): an end not after the start. */
export function crossesMidnight(s: Pick<ShiftTimes, 'start' | 'end'>): boolean {
  const from = minutesOf(s.start);
  const to = minutesOf(s.end);
  return from !== null && to !== null && to <= from;
}

/** A shift's length in minutes (past midnight when it crosses it); null when not real times. */
export function shiftMinutes(s: Pick<ShiftTimes, 'start' | 'end'>): number | null {
  const from = minutesOf(s.start);
  const to = minutesOf(s.end);
  if (from === null || to === null) return null;
  return to > from ? to - from : to + 24 * 60 - from;
}

/** A recurring shift: a weekday, and 30 min to 12 h from its start (the end may be on the next day). */
export function checkShiftTimes(s: ShiftTimes): ShiftTimesError | null {
  const span = shiftMinutes(s);
  if (!Number.isInteger(s.weekday) || s.weekday < 1 || s.weekday > 7 || span === null) return 'SHIFT_TIME_INVALID';
  return span < MIN_SHIFT_MINUTES || span > MAX_SHIFT_MINUTES ? 'SHIFT_TIME_INVALID' : null;
}

/** How the page shows a shift's times: "22:00-次日08:00" when it crosses midnight. */
export function shiftTimeLabel(s: Pick<ShiftTimes, 'start' | 'end'>): string {
  return `${s.start}-${crossesMidnight(s) ? '次日' : ''}${s.end}`;
}

/** Whether a shift holds on a date: on or after its `from`, before its `until`. */
export function holdsOn(s: Pick<ShiftTimes, 'from' | 'until'>, date: string): boolean {
  return (!s.from || date >= s.from) && (!s.until || date < s.until);
}

/** The China weekday (1 Monday .. 7 Sunday) of a calendar date `YYYY-MM-DD`; null if not a date. */
export function weekdayOf(date: string): number | null {
  const noon = cstInstant(date, '12:00');
  if (!noon) return null;
  // 1970-01-01 was a Thursday (4).
  return ((((cstDayNumber(noon) + 3) % 7) + 7) % 7) + 1;
}

/** The Monday (`YYYY-MM-DD`) of the China week a date is in: the week key of coverage. */
export function weekOf(date: string): string | null {
  const weekday = weekdayOf(date);
  const noon = cstInstant(date, '12:00');
  if (weekday === null || !noon) return null;
  return cstDate(new Date(noon.getTime() - (weekday - 1) * DAY_MS));
}

/** The calendar date `days` after `date` (China days); null if not a date. */
export function addDays(date: string, days: number): string | null {
  const noon = cstInstant(date, '12:00');
  return noon ? cstDate(new Date(noon.getTime() + days * DAY_MS)) : null;
}

/**
 * One shift on one date (the day it starts), as instants; null when the date is not the shift's
 * weekday or the shift does not hold then. A shift crossing midnight ends on the next day.
 */
export function instanceWindow(shift: ShiftTimes, date: string): { startAt: Date; endAt: Date } | null {
  if (weekdayOf(date) !== shift.weekday || !holdsOn(shift, date)) return null;
  const startAt = cstInstant(date, shift.start);
  const endDate = crossesMidnight(shift) ? addDays(date, 1) : date;
  const endAt = endDate ? cstInstant(endDate, shift.end) : null;
  return startAt && endAt ? { startAt, endAt } : null;
}

/**
 * The dates whose instances a scan at `now` may belong to: today's; yesterday's while one that
 * started then can still be open (at most 12 h long, check-out until 1 h after its end); tomorrow's
 * when one starting just after midnight already takes check-ins (15 min before its start).
 */
export function scanDates(now: Date): string[] {
  const today = cstDate(now);
  const minute = minutesOf(cstTime(now)) ?? 0;
  const dates = [today];
  if (minute * 60_000 < MAX_SHIFT_MINUTES * 60_000 + SIGN_OUT_CLOSES_AFTER_MS) dates.unshift(addDays(today, -1) ?? today);
  if ((24 * 60 - minute) * 60_000 <= SIGN_IN_OPENS_BEFORE_MS) dates.push(addDays(today, 1) ?? today);
  return dates;
}

/** The instance of a shift a scan at `now` belongs to (of a date `scanDates` names), if its phase is open. */
export function openInstance(shift: ShiftTimes, phase: 'in' | 'out', now: Date): { date: string; startAt: Date; endAt: Date } | null {
  for (const date of scanDates(now)) {
    const window = instanceWindow(shift, date);
    if (!window) continue;
    // Check-in from 15 min before the start until the end; check-out from the start until 1 h after
    // the end: the windows of organised activities' codes.
    const { opens, closes } = codeWindow(window, phase);
    if (now.getTime() >= opens.getTime() && now.getTime() < closes.getTime()) return { date, ...window };
  }
  return null;
}

/**
 * A clock time a counselor gives for one instance (a correction's check-in or check-out), as an
 * instant: on the instance's date, or for a shift crossing midnight on whichever of that date and
 * the next is nearer the shift (23:00 the first evening, 07:30 the next morning).
 */
export function instanceClock(shift: ShiftTimes, date: string, clock: string): Date | null {
  const window = instanceWindow(shift, date);
  const same = cstInstant(date, clock);
  if (!window || !same || !crossesMidnight(shift)) return same;
  const next = cstInstant(addDays(date, 1) ?? date, clock);
  if (!next) return same;
  const middle = (window.startAt.getTime() + window.endAt.getTime()) / 2;
  return Math.abs(next.getTime() - middle) < Math.abs(same.getTime() - middle) ? next : same;
}

/**
 * The volunteer entry's day and times for a dated shift's presence: the hours count toward the day
 * the shift starts (a night shift's hours are that evening's), shown on that day as presence from
 * its start to 23:59 at the latest. A presence that only began after midnight is shown from the
 * shift's start. The hours themselves come from the whole presence (attendanceHours).
 */
export function dutyServiceSpan(window: { startAt: Date; endAt: Date }, signInAt: Date, signOutAt: Date): { date: string; start: string; end: string } {
  const date = cstDate(window.startAt);
  const span = presenceSpan(window, signInAt, signOutAt);
  return span.date === date ? span : { date, start: cstTime(window.startAt), end: '23:59' };
}

/**
 * From which date a change to a shift (new times or members, or its end) may take effect: not
 * before today, and not on today when today's instance has already started (it stays as it is).
 * Earlier instances are never changed: their records stand. A shift changed or ended before
 * (`until` set) takes no more changes. Null: the date is fine.
 */
export function changeFromError(shift: ShiftTimes, date: string, now: Date): 'PAST' | 'STARTED' | 'ENDED' | null {
  // A shift changed or ended before has its successor (or none): changes go there.
  if (shift.until) return 'ENDED';
  const today = cstDate(now);
  if (date < today) return 'PAST';
  const window = date === today ? instanceWindow(shift, date) : null;
  return window && window.startAt.getTime() <= now.getTime() ? 'STARTED' : null;
}

const GRACE_MS = DUTY_GRACE_MINUTES * 60_000;

/** Minutes late past the grace (0: on time). */
export function lateMinutes(startAt: Date, checkInAt: Date): number {
  const late = checkInAt.getTime() - startAt.getTime();
  return late > GRACE_MS ? Math.round(late / 60_000) : 0;
}

/** Minutes left early beyond the grace (0: stayed). */
export function earlyMinutes(endAt: Date, checkOutAt: Date): number {
  const early = endAt.getTime() - checkOutAt.getTime();
  return early > GRACE_MS ? Math.round(early / 60_000) : 0;
}

/** No check-in by start + grace: the instance is missed (a later check-in still records it, late). */
export function missedBy(startAt: Date, now: Date): boolean {
  return now.getTime() > startAt.getTime() + GRACE_MS;
}

/** The state of one member's duty on one dated shift. */
export type DutyState = 'scheduled' | 'checkedIn' | 'completed' | 'missed' | 'swapped';

export const dutyStateLabels: Record<DutyState, string> = {
  scheduled: '待值班',
  checkedIn: '值班中',
  completed: '已完成',
  missed: '缺勤',
  swapped: '已换班',
};

export interface CoverageCounts {
  staffed: number;
  missed: number;
  late: number;
  early: number;
}

/** What one duty record adds to its station's weekly coverage. */
export function coverageOf(d: { state: DutyState; late: number; early: number } | null): CoverageCounts {
  if (!d) return { staffed: 0, missed: 0, late: 0, early: 0 };
  const staffed = d.state === 'checkedIn' || d.state === 'completed';
  return { staffed: staffed ? 1 : 0, missed: d.state === 'missed' ? 1 : 0, late: staffed && d.late > 0 ? 1 : 0, early: d.state === 'completed' && d.early > 0 ? 1 : 0 };
}

/** The change a record's move from `before` to `after` makes to the coverage (counts never recomputed). */
export function coverageDelta(
  before: { state: DutyState; late: number; early: number } | null,
  after: { state: DutyState; late: number; early: number } | null,
): CoverageCounts {
  const a = coverageOf(before);
  const b = coverageOf(after);
  return { staffed: b.staffed - a.staffed, missed: b.missed - a.missed, late: b.late - a.late, early: b.early - a.early };
}

/** Topics of the work log (工作记录) a check-out takes. */
export const DUTY_TOPICS = ['consult', 'help', 'repair', 'outreach', 'other'] as const;
export type DutyTopic = (typeof DUTY_TOPICS)[number];
export const dutyTopicLabels: Record<DutyTopic, string> = { consult: '咨询', help: '帮扶', repair: '维修', outreach: '宣讲', other: '其他' };

/** Deterministic ids: one record per member per dated shift, whoever writes it first (scan, trigger, swap). */
export const dutyRecordIdOf = (shiftId: string, date: string, memberId: string) => `${shiftId}_${date}_${memberId}`;
