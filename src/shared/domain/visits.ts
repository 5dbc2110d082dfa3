import { cstAt, cstDate, cstDayNumber, cstInstant, cstMonthStart, cstYearMonth, DAY_MS } from './china-time';

/**
 * Visits to linked rooms (联系寝室走访; docs/glossary.md): a member looks after one or two rooms
 * (never their own), records a visit by scanning the room's plaque, and a resident of that room
 * confirms it or says it did not happen within 72 hours. Only confirmed visits count toward the
 * monthly target. The page and the server both read these rules.
 */

export const VISIT_TOPICS = ['study', 'life', 'mind', 'safety', 'other'] as const;
export type VisitTopic = (typeof VISIT_TOPICS)[number];
export const visitTopicLabels: Record<VisitTopic, string> = { study: '学习', life: '生活', mind: '心理', safety: '安全', other: '其他' };

/** 每个党员联系一到两间宿舍. */
export const MAX_LINKED_ROOMS = 2;
/** Confirmed visits a month per linked room, unless a school sets its own. */
export const MONTHLY_VISIT_TARGET = 1;
export const CONFIRM_WINDOW_MS = 72 * 60 * 60 * 1000;
export const VISIT_NOTE_MAX = 200;

/**
 * What a visit stands at: a resident's answer (confirmed / denied), a counselor's correction or
 * make-up (confirmed / void), or nothing yet: pending while the 72 hours run, then expired, which
 * never counts as confirmed.
 */
export type VisitStatus = 'pending' | 'confirmed' | 'denied' | 'void';
export type VisitState = VisitStatus | 'expired';
export const visitStateLabels: Record<VisitState, string> = {
  pending: '待室友确认',
  confirmed: '已确认',
  denied: '室友表示未走访',
  void: '已作废',
  expired: '超时未确认',
};

export function confirmDeadline(visitAt: Date): Date {
  return new Date(visitAt.getTime() + CONFIRM_WINDOW_MS);
}

export function canStillConfirm(visitAt: Date, now: Date): boolean {
  return now.getTime() <= confirmDeadline(visitAt).getTime();
}

export function visitState(status: VisitStatus, visitAt: Date, now: Date): VisitState {
  return status === 'pending' && !canStillConfirm(visitAt, now) ? 'expired' : status;
}

/** Whether a visit in this status counts toward the target. */
export const countsAsConfirmed = (status: VisitStatus): boolean => status === 'confirmed';

/** The China-time month of an instant, `YYYY-MM`: the period a target is counted in. */
export function visitMonth(at: Date): string {
  const { year, monthIndex } = cstYearMonth(at);
  return `${year}-${String(monthIndex + 1).padStart(2, '0')}`;
}

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The instants a `YYYY-MM` month spans in China time: [start, end). */
export function monthSpan(month: string): { start: Date; end: Date } {
  const [y, m] = month.split('-').map(Number);
  return { start: cstMonthStart(y, m - 1), end: cstMonthStart(m === 12 ? y + 1 : y, m === 12 ? 0 : m) };
}

/**
 * Why a set of rooms cannot be a member's links, or null: one or two distinct rooms, never the
 * member's own room.
 */
export function linkProblem(roomIds: readonly string[], ownRoomId: string): string | null {
  if (roomIds.length < 1 || roomIds.length > MAX_LINKED_ROOMS) return `每位党员联系1到${MAX_LINKED_ROOMS}间寝室`;
  if (new Set(roomIds).size !== roomIds.length) return '联系寝室不能重复';
  if (roomIds.includes(ownRoomId)) return '不能联系党员自己住的寝室';
  return null;
}

export function behindTarget(confirmed: number, target = MONTHLY_VISIT_TARGET): boolean {
  return confirmed < target;
}

/** How far back a counselor may make up (补录) a visit: the same month as a late volunteer entry. */
export const MAKE_UP_MAX_DAYS = 30;

/** The China dates a make-up visit may carry, for the date picker's bounds: [today - 30 days, today]. */
export function makeUpDateRange(now: Date): { start: string; end: string } {
  return { start: cstDate(new Date(now.getTime() - MAKE_UP_MAX_DAYS * DAY_MS)), end: cstDate(now) };
}

/** Why a make-up visit cannot carry this China date, or null: a real date, not after today, at most 30 days back. */
export function makeUpDateProblem(date: string, now: Date): string | null {
  const noon = cstInstant(date, '12:00');
  if (!noon) return '请选择补录走访的日期';
  const days = cstDayNumber(now) - cstDayNumber(noon);
  if (days < 0) return '补录走访的日期不能晚于今天';
  if (days > MAKE_UP_MAX_DAYS) return `只能补录${MAKE_UP_MAX_DAYS}天内的走访`;
  return null;
}

/**
 * The instant a make-up visit of a China date is stored at: noon of that day, or now when today's
 * noon is still ahead (so it is never in the future and always in the date's month).
 */
export function makeUpInstant(date: string, now: Date): Date {
  const noon = cstAt(date, '12:00');
  return noon.getTime() > now.getTime() ? now : noon;
}

/**
 * Coverage filters of the counselor's dashboard: 未达标 (behind this month's target) and 从未走访
 * (no confirmed visit ever). Both are served by a projection kept in the transactions that change
 * the counts, so a filtered page reads only its rows.
 */
export const COVERAGE_FILTERS = ['behind', 'never'] as const;
export type CoverageFilter = (typeof COVERAGE_FILTERS)[number];
export const coverageFilterLabels: Record<CoverageFilter, string> = { behind: '本月未达标', never: '从未走访' };

/** The `lastMet` of a link or room that never met a month's target: sorts before every month. */
export const NEVER_MET = '0000-00';

/** Confirmed visits of a link (member and room) or of a room: per month, overall, and what the filters read. */
export interface CoverageCounts {
  months: Record<string, number>;
  confirmed: number;
  /** The latest month whose confirmed visits met the target, or NEVER_MET. */
  lastMet: string;
  everVisited: boolean;
}

export const emptyCoverage = (): CoverageCounts => ({ months: {}, confirmed: 0, lastMet: NEVER_MET, everVisited: false });

/** The counts after `delta` confirmed visits in `month` (a confirmation, a correction, a make-up). */
export function coverageAfter(counts: Pick<CoverageCounts, 'months' | 'confirmed'>, month: string, delta: number, target = MONTHLY_VISIT_TARGET): CoverageCounts {
  const months = { ...counts.months, [month]: Math.max(0, (counts.months[month] ?? 0) + delta) };
  if (months[month] === 0) delete months[month];
  const confirmed = Math.max(0, counts.confirmed + delta);
  const met = Object.keys(months).filter((m) => months[m] >= target).sort();
  return { months, confirmed, lastMet: met[met.length - 1] ?? NEVER_MET, everVisited: confirmed > 0 };
}

/**
 * Whether a link or room stands behind the target in `month`, from its lastMet alone: exact for the
 * current month (no later month can have met it yet), which is why the 未达标 filter is this month's.
 */
export const behindThisMonth = (lastMet: string, month: string): boolean => lastMet < month;

/** Why a filter cannot be applied to this month, or null: 未达标 is this month's only (see behindThisMonth). */
export function coverageFilterProblem(filter: CoverageFilter | undefined, month: string, now: Date): string | null {
  return filter === 'behind' && month !== visitMonth(now) ? '“本月未达标”只能筛选本月；往月请看全部列表中的达标情况' : null;
}
