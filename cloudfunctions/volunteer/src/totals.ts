import { hoursProgress } from '../../../src/shared/domain/volunteer';
import type { MemberHoursDoc } from '../../_common/repositories/member-hours';

export interface Totals {
  verified: number;
  selfReported: number;
  total: number;
}

const totals = (verified: number, selfReported: number): Totals => ({ verified, selfReported, total: verified + selfReported });

/** A term's totals; members from before totals by kind count their plaque hours as self-reported. */
export function termTotals(m: MemberHoursDoc, termKey: string): Totals {
  const byKind = m.hoursByKind?.[termKey];
  if (byKind) return totals(byKind.verified ?? 0, byKind.selfReported ?? 0);
  return totals(0, m.hours?.[termKey] ?? 0);
}

export function overallTotals(m: MemberHoursDoc): Totals {
  if (m.hoursOverall) return totals(m.hoursOverall.verified ?? 0, m.hoursOverall.selfReported ?? 0);
  return totals(0, Object.values(m.hours ?? {}).reduce((s, h) => s + h, 0));
}

/** Progress to the 50-hour rule, for probationary members whose probation start is known. */
export function probationOf(m: MemberHoursDoc, now: Date) {
  if (m.status !== 'probationary' || !m.probationStartedAt) return null;
  return hoursProgress(overallTotals(m).total, new Date(m.probationStartedAt), now);
}
