/**
 * Which entries an hours export covers: one term, and within it, optionally, service days from/to
 * (China dates, inclusive). The export card checks this before it calls; the function again.
 */
import { cstAt } from './china-time';
import { termOf, type Term } from './term';

/**
 * An export comes in parts, each one call of the function and one file: at most this many entries
 * and this many members (the per-member sheet) a part, so a call at a school's size stays well
 * inside the function timeout. A counselor's buildings usually fit in one part.
 */
export const EXPORT_PART_ROWS = 5_000;
export const EXPORT_PART_MEMBERS = 2_000;

export interface ExportRange {
  termKey: string;
  from?: string;
  to?: string;
}

export type ExportRangeResult = { ok: true; value: ExportRange } | { ok: false; message: string };

/** The term a China date belongs to (noon: any hour of the day gives the same term). */
export const termOfDay = (date: string, termAt: (at: Date) => Term = termOf) => termAt(cstAt(date, '12:00'));

/** Dates are real calendar dates here (the contract checks them); `now` names the term when nothing else does. */
export function exportRangeOf(input: { termKey?: string; from?: string; to?: string }, now: Date, termAt: (at: Date) => Term = termOf): ExportRangeResult {
  const { from, to } = input;
  if (from && to && from > to) return { ok: false, message: '开始日期不能晚于结束日期' };
  const day = from ?? to;
  const term = day ? termOfDay(day, termAt) : termAt(now);
  const termKey = input.termKey ?? term.key;
  for (const d of [from, to]) {
    if (d && termOfDay(d, termAt).key !== termKey) {
      return { ok: false, message: input.termKey ? `日期 ${d} 不在所选学期（${termKey}）内` : `开始和结束日期需在同一学期内（${term.label}）` };
    }
  }
  return { ok: true, value: { termKey, ...(from ? { from } : {}), ...(to ? { to } : {}) } };
}
