/**
 * Academic terms (学期) in China Standard Time: the autumn term runs from 1 August to the end of
 * January, the spring term from 1 February to the end of July. "This term's hours" key on these.
 */
export interface Term {
  key: string;
  label: string;
  /** Inclusive start and exclusive end, as UTC instants. */
  start: Date;
  end: Date;
}

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

function cstMidnight(year: number, monthIndex: number): Date {
  return new Date(Date.UTC(year, monthIndex, 1) - CST_OFFSET_MS);
}

export function termOf(now: Date): Term {
  const cst = new Date(now.getTime() + CST_OFFSET_MS);
  const year = cst.getUTCFullYear();
  const month = cst.getUTCMonth();
  if (month >= 7) {
    return { key: `${year}-${year + 1}-1`, label: `${year}-${year + 1}学年第一学期`, start: cstMidnight(year, 7), end: cstMidnight(year + 1, 1) };
  }
  if (month === 0) {
    return { key: `${year - 1}-${year}-1`, label: `${year - 1}-${year}学年第一学期`, start: cstMidnight(year - 1, 7), end: cstMidnight(year, 1) };
  }
  return { key: `${year - 1}-${year}-2`, label: `${year - 1}-${year}学年第二学期`, start: cstMidnight(year, 1), end: cstMidnight(year, 7) };
}
