/**
 * Duty at a service station (服务站值班): recurring weekly shifts, their dated instances, when a
 * member may check in and out, late arrival, early leave and what counts as missed. Pure rules; the
 * caller passes `now`. Shift times are China Standard Time; instances are instants.
 */
import { codeWindow } from './activity';
import { cstDate, cstDayNumber, cstInstant, DAY_MS, minutesOf } from './china-time';

/** Minutes after the start a check-in still counts as on time, and before the end a check-out does. */
export const DUTY_GRACE_MINUTES = 10;
/** A shift lasts at least 30 min and at most 12 h, inside one China day. */
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
}

export type ShiftTimesError = 'SHIFT_TIME_INVALID';

/** A recurring shift: a weekday, and start before end on that day, 30 min to 12 h. */
export function checkShiftTimes(s: ShiftTimes): ShiftTimesError | null {
  const from = minutesOf(s.start);
  const to = minutesOf(s.end);
  if (!Number.isInteger(s.weekday) || s.weekday < 1 || s.weekday > 7 || from === null || to === null) return 'SHIFT_TIME_INVALID';
  const span = to - from;
  return span < MIN_SHIFT_MINUTES || span > MAX_SHIFT_MINUTES ? 'SHIFT_TIME_INVALID' : null;
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

/** One shift on one date, as instants; null when the date is not the shift's weekday. */
export function instanceWindow(shift: ShiftTimes, date: string): { startAt: Date; endAt: Date } | null {
  if (weekdayOf(date) !== shift.weekday) return null;
  const startAt = cstInstant(date, shift.start);
  const endAt = cstInstant(date, shift.end);
  return startAt && endAt ? { startAt, endAt } : null;
}

/** The instance of a shift a scan at `now` belongs to (today's, China time), if its phase is open. */
export function openInstance(shift: ShiftTimes, phase: 'in' | 'out', now: Date): { date: string; startAt: Date; endAt: Date } | null {
  const date = cstDate(now);
  const window = instanceWindow(shift, date);
  if (!window) return null;
  // Check-in from 15 min before the start until the end; check-out from the start until 1 h after
  // the end: the windows of organised activities' codes.
  const { opens, closes } = codeWindow(window, phase);
  return now.getTime() >= opens.getTime() && now.getTime() < closes.getTime() ? { date, ...window } : null;
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
