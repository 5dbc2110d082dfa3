import { fingerprintOf } from '../../../src/shared/domain/volunteer';
import type { ActivityDoc, VolunteerEntryDoc } from '../../_common/docs';
import { activitiesRepo, verifiedEntryIdOf, type EntryMemberDoc } from '../../_common/repositories/activities';
import { settleVerifiedPresence, type Settled } from '../../_common/verified-settlement';

export type { Settled };

/**
 * An activity's presence settles as verified hours under the same day rules and day guard as a
 * self-reported entry (settleVerifiedPresence, shared with duty shifts): the attendance records the
 * hours or why they did not count.
 */
export function settleVerified(
  activity: ActivityDoc,
  memberId: string,
  userId: string,
  presence: { signInAt: Date; signOutAt: Date },
  now: Date,
): Promise<Settled> {
  return settleVerifiedPresence(
    {
      memberId,
      window: { startAt: new Date(activity.startAt), endAt: new Date(activity.endAt) },
      presence,
      entryOf: (member, time) => verifiedEntry(activity, member, userId, time, presence.signOutAt),
      settle: (day, settlement) => activitiesRepo.settle(activity._id, memberId, day, settlement, now),
      settledAs: () => activitiesRepo.attendance(activity._id, memberId),
    },
    now,
  );
}

/** An approved, verified entry: reviewed by the activity's organiser, timed by the member's presence. */
function verifiedEntry(
  activity: ActivityDoc,
  member: EntryMemberDoc,
  userId: string,
  time: { date: string; start: string; end: string; hours: number; termKey: string },
  signOutAt: Date,
): VolunteerEntryDoc & { activityId: string } {
  const { hours, termKey, ...span } = time;
  return {
    _id: verifiedEntryIdOf(activity._id, member._id),
    memberId: member._id,
    userId,
    memberName: member.name,
    buildingId: member.buildingId,
    branchId: member.branchId,
    branchName: member.branchName,
    termKey,
    title: activity.title,
    category: activity.category,
    ...span,
    hours,
    place: activity.place,
    description: '',
    photoFileIds: [],
    witnessName: null,
    witnessContact: null,
    fingerprint: fingerprintOf({ ...span, category: activity.category, title: activity.title }),
    status: 'approved',
    verified: true,
    activityId: activity._id,
    approvedHours: hours,
    reviewComment: null,
    reviewedBy: activity.createdBy,
    reviewedAt: signOutAt,
    submittedAt: signOutAt,
    notifyOnReview: false,
    createdAt: signOutAt,
    updatedAt: signOutAt,
  };
}
