import type { volunteerContract } from '../../../src/shared/contract/volunteer';
import { checkActivityWindow } from '../../../src/shared/domain/activity';
import type { ActivityDoc } from '../../_common/docs';
import { newId } from '../../_common/ids';
import { activitiesRepo } from '../../_common/repositories/activities';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { inScope } from '../../_common/scope';

const windowMessages = {
  ACTIVITY_WINDOW_INVALID: '结束时间需晚于开始时间至少半小时',
  ACTIVITY_TOO_LONG: '一次活动最长12小时',
  ACTIVITY_ENDED: '活动结束时间已过',
} as const;

/** A counselor organises an activity in a building of their scope; audited. */
export const createActivity: Handler<typeof volunteerContract.createActivity> = async (input, ctx) => {
  const actor = await ctx.actor();
  if (!inScope(actor, input.buildingId)) return fail('FORBIDDEN');
  const window = { startAt: new Date(input.startAt), endAt: new Date(input.endAt) };
  const problem = checkActivityWindow(window, ctx.now);
  if (problem) return fail('INVALID_INPUT', windowMessages[problem]);

  const activity: ActivityDoc = {
    _id: newId(),
    title: input.title,
    category: input.category,
    place: input.place,
    buildingId: input.buildingId,
    ...window,
    createdBy: actor.user?._id ?? actor.openid,
    createdAt: ctx.now,
  };
  if (!(await activitiesRepo.insert(activity, { actorOpenid: actor.openid, actorRole: actor.role })).ok) return fail('CONFLICT');
  return ok({ id: activity._id });
};
