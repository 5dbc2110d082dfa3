import { randomBytes } from 'node:crypto';
import type { volunteerContract } from '../../../src/shared/contract/volunteer';
import { codeWindowOpen } from '../../../src/shared/domain/activity';
import { plaqueCodeFrom } from '../../../src/shared/domain/plaque-code';
import { ACTIVITY_CODE_TTL_MS } from '../../../src/shared/domain/volunteer';
import { activitiesRepo } from '../../_common/repositories/activities';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { inScope } from '../../_common/scope';

const closedMessages = {
  in: '签到码仅在活动开始前15分钟至活动结束期间提供',
  out: '签退码仅在活动开始后至结束后1小时内提供',
} as const;

/**
 * A fresh random code for the counselor's rotating QR, valid 30 s. Every call issues a new one (the
 * page asks every ~20 s), so a photo of the QR passed around stops working within half a minute.
 */
export const activityCode: Handler<typeof volunteerContract.activityCode> = async (input, ctx) => {
  const actor = await ctx.actor();
  const activity = await activitiesRepo.byId(input.id);
  if (!activity) return fail('NOT_FOUND');
  if (!inScope(actor, activity.buildingId)) return fail('FORBIDDEN');
  if (!codeWindowOpen({ startAt: new Date(activity.startAt), endAt: new Date(activity.endAt) }, input.phase, ctx.now)) return fail('WRONG_PHASE', closedMessages[input.phase]);

  const code = plaqueCodeFrom(randomBytes(10));
  const expiresAt = new Date(ctx.now.getTime() + ACTIVITY_CODE_TTL_MS);
  await activitiesRepo.insertCode({ _id: code, activityId: activity._id, phase: input.phase, expiresAt });
  return ok({ code, expiresAt: expiresAt.toISOString() });
};
