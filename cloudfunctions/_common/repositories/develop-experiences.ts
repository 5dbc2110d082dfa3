import type { ExperienceKind } from '../../../src/shared/domain/eligibility';
import type { Auditor } from '../audit';
import { Collections } from '../collections';
import { database } from '../sdk';
import { auditIn } from './audit';
import { first, inTransaction, isTxConflict } from './base';
import { counterIds, countIn, takePlaceIn } from './counters';
import { markPointsDirtyIn } from './develop-points-dirty';
import { applied, refused, type RepoResult } from './outcome';

/**
 * One experience a counselor records as evidence for the checklist (seed 004: 志愿者, 社会实践,
 * 帮助困难同学). Never changed except `correctedBy`: a correction is a new record (`correctsId`, with
 * a reason; `withdrawn` when the original should not count at all) and marks the original in the same
 * transaction, so each record is corrected at most once and the chain's last record is the one that counts.
 */
export interface ExperienceDoc {
  _id: string;
  memberId: string;
  buildingId: string;
  kind: ExperienceKind;
  title: string;
  /** China date of the experience (`YYYY-MM-DD`). */
  date: string;
  description: string;
  recordedBy: string;
  recordedByName: string;
  recordedAt: Date;
  correctsId: string | null;
  withdrawn: boolean;
  reason: string | null;
  correctedBy: string | null;
}

/** A member holds at most this many experience records (the record action refuses more): read whole in one read. */
export const EXPERIENCES_MAX = 200;

const coll = () => database().collection(Collections.developExperiences);

/** The records that count: neither corrected nor withdrawn. */
export const effectiveExperiences = (records: readonly ExperienceDoc[]) => records.filter((r) => !r.correctedBy && !r.withdrawn);

export const experiencesRepo = {
  /** Every record of a member, newest first (index by_member_recorded; at most EXPERIENCES_MAX). */
  async ofMember(memberId: string): Promise<ExperienceDoc[]> {
    const { data } = await coll().where({ memberId }).orderBy('recordedAt', 'desc').orderBy('_id', 'desc').limit(EXPERIENCES_MAX).get();
    return data as ExperienceDoc[];
  },

  byId(id: string): Promise<ExperienceDoc | null> {
    return first<ExperienceDoc>(coll().doc(id).get());
  },

  /**
   * Adds a record (a new experience or a correction of `correctsId`) with its audit in one
   * transaction. A correction of a record already corrected is ALREADY_CORRECTED; of a missing one, NOT_FOUND.
   * A new record takes a place under EXPERIENCES_MAX in the member's counter (FULL when none is left;
   * `counted`: the member's records read before, where the counter is not kept yet).
   */
  async add(doc: ExperienceDoc, by: Auditor, now: Date, counted: number | null = null): Promise<RepoResult<ExperienceDoc, 'NOT_FOUND' | 'ALREADY_CORRECTED' | 'FULL' | 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx): Promise<RepoResult<ExperienceDoc, 'NOT_FOUND' | 'ALREADY_CORRECTED' | 'FULL'>> => {
      let before: unknown = null;
      // The member's record count is kept in this transaction: racing new records never pass EXPERIENCES_MAX.
      const counter = counterIds.experiences(doc.memberId);
      if (!doc.correctsId && !(await takePlaceIn(tx, counter, EXPERIENCES_MAX, counted ?? 0))) return refused('FULL');
      if (doc.correctsId) {
        await countIn(tx, counter);
        const ref = tx.collection(Collections.developExperiences).doc<ExperienceDoc>(doc.correctsId);
        const original = (await ref.get()).data;
        if (!original || original.memberId !== doc.memberId) return refused('NOT_FOUND');
        if (original.correctedBy) return refused('ALREADY_CORRECTED');
        await ref.update({ correctedBy: doc._id });
        before = { kind: original.kind, title: original.title, date: original.date };
      }
      const { _id, ...body } = doc;
      await tx.collection(Collections.developExperiences).doc(_id).set(body);
      // Experiences are checklist items: the dirty sweep recomputes the member's blockers.
      await markPointsDirtyIn(tx, { kind: 'member', id: doc.memberId }, now);
      await auditIn(tx, {
        ...by, action: doc.correctsId ? 'develop.correctExperience' : 'develop.recordExperience', target: { collection: Collections.developExperiences, id: _id }, buildingId: doc.buildingId,
        before, after: { memberId: doc.memberId, kind: doc.kind, title: doc.title, date: doc.date, withdrawn: doc.withdrawn, correctsId: doc.correctsId }, reason: doc.reason ?? undefined,
      }, now);
      return applied(doc);
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },
};
