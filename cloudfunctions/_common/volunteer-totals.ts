import { database } from './sdk';

/**
 * The member-doc update that adds approved hours to the running totals (per term and overall, by
 * kind, and the plaque's per-term total) with atomic increments: reads never re-sum entries.
 * Apply it in the same transaction as the entry's change, so hours are counted exactly once.
 */
export function totalsIncrement(termKey: string, kind: 'verified' | 'selfReported', hours: number) {
  const _ = database().command;
  return {
    hours: { [termKey]: _.inc(hours) },
    hoursByKind: { [termKey]: { [kind]: _.inc(hours) } },
    hoursOverall: { [kind]: _.inc(hours) },
  };
}
