import { PAGE_LIMIT_DEFAULT, type volunteerContract } from '../../../src/shared/contract/volunteer';
import { decodeCursor, encodeCursor } from '../../_common/cursor';
import { activitiesRepo } from '../../_common/repositories/activities';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { inScope } from '../../_common/scope';
import { activitySummaryOf } from './activity-view';
import { BAD_CURSOR } from './list-activities';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * Who signed in and out of an activity of the counselor's buildings (an admin's: any), in sign-in
 * order, a page at a time. Another building's activity is NOT_FOUND, as if it did not exist.
 */
export const activityAttendees: Handler<typeof volunteerContract.activityAttendees> = async ({ activityId, cursor, limit }, ctx) => {
  const actor = await ctx.actor();
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
  const activity = await activitiesRepo.byId(activityId);
  if (!activity || !inScope(actor, activity.buildingId)) return fail('NOT_FOUND');

  const page = await activitiesRepo.attendancePage(activityId, after, limit ?? PAGE_LIMIT_DEFAULT);
  const members = new Map((await activitiesRepo.attendeeMembers(page.items.map((a) => a.memberId))).map((m) => [m._id, m]));
  const last = page.items[page.items.length - 1];
  return ok({
    activity: activitySummaryOf(activity),
    items: page.items.map((a) => ({
      memberId: a.memberId,
      name: members.get(a.memberId)?.name ?? '（已移除的党员）',
      branchName: members.get(a.memberId)?.branchName ?? null,
      signInAt: iso(a.signInAt),
      signOutAt: iso(a.signOutAt),
      hours: a.hours,
    })),
    nextCursor: page.more && last ? encodeCursor(last.signInAt ? new Date(last.signInAt) : null, last._id) : null,
  });
};
