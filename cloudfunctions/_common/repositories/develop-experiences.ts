import type { ExperienceKind } from '../../../src/shared/domain/eligibility';
import type { Auditor } from '../audit';
import { Collections } from '../collections';
import { database } from '../sdk';
import { auditIn } from './audit';
import { first, inTransaction, isTxConflict } from './base';
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
   */
  async add(doc: ExperienceDoc, by: Auditor, now: Date): Promise<RepoResult<ExperienceDoc, 'NOT_FOUND' | 'ALREADY_CORRECTED' | 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx): Promise<RepoResult<ExperienceDoc, 'NOT_FOUND' | 'ALREADY_CORRECTED'>> => {
      let before: unknown = null;
      if (doc.correctsId) {
        const ref = tx.collection(Collections.developExperiences).doc<ExperienceDoc>(doc.correctsId);
        const original = (await ref.get()).data;
        if (!original || original.memberId !== doc.memberId) return refused('NOT_FOUND');
        if (original.correctedBy) return refused('ALREADY_CORRECTED');
        await ref.update({ correctedBy: doc._id });
        before = { kind: original.kind, title: original.title, date: original.date };
      }
      const { _id, ...body } = doc;
      await tx.collection(Collections.developExperiences).doc(_id).set(body);
      await auditIn(tx, {
        ...by, action: doc.correctsId ? 'develop.correctExperience' : 'develop.recordExperience', target: { collection: Collections.developExperiences, id: _id }, buildingId: doc.buildingId,
        before, after: { memberId: doc.memberId, kind: doc.kind, title: doc.title, date: doc.date, withdrawn: doc.withdrawn, correctsId: doc.correctsId }, reason: doc.reason ?? undefined,
      }, now);
      return applied(doc);
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },
};
