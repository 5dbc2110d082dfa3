import { checkEntry, countingOthers, type EntryRuleError, type EntryTime, type RuleResult } from '../../src/shared/domain/volunteer';
import type { EntryStatusDoc, VolunteerEntryDoc } from './docs';
import { entriesRepo } from './repositories/entries';

/**
 * The shared rules against the member's other counting entries of that day (one read), chosen and
 * weighed by countingOthers, as the page does. `verified` hours (from an activity's presence) stand
 * instead of the span's own.
 */
export async function checkOnServer(
  memberId: string,
  entry: EntryTime & { category: string; title: string },
  exceptId: string | null,
  now: Date,
  verified?: { hours: number },
): Promise<RuleResult<number, EntryRuleError>> {
  const others = countingOthers((await entriesRepo.countingOn(memberId, entry.date)).map((o) => ({ ...o, id: o._id })), exceptId);
  return checkEntry(entry, others, now, verified);
}

/**
 * How many times the rules run again when another change counted on that day meanwhile (or the day
 * kept changing through the SDK's own transaction retries) before answering CONFLICT.
 */
export const DAY_ATTEMPTS = 4;

/**
 * Checks the rules and makes the entry count, serialised per member and day: if another entry
 * started counting on that day after the check, the rules run again with it included.
 */
export async function checkAndCount(
  memberId: string,
  entry: EntryTime & { category: string; title: string },
  id: string,
  status: EntryStatusDoc,
  changes: (hours: number) => Partial<VolunteerEntryDoc>,
  now: Date,
): Promise<RuleResult<Partial<VolunteerEntryDoc>, EntryRuleError | 'CONFLICT'>> {
  for (let attempt = 0; attempt < DAY_ATTEMPTS; attempt += 1) {
    const version = await entriesRepo.dayVersion(memberId, entry.date);
    const checked = await checkOnServer(memberId, entry, id, now);
    if (!checked.ok) return checked;
    const applied = changes(checked.value);
    const outcome = await entriesRepo.updateIfDayUnchanged(id, memberId, status, applied, { date: entry.date, version });
    if (outcome.ok) return { ok: true, value: applied };
    // The entry itself moved on (reviewed, withdrawn): CONFLICT. The day moved on: check the rules again.
    if (outcome.code === 'CHANGED') return { ok: false, code: 'CONFLICT' };
  }
  return { ok: false, code: 'CONFLICT' };
}
