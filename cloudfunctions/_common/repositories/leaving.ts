import type { Auditor } from '../audit';
import { Collections } from '../collections';
import type { MemberDoc, RosterDoc } from '../docs';
import { auditIn } from './audit';
import type { Tx } from './base';

/**
 * People who left the school (graduated, transferred, dropped from a full roster import, or marked by
 * an admin). PIPL art. 19 and 47: a left person disappears from every public view at once, and their
 * personal data is deleted or anonymised after the school's retention period (the retention timer).
 *
 * `leftAt` on the roster entry (and on the member profile, when there is one) is the one fact every
 * public read and the retention timer key on. Marking is idempotent: an entry already marked keeps its
 * first `leftAt` and writes nothing.
 */
export interface LeaveTarget {
  rosterId: string;
  /** The member profile made from this roster entry, if any (found before the transaction). */
  memberId: string | null;
}

export type LeaveReason = 'roster' | 'admin';

export const leavingRepo = {
  /** Marks one person left inside the caller's transaction, audited there; answers false when already marked. */
  async markLeftIn(tx: Tx, target: LeaveTarget, at: Date, by: Auditor, reason: LeaveReason): Promise<boolean> {
    const roster = (await tx.collection(Collections.roster).doc<RosterDoc>(target.rosterId).get()).data;
    if (!roster || roster.leftAt) return false;
    await tx.collection(Collections.roster).doc(target.rosterId).update({ leftAt: at, leftReason: reason });
    if (target.memberId) {
      const member = (await tx.collection(Collections.members).doc<MemberDoc>(target.memberId).get()).data;
      if (member) {
        // Public display keys on consent.public: withdrawing it removes them from the plaque, the wall and
        // every candidate list at once. Their own consent can no longer be given while they are left.
        await tx.collection(Collections.members).doc(target.memberId).update({ leftAt: at, consent: { public: false, changedAt: at } });
      }
    }
    await auditIn(
      tx,
      { ...by, action: 'roster.markLeft', target: { collection: Collections.roster, id: target.rosterId }, before: { leftAt: null }, after: { leftAt: at, reason } },
      at,
    );
    return true;
  },
};
