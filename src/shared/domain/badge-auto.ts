import { cstYearMonth } from './china-time';
import { monthKeyOf } from './inspection';

/**
 * When automatic awards may be settled (issue 11, badge/auto). 文明寝室 judges a whole month's
 * inspections, so a month is settled only once it has ended in China time: an award given earlier
 * could be contradicted by a later inspection of the same month. The page and the function both ask this.
 */

/** The month before `now`'s (China time): what the monthly timer settles. */
export function previousMonth(now: Date): string {
  const { year, monthIndex } = cstYearMonth(now);
  const y = monthIndex === 0 ? year - 1 : year;
  const m = monthIndex === 0 ? 12 : monthIndex;
  return `${y}-${String(m).padStart(2, '0')}`;
}

/** Whether a month (`YYYY-MM`) has ended in China time, so its 文明寝室 can be settled. */
export function monthEnded(month: string, now: Date): boolean {
  return month < monthKeyOf(now);
}

export const MONTH_NOT_ENDED = '这个月还没有结束，月底之后才能评定文明寝室';
