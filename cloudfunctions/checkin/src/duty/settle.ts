import { DUTY_CATEGORY, dutyServiceSpan } from '../../../../src/shared/domain/duty';
import { fingerprintOf } from '../../../../src/shared/domain/volunteer';
import type { VolunteerEntryDoc } from '../../../_common/docs';
import { dutyRepo, type DutyRecordDoc } from '../../../_common/repositories/checkin-duty';
import { settleVerifiedPresence, type Settled } from '../../../_common/verified-settlement';

/** The verified entry of a duty record has a fixed id, so its hours are written once. */
export const dutyEntryIdOf = (recordId: string) => `d${recordId}`;

/**
 * A completed duty record's hours, through the same settlement as an organised activity's presence
 * (day rules, day guard, totals, one transaction): the shift is the window, check-in to check-out the
 * presence. The hours count toward the day the shift starts (`dutyServiceSpan`: a night shift's are
 * that evening's). `reviewedBy`: who set the shift up (or made the correction).
 */
export function settleDuty(record: DutyRecordDoc, userId: string, reviewedBy: string, now: Date): Promise<Settled> {
  const window = { startAt: new Date(record.startAt), endAt: new Date(record.endAt) };
  const presence = { signInAt: new Date(record.checkInAt ?? record.startAt), signOutAt: new Date(record.checkOutAt ?? record.endAt) };
  return settleVerifiedPresence(
    {
      memberId: record.memberId,
      window,
      presence,
      span: dutyServiceSpan(window, presence.signInAt, presence.signOutAt),
      entryOf: (member, time): VolunteerEntryDoc & { dutyRecordId: string } => {
        const { hours, termKey, ...span } = time;
        const title = `服务站值班：${record.stationName}`;
        return {
          _id: dutyEntryIdOf(record._id),
          memberId: member._id,
          userId,
          memberName: member.name,
          buildingId: member.buildingId,
          branchId: member.branchId,
          branchName: member.branchName,
          termKey,
          title,
          category: DUTY_CATEGORY,
          ...span,
          hours,
          place: record.stationName,
          description: '',
          photoFileIds: [],
          witnessName: null,
          witnessContact: null,
          fingerprint: fingerprintOf({ ...span, category: DUTY_CATEGORY, title }),
          status: 'approved',
          verified: true,
          activityId: null,
          dutyRecordId: record._id,
          approvedHours: hours,
          reviewComment: null,
          reviewedBy,
          reviewedAt: now,
          submittedAt: now,
          notifyOnReview: false,
          createdAt: now,
          updatedAt: now,
        };
      },
      settle: (day, settlement) => dutyRepo.settle(record._id, record.memberId, day, settlement, now),
      settledAs: () => dutyRepo.recordById(record._id),
    },
    now,
  );
}
