import type { volunteerContract } from '../../../src/shared/contract/volunteer';
import { presenceSpan } from '../../../src/shared/domain/activity';
import { termOf } from '../../../src/shared/domain/term';
import { attendanceHours, fingerprintOf } from '../../../src/shared/domain/volunteer';
import type { ActivityDoc, VolunteerEntryDoc } from '../../_common/docs';
import { activitiesRepo, verifiedEntryIdOf, type EntryMemberDoc } from '../../_common/repositories/activities';
import { isDuplicateKey } from '../../_common/db-errors';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';

/**
 * A member scans the counselor's rotating QR. Who scans is the caller's own member profile, never
 * the input. Sign-in and sign-out are each claimed by one conditional write, so a replayed code,
 * a second sign-in or ten sign-outs at once count the member once.
 */
export const scanActivity: Handler<typeof volunteerContract.scanActivity> = async (input, ctx) => {
  const actor = await ctx.actor();
  const memberId = actor.user?.memberId;
  if (!memberId) return fail('FORBIDDEN');
  const code = await activitiesRepo.codeById(input.code);
  if (!code) return fail('NOT_FOUND');
  if (new Date(code.expiresAt).getTime() <= ctx.now.getTime()) return fail('CODE_EXPIRED');
  const activity = await activitiesRepo.byId(code.activityId);
  if (!activity) return fail('NOT_FOUND');
  const activityTitle = activity.title;

  if (code.phase === 'in') {
    if (!(await activitiesRepo.signIn(activity._id, memberId, input.code, ctx.now))) return fail('CODE_REPLAYED', '你已签到过本次活动');
    return ok({ activityTitle, phase: 'in' as const, hours: null });
  }

  // signInAt never changes once set, so reading it first is safe; the claim below decides.
  const attendance = await activitiesRepo.attendance(activity._id, memberId);
  if (!attendance?.signInAt) return fail('WRONG_PHASE');
  const window = { startAt: new Date(activity.startAt), endAt: new Date(activity.endAt) };
  const signInAt = new Date(attendance.signInAt);
  if (attendance.signOutAt) {
    // A won sign-out whose settlement never committed (the function died in between) is owed its
    // hours: settle it now. The entry's fixed id makes a second settlement fail, never double-count.
    if (attendance.hours === null && attendance.entryId === null) {
      const signOutAt = new Date(attendance.signOutAt);
      const owed = attendanceHours(window, signInAt, signOutAt);
      const member = owed > 0 ? await activitiesRepo.memberForEntry(memberId) : null;
      if (member) {
        try {
          await activitiesRepo.settleVerified(verifiedEntry(activity, member, actor.user?._id ?? '', { signInAt, signOutAt, hours: owed }, window), owed);
          return ok({ activityTitle, phase: 'out' as const, hours: owed });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
    }
    return fail('CODE_REPLAYED', '你已签退过本次活动');
  }
  const hours = attendanceHours(window, signInAt, ctx.now);
  if (hours === 0) {
    if (!(await activitiesRepo.claimSignOut(activity._id, memberId, input.code, ctx.now, 0))) return fail('CODE_REPLAYED', '你已签退过本次活动');
    return ok({ activityTitle, phase: 'out' as const, hours: 0 });
  }

  const member = await activitiesRepo.memberForEntry(memberId);
  if (!member) return fail('NOT_FOUND');
  if (!(await activitiesRepo.claimSignOut(activity._id, memberId, input.code, ctx.now))) return fail('CODE_REPLAYED', '你已签退过本次活动');
  const entry = verifiedEntry(activity, member, actor.user?._id ?? '', { signInAt, signOutAt: ctx.now, hours }, window);
  await activitiesRepo.settleVerified(entry, hours);
  return ok({ activityTitle, phase: 'out' as const, hours });
};

/** An approved, verified entry: reviewed by the activity's organiser, timed by the member's presence. */
function verifiedEntry(
  activity: ActivityDoc,
  member: EntryMemberDoc,
  userId: string,
  presence: { signInAt: Date; signOutAt: Date; hours: number },
  window: { startAt: Date; endAt: Date },
): VolunteerEntryDoc & { activityId: string } {
  const span = presenceSpan(window, presence.signInAt, presence.signOutAt);
  const now = presence.signOutAt;
  return {
    _id: verifiedEntryIdOf(activity._id, member._id),
    memberId: member._id,
    userId,
    memberName: member.name,
    buildingId: member.buildingId,
    branchId: member.branchId,
    branchName: member.branchName,
    termKey: termOf(now).key,
    title: activity.title,
    category: activity.category,
    ...span,
    hours: presence.hours,
    place: activity.place,
    description: '',
    photoFileIds: [],
    witnessName: null,
    witnessContact: null,
    fingerprint: fingerprintOf({ ...span, category: activity.category, title: activity.title }),
    status: 'approved',
    verified: true,
    activityId: activity._id,
    approvedHours: presence.hours,
    reviewComment: null,
    reviewedBy: activity.createdBy,
    reviewedAt: now,
    submittedAt: now,
    notifyOnReview: false,
    createdAt: now,
    updatedAt: now,
  };
}
