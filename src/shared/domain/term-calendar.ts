/**
 * The school's term calendar (学期): terms as data the admin edits. With no calendar stored, the
 * default rule (`termOf` in ./term.ts: autumn 1 August to January, spring February to July) holds.
 * Term keys keep the default's shape (`2026-2027-1`), since hours are totalled per key.
 */
import { cstAt, cstDate, DAY_MS, isCalendarDate } from './china-time';
import { isTermKey, termOf, type Term } from './term';

/** One term as stored and edited: China dates, both inclusive. */
export interface TermPeriod {
  key: string;
  label: string;
  start: string;
  end: string;
}

export const MAX_CALENDAR_TERMS = 40;

/** Instants of a period: from the start day's 00:00 to the day after the end day (exclusive), China time. */
export function termOfPeriod(p: TermPeriod): Term {
  return { key: p.key, label: p.label, start: cstAt(p.start, '00:00'), end: new Date(cstAt(p.end, '00:00').getTime() + DAY_MS) };
}

const schoolYearOf = (key: string) => key.slice(0, 9);
const nextDay = (date: string) => cstDate(new Date(cstAt(date, '12:00').getTime() + DAY_MS));

export type CalendarProblem = { index: number; message: string };

/**
 * Checks a calendar as the admin saves it and answers it sorted by start, or the first problem in
 * Chinese with the row it names: keys in the default's shape and unique, real dates, start before
 * end, no overlaps, and within a school year the second term starts the day after the first ends
 * (no gap). Between school years (the summer) a gap is allowed.
 */
export function validateCalendar(input: TermPeriod[]): { ok: true; value: TermPeriod[] } | { ok: false; problem: CalendarProblem } {
  const bad = (index: number, message: string) => ({ ok: false as const, problem: { index, message } });
  if (input.length > MAX_CALENDAR_TERMS) return bad(MAX_CALENDAR_TERMS, `学期最多${MAX_CALENDAR_TERMS}个`);
  const seen = new Set<string>();
  for (const [i, t] of input.entries()) {
    if (!isTermKey(t.key)) return bad(i, `第${i + 1}行：学期编号“${t.key}”格式应为 2026-2027-1（学年-学年-1或2）`);
    if (seen.has(t.key)) return bad(i, `第${i + 1}行：学期 ${t.key} 重复`);
    seen.add(t.key);
    if (!t.label.trim()) return bad(i, `第${i + 1}行：请填写学期名称`);
    if (!isCalendarDate(t.start) || !isCalendarDate(t.end)) return bad(i, `第${i + 1}行：日期无效`);
    if (t.start > t.end) return bad(i, `第${i + 1}行：开始日期不能晚于结束日期`);
    const firstYear = Number(t.key.slice(0, 4));
    // A term lies in its school year: from 1 July of its first year to 31 August of the next.
    if (t.start < `${firstYear}-07-01` || t.end > `${firstYear + 1}-08-31`) return bad(i, `第${i + 1}行：日期不在 ${schoolYearOf(t.key)} 学年内`);
  }
  const sorted = input.map((t, index) => ({ t, index })).sort((x, y) => (x.t.start < y.t.start ? -1 : x.t.start > y.t.start ? 1 : 0));
  for (let i = 1; i < sorted.length; i += 1) {
    const prev = sorted[i - 1].t;
    const { t, index } = sorted[i];
    if (t.start <= prev.end) return bad(index, `学期 ${t.key} 与 ${prev.key} 的日期重叠`);
    if (t.key <= prev.key) return bad(index, `学期 ${t.key} 应排在 ${prev.key} 之后`);
    if (schoolYearOf(t.key) === schoolYearOf(prev.key) && t.start !== nextDay(prev.end)) {
      return bad(index, `同一学年内学期之间不能有空档：${t.key} 应从 ${nextDay(prev.end)} 开始`);
    }
  }
  return { ok: true, value: sorted.map((s) => s.t) };
}

/**
 * The term of an instant under a calendar (sorted, valid). Inside a term: that term. In a gap
 * between school years (the summer): the term that follows, so the summer's service counts toward
 * the coming term as the default rule counts August. Before the first or after the last term, or
 * with no calendar: the default rule, bit for bit.
 */
export function termIn(calendar: readonly TermPeriod[] | null | undefined, at: Date): Term {
  if (!calendar || calendar.length === 0) return termOf(at);
  const day = cstDate(at);
  if (day < calendar[0].start || day > calendar[calendar.length - 1].end) return termOf(at);
  for (const p of calendar) {
    if (day <= p.end) return termOfPeriod(p);
  }
  return termOf(at);
}

/** The default rule's terms of a school year, as the admin's editor starts from them. */
export function defaultPeriodsOf(firstYear: number): TermPeriod[] {
  const one = termOf(cstAt(`${firstYear}-09-01`, '12:00'));
  const two = termOf(cstAt(`${firstYear + 1}-03-01`, '12:00'));
  const period = (t: Term): TermPeriod => ({ key: t.key, label: t.label, start: cstDate(t.start), end: cstDate(new Date(t.end.getTime() - 1)) });
  return [period(one), period(two)];
}
