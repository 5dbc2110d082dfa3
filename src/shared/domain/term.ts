/**
 * Academic terms (学期) in China Standard Time: the autumn term runs from 1 August to the end of
 * January, the spring term from 1 February to the end of July. "This term's hours" key on these.
 */
import { cstMonthStart, cstYearMonth } from './china-time';

export interface Term {
  key: string;
  label: string;
  /** Inclusive start and exclusive end, as UTC instants. */
  start: Date;
  end: Date;
}

/** The term of an instant. Throws on `Invalid Date`: a term key is never `NaN-NaN-2`. */
export function termOf(now: Date): Term {
  const { year, monthIndex: month } = cstYearMonth(now);
  if (month >= 7) {
    return { key: `${year}-${year + 1}-1`, label: `${year}-${year + 1}学年第一学期`, start: cstMonthStart(year, 7), end: cstMonthStart(year + 1, 1) };
  }
  if (month === 0) {
    return { key: `${year - 1}-${year}-1`, label: `${year - 1}-${year}学年第一学期`, start: cstMonthStart(year - 1, 7), end: cstMonthStart(year, 1) };
  }
  return { key: `${year - 1}-${year}-2`, label: `${year - 1}-${year}学年第二学期`, start: cstMonthStart(year, 1), end: cstMonthStart(year, 7) };
}

/** A term key as termOf writes it: `2026-2027-1` (consecutive years, term 1 or 2). */
export function isTermKey(key: string): boolean {
  const m = /^(\d{4})-(\d{4})-[12]$/.exec(key);
  return !!m && Number(m[2]) === Number(m[1]) + 1;
}
