import type { ApplicationStatus } from '../../../src/shared/domain/badge-rules';
import type { Auditor } from '../audit';
import { Collections } from '../collections';
import type { PageCursor } from '../cursor';
import type { AwardDoc } from '../docs';
import { database } from '../sdk';
import { auditIn } from './audit';
import { awardIn } from './badges';
import { first, inTransaction, isTxConflict } from './base';
import type { BuildingScope } from './checkin-inspections';
import { applied, refused, type RepoResult } from './outcome';

/**
 * 党员示范寝室 applications (`badge_applications`, badge/applications section of issue 11). The id is
 * the room and term (`modelRoomApplicationId`), so a room has one application a term: a second
 * submission finds it (ALREADY_APPLIED) unless it was declined, when the same document is submitted
 * again and the decline moves to its `declines` history. Approval gives the room the badge through
 * `awardIn` in the decision's transaction; every change is audited in its own transaction.
 */
export interface ApplicationDoc {
  _id: string;
  roomId: string;
  roomLabel: string;
  buildingId: string;
  termKey: string;
  applicantMemberId: string;
  applicantUserId: string;
  applicantName: string;
  statement: string;
  /** In the applicant's own `user/<openid>/evidence/` folder; shown through URLs minted after a scope check. */
  photoFileIds: string[];
  status: ApplicationStatus;
  submittedAt: Date;
  decision: { at: Date; by: string; reason: string } | null;
  declines: Array<{ at: Date; by: string; reason: string }>;
}

export type Submission = Pick<ApplicationDoc, '_id' | 'roomId' | 'roomLabel' | 'buildingId' | 'termKey' | 'applicantMemberId' | 'applicantUserId' | 'applicantName' | 'statement' | 'photoFileIds'>;

const coll = () => database().collection(Collections.badgeApplications);

export const applicationsRepo = {
  async byId(id: string): Promise<ApplicationDoc | null> {
    return first<ApplicationDoc>(coll().doc(id).get());
  },

  /** Submits (or submits again after a decline), audited; an open or approved one answers EXISTS with its status. */
  async submit(s: Submission, by: Auditor, now: Date): Promise<RepoResult<null, 'EXISTS' | 'CONFLICT'> & { status?: ApplicationStatus }> {
    const outcome = await inTransaction(async (tx) => {
      const ref = tx.collection(Collections.badgeApplications).doc<ApplicationDoc>(s._id);
      const before = (await ref.get()).data;
      if (before && before.status !== 'declined') return { ...refused('EXISTS' as const), status: before.status };
      const declines = before ? [...(before.declines ?? []), ...(before.decision ? [before.decision] : [])] : [];
      const { _id, ...body } = s;
      await ref.set({ ...body, status: 'pending', submittedAt: now, decision: null, declines });
      await auditIn(tx, { ...by, action: 'badge.application.submit', target: { collection: Collections.badgeApplications, id: _id }, buildingId: s.buildingId, before: before ? { status: before.status } : null, after: { status: 'pending', roomId: s.roomId, termKey: s.termKey } }, now);
      return applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /**
   * Approves (with the room's award, built by `awardOf` from the application) or declines, audited.
   * Deciding again the way it was decided is the same success; the other way is WRONG_STATE.
   */
  async decide(
    id: string,
    decision: { approve: boolean; reason: string; by: string },
    awardOf: (a: ApplicationDoc) => AwardDoc,
    auditor: Auditor,
    now: Date,
  ): Promise<RepoResult<null, 'NOT_FOUND' | 'WRONG_STATE' | 'ROOM_MISSING' | 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx) => {
      const ref = tx.collection(Collections.badgeApplications).doc<ApplicationDoc>(id);
      const app = (await ref.get()).data;
      if (!app) return refused('NOT_FOUND' as const);
      const to: ApplicationStatus = decision.approve ? 'approved' : 'declined';
      if (app.status === to) return applied();
      if (app.status !== 'pending') return refused('WRONG_STATE' as const);
      if (decision.approve) {
        const awarded = await awardIn(tx, awardOf({ ...app, _id: id }), auditor, now);
        if (awarded === 'holder-missing') return refused('ROOM_MISSING' as const);
      }
      const made = { at: now, by: decision.by, reason: decision.reason };
      await ref.update({ status: to, decision: database().command.set(made) });
      await auditIn(tx, { ...auditor, action: decision.approve ? 'badge.application.approve' : 'badge.application.decline', target: { collection: Collections.badgeApplications, id }, buildingId: app.buildingId, before: { status: 'pending' }, after: { status: to }, reason: decision.reason || undefined }, now);
      return applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /** Pending applications in scope, oldest first (indexes by_building_status_submitted, by_status_submitted). */
  async pendingPage(scope: BuildingScope, after: PageCursor | null, limit: number): Promise<{ items: ApplicationDoc[]; more: boolean }> {
    const _ = database().command;
    const conditions: object[] = [{ status: 'pending' }];
    if (!scope.all) conditions.push({ buildingId: scope.ids.length === 1 ? scope.ids[0] : _.in(scope.ids) });
    if (after) conditions.push(_.or([{ submittedAt: _.gt(after.at) }, { submittedAt: after.at, _id: _.gt(after.id) }]));
    const { data } = await coll()
      .where(conditions.length === 1 ? conditions[0] : _.and(conditions))
      .orderBy('submittedAt', 'asc')
      .orderBy('_id', 'asc')
      .limit(limit + 1)
      .get();
    const docs = data as ApplicationDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },
};
