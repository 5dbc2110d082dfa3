import { Collections } from '../collections';
import { isDuplicateKey } from '../db-errors';
import type { Settlement } from '../verified-settlement';
import { creditHoursIn, milestoneBadges } from './badge-auto';
import { inTransaction, isTxConflict } from './base';
import { dayGuardIn } from './entries';
import { applied, refused, type DayRefusal, type RepoResult } from './outcome';

/** A source of verified hours (an activity's attendance, a duty record): it keeps the hours it settled into, once. */
interface VerifiedSource {
  hours: number | null;
  entryId: string | null;
}

/**
 * Settles a verified presence in one transaction under the member's day guard (the one submits use):
 * the verified entry, the member's totals (and any milestone they cross), the source's hours and the
 * guard's bump; or, when the day rules refused the hours, the refusal on the source (the presence is
 * kept, nothing counts). DAY_CHANGED (or CONFLICT): the day changed since the rules were checked, check
 * again. ALREADY: the source was settled meanwhile (a retry, a racing call): hours count once.
 */
export async function settleVerified(
  source: { collection: string; id: string },
  memberId: string,
  day: { date: string; version: number },
  settlement: Settlement,
  now: Date,
): Promise<RepoResult<null, DayRefusal | 'ALREADY'>> {
  // Milestone badges are awarded in the settlement's transaction when its hours cross one.
  const milestones = 'entry' in settlement ? await milestoneBadges() : [];
  try {
    const outcome = await inTransaction(async (tx): Promise<RepoResult<null, DayRefusal | 'ALREADY'>> => {
      const ref = tx.collection(source.collection).doc<VerifiedSource>(source.id);
      const current = (await ref.get()).data;
      if (!current || current.hours !== null || current.entryId !== null) return refused('ALREADY');
      const guard = dayGuardIn(tx, memberId, day.date);
      if (((await guard.get()).data?.version ?? 0) !== day.version) return refused('DAY_CHANGED');
      if ('refused' in settlement) {
        await ref.update({ hours: 0, notCounted: settlement.refused });
        return applied();
      }
      const { entry, hours } = settlement;
      await tx.collection(Collections.volunteerEntries).add(entry);
      await creditHoursIn(tx, memberId, { termKey: entry.termKey, kind: 'verified', hours, date: entry.date, entryId: entry._id }, milestones, now);
      await ref.update({ hours, entryId: entry._id, notCounted: null });
      await guard.set({ version: day.version + 1 });
      return applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  } catch (err) {
    // The entry's id is fixed by the source: a duplicate means it was settled already.
    if (isDuplicateKey(err)) return refused('ALREADY');
    throw err;
  }
}
