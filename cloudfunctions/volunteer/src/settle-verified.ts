import { presenceSpan } from '../../../src/shared/domain/activity';
import { attendanceHours, fingerprintOf, parseEntryTime } from '../../../src/shared/domain/volunteer';
import { errorMessages, type ErrorCode } from '../../../src/shared/errors';
import type { ActivityDoc, VolunteerEntryDoc } from '../../_common/docs';
import { activitiesRepo, verifiedEntryIdOf, type EntryMemberDoc } from '../../_common/repositories/activities';
import { entriesRepo } from '../../_common/repositories/entries';
import { checkOnServer, DAY_ATTEMPTS } from './entry-rules';

export type Settled =
  | { ok: true; hours: number; notCounted: { code: ErrorCode; message: string } | null; already: boolean }
  | { ok: false; code: 'NOT_FOUND' | 'CONFLICT' };

/**
 * Verified hours follow the day rules of self-reported ones: the presence becomes an entry on the day
 * (and in the term) presence began, checked by the same rules against the member's counting entries,
 * and counted under the same day guard in one transaction. When the rules refuse it (the member
 * already logged that time: ENTRY_OVERLAP / ENTRY_DUPLICATE, or the day would pass 12 h:
 * DAILY_LIMIT), the sign-out stands, the attendance records why, nothing is counted twice, and the
 * member is told so.
 */
export async function settleVerified(
  activity: ActivityDoc,
  memberId: string,
  userId: string,
  presence: { signInAt: Date; signOutAt: Date },
  now: Date,
): Promise<Settled> {
  const window = { startAt: new Date(activity.startAt), endAt: new Date(activity.endAt) };
  const hours = attendanceHours(window, presence.signInAt, presence.signOutAt);
  const member = await activitiesRepo.memberForEntry(memberId);
  if (!member) return { ok: false, code: 'NOT_FOUND' };
  const span = presenceSpan(window, presence.signInAt, presence.signOutAt);
  const time = parseEntryTime(span, { hours });
  const entry = time.ok ? verifiedEntry(activity, member, userId, { ...span, hours, termKey: time.value.termKey }, presence.signOutAt) : null;

  for (let attempt = 0; attempt < DAY_ATTEMPTS; attempt += 1) {
    const version = await entriesRepo.dayVersion(memberId, span.date);
    const checked = entry ? await checkOnServer(memberId, entry, entry._id, now, { hours }) : time;
    const settlement = checked.ok && entry ? { entry, hours } : { refused: checked.ok ? 'INVALID_INPUT' : checked.code };
    const outcome = await activitiesRepo.settle(activity._id, memberId, { date: span.date, version }, settlement);
    if (!outcome.ok && outcome.code === 'ALREADY') {
      const settled = await activitiesRepo.attendance(activity._id, memberId);
      return { ok: true, hours: settled?.hours ?? 0, notCounted: refusal(settled?.notCounted), already: true };
    }
    if (outcome.ok) return 'entry' in settlement ? { ok: true, hours, notCounted: null, already: false } : { ok: true, hours: 0, notCounted: refusal(settlement.refused), already: false };
  }
  return { ok: false, code: 'CONFLICT' };
}

function refusal(code: string | null | undefined): { code: ErrorCode; message: string } | null {
  if (!code) return null;
  const known = (code in errorMessages ? code : 'INVALID_INPUT') as ErrorCode;
  return { code: known, message: `签退已记录，但本次时长未计入：${errorMessages[known]}` };
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
