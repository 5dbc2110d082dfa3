import type { volunteerContract } from '../../../src/shared/contract/volunteer';
import { attendanceHours } from '../../../src/shared/domain/volunteer';
import { activitiesRepo } from '../../_common/repositories/activities';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { settleVerified, type Settled } from './settle-verified';

/**
 * A won sign-out whose settlement never committed (the function died after its claim) is settled by
 * the member's next scan, once the claim is older than any function can run (config.json: 20 s), so
 * a scan racing the winner never settles in its place.
 */
export const SETTLE_OWED_AFTER_MS = 30_000;

const replayed = () => fail('CODE_REPLAYED', '你已签退过本次活动');

/**
 * A member scans the counselor's rotating QR. Who scans is the caller's own member profile, never
 * the input. Sign-in and sign-out are each claimed by one conditional write, so a replayed code,
 * a second sign-in or ten sign-outs at once count the member once. The hours then pass the same day
 * rules as a self-reported entry, under the same day guard (see settleVerified).
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
  const replyOf = (settled: Settled) =>
    settled.ok ? ok({ activityTitle, phase: 'out' as const, hours: settled.hours, ...(settled.notCounted ? { notCounted: settled.notCounted } : {}) }) : fail(settled.code);

  if (code.phase === 'in') {
    if (!(await activitiesRepo.signIn(activity._id, memberId, input.code, ctx.now)).ok) return fail('CODE_REPLAYED', '你已签到过本次活动');
    return ok({ activityTitle, phase: 'in' as const, hours: null });
  }

  // signInAt never changes once set, so reading it first is safe; the claim below decides.
  const attendance = await activitiesRepo.attendance(activity._id, memberId);
  if (!attendance?.signInAt) return fail('WRONG_PHASE');
  const window = { startAt: new Date(activity.startAt), endAt: new Date(activity.endAt) };
  const signInAt = new Date(attendance.signInAt);
  const userId = actor.user?._id ?? '';
  if (attendance.signOutAt) {
    const signOutAt = new Date(attendance.signOutAt);
    const owed = attendance.hours === null && attendance.entryId === null && ctx.now.getTime() - signOutAt.getTime() > SETTLE_OWED_AFTER_MS;
    if (owed && attendanceHours(window, signInAt, signOutAt) > 0) {
      const settled = await settleVerified(activity, memberId, userId, { signInAt, signOutAt }, ctx.now);
      if (!(settled.ok && settled.already)) return replyOf(settled);
    }
    return replayed();
  }
  const hours = attendanceHours(window, signInAt, ctx.now);
  if (hours === 0) {
    if (!(await activitiesRepo.claimSignOut(activity._id, memberId, input.code, ctx.now, 0)).ok) return replayed();
    return ok({ activityTitle, phase: 'out' as const, hours: 0 });
  }
  if (!(await activitiesRepo.claimSignOut(activity._id, memberId, input.code, ctx.now)).ok) return replayed();
  const settled = await settleVerified(activity, memberId, userId, { signInAt, signOutAt: ctx.now }, ctx.now);
  // Lost to contention: nothing was counted, so the claim is given back and scanning again works.
  if (!settled.ok && settled.code === 'CONFLICT') await activitiesRepo.releaseSignOut(activity._id, memberId, input.code);
  return replyOf(settled);
};
