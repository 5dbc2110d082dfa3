import type { MemberStatus } from '../../../src/shared/model';
import type { Auditor } from '../audit';
import { Collections } from '../collections';
import type { MemberDoc, RosterDoc } from '../docs';
import { database } from '../sdk';
import { auditIn } from './audit';
import { first, inTransaction, isTxConflict } from './base';
import { roomStateIn, type RoomStateDoc } from './checkin-inspections';
import { applied, refused, type RepoResult } from './outcome';

/** One development step (发展 / 转正), appended and never overwritten (issue 11 builds the timeline on these). */
export interface DevelopmentStepDoc {
  _id: string;
  memberId: string;
  from: MemberStatus;
  to: MemberStatus;
  /** The China date of the decision, `YYYY-MM-DD`. */
  date: string;
  note: string | null;
  by: string;
  at: Date;
}

export type AdvanceMember = Pick<MemberDoc, '_id' | 'name' | 'status' | 'buildingId' | 'buildingName' | 'roomId' | 'roomNumber' | 'rosterId'>;

export type AdvanceRefusal = 'NOT_FOUND' | 'STALE' | 'CONFLICT';

export interface AdvanceRequest {
  step: DevelopmentStepDoc;
  /** The domain's veto, applied to the room state the transaction read. */
  vetoed(room: RoomStateDoc | null): boolean;
  /** When probation begins (a step to probationary): the decision's date. */
  probationStartedAt: Date | null;
  by: Auditor;
}

const FIELDS = { name: true, status: true, buildingId: true, buildingName: true, roomId: true, roomNumber: true, rosterId: true } as const;

export const developmentRepo = {
  member(id: string): Promise<AdvanceMember | null> {
    return first<AdvanceMember>(database().collection(Collections.members).doc(id).field(FIELDS).get());
  },

  /**
   * Member status, roster status, the step record and the audit in one transaction that also reads
   * the room's flag: an inspection flagging the room at the same moment conflicts with it, so a step
   * never slips past a flag. STALE: the member is no longer at `step.from` (someone advanced them).
   */
  async advance(req: AdvanceRequest, now: Date): Promise<RepoResult<null, AdvanceRefusal> | { ok: false; code: 'VETOED'; room: RoomStateDoc }> {
    const { step } = req;
    const outcome = await inTransaction(async (tx) => {
      const memberRef = tx.collection(Collections.members).doc<MemberDoc>(step.memberId);
      const member = (await memberRef.get()).data;
      if (!member) return refused('NOT_FOUND' as const);
      if (member.status !== step.from) return refused('STALE' as const);
      const room = await roomStateIn(tx, member.roomId);
      if (req.vetoed(room)) return { ok: false as const, code: 'VETOED' as const, room: room as RoomStateDoc };
      const changes: Partial<MemberDoc> = { status: step.to, ...(req.probationStartedAt ? { probationStartedAt: req.probationStartedAt } : {}) };
      await memberRef.update(changes);
      const rosterRef = tx.collection(Collections.roster).doc<RosterDoc>(member.rosterId);
      if ((await rosterRef.get()).data) await rosterRef.update({ memberStatus: step.to });
      const { _id, ...body } = step;
      await tx.collection(Collections.developmentSteps).doc(_id).set(body);
      await auditIn(tx, { ...req.by, action: 'account.advanceStatus', target: { collection: Collections.members, id: member._id }, before: { status: member.status }, after: { status: step.to, stepId: _id, date: step.date } }, now);
      return applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },
};
