/**
 * China Standard Time (UTC+8, no daylight saving): the one place that knows the offset. Calendar
 * dates (`YYYY-MM-DD`) and clock times (`HH:mm`) are read strictly here: 2026-11-31, 2099-13-81,
 * 24:00 and 23:60 are neither, and every function refuses them (null) instead of rolling them over.
 */
export const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A real calendar date `YYYY-MM-DD` (leap years included), as UTC midnight of that date; else null. */
function utcMidnight(date: string): number | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  // Date rolls 2026-11-31 over to 12-01: a date is real only if it survives the round trip.
  if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) return null;
  return at.getTime();
}

export function isCalendarDate(date: string): boolean {
  return utcMidnight(date) !== null;
}

export function isClockTime(time: string): boolean {
  return TIME.test(time);
}

/** Minutes since midnight of `HH:mm`, or null when it is no time of day. */
export function minutesOf(time: string): number | null {
  const m = TIME.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** True for a Date that is an instant (not `Invalid Date`). */
export function isInstant(at: Date): boolean {
  return at instanceof Date && Number.isFinite(at.getTime());
}

/** `YYYY-MM-DD` + `HH:mm` in China Standard Time, as an instant; null unless both are real. */
export function cstInstant(date: string, time: string): Date | null {
  const midnight = utcMidnight(date);
  const minutes = minutesOf(time);
  if (midnight === null || minutes === null) return null;
  return new Date(midnight + minutes * 60_000 - CST_OFFSET_MS);
}

/** `cstInstant` for a date and time the code built itself (demo data, form defaults): throws if not real. */
export function cstAt(date: string, time: string): Date {
  const at = cstInstant(date, time);
  if (!at) throw new RangeError(`not a China date and time: ${date} ${time}`);
  return at;
}

function shifted(at: Date): Date {
  if (!isInstant(at)) throw new RangeError('not an instant');
  return new Date(at.getTime() + CST_OFFSET_MS);
}

/** The CST calendar date of an instant, `YYYY-MM-DD`. Throws on `Invalid Date`. */
export function cstDate(at: Date): string {
  return shifted(at).toISOString().slice(0, 10);
}

/** `HH:mm` of an instant in China Standard Time. Throws on `Invalid Date`. */
export function cstTime(at: Date): string {
  return shifted(at).toISOString().slice(11, 16);
}

/** The number of the CST calendar day of an instant (days since 1970-01-01 CST), for whole-day differences. */
export function cstDayNumber(at: Date): number {
  return Math.floor(shifted(at).getTime() / DAY_MS);
}

/** The CST year and month (0-11) of an instant. Throws on `Invalid Date`. */
export function cstYearMonth(at: Date): { year: number; monthIndex: number } {
  const cst = shifted(at);
  return { year: cst.getUTCFullYear(), monthIndex: cst.getUTCMonth() };
}

/** Midnight CST at the start of a month, as an instant. */
export function cstMonthStart(year: number, monthIndex: number): Date {
  return new Date(Date.UTC(year, monthIndex, 1) - CST_OFFSET_MS);
}
