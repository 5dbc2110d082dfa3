import { checkEntry, type EntryRuleError, type EntryTime, type RuleResult } from '../../../src/shared/domain/volunteer';
import { entriesRepo } from '../../_common/repositories/entries';

/**
 * The shared rules against the member's other counting entries of that day (one read). An approved
 * entry counts with the hours granted, a pending one with the hours claimed.
 */
export async function checkOnServer(
  memberId: string,
  entry: EntryTime & { category: string; title: string },
  exceptId: string | null,
  now: Date,
): Promise<RuleResult<number, EntryRuleError>> {
  const others = (await entriesRepo.countingOn(memberId, entry.date))
    .filter((o) => o._id !== exceptId)
    .map((o) => ({ id: o._id, date: o.date, start: o.start, end: o.end, fingerprint: o.fingerprint, hours: o.status === 'approved' ? (o.approvedHours ?? o.hours) : o.hours }));
  return checkEntry(entry, others, now);
}
