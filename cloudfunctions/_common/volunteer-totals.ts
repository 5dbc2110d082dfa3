import { database } from './sdk';

/**
 * The member-doc update that adds approved hours to the running totals (per term and overall, by
 * kind, and the plaque's per-term total) with atomic increments: reads never re-sum entries.
 * Apply it in the same transaction as the entry's change, so hours are counted exactly once.
 */
export function totalsIncrement(termKey: string, kind: 'verified' | 'selfReported', hours: number, date?: string) {
  const _ = database().command;
  return {
    hours: { [termKey]: _.inc(hours) },
    hoursByKind: { [termKey]: { [kind]: _.inc(hours) } },
    hoursOverall: { [kind]: _.inc(hours) },
    // Per month of the entry's day (`YYYY-MM`): the 每月之星 candidate's figures read it.
    ...(date ? { hoursByMonth: { [date.slice(0, 7)]: _.inc(hours) } } : {}),
  };
}
