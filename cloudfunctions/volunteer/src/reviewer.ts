import type { ActionContext } from '../../_common/router';
import { buildingScope } from '../../_common/scope';
import type { ReviewRequest } from '../../_common/repositories/entries';

/** Who reviews, with their scope, for the review transaction and its audit record. */
export async function reviewerOf(ctx: ActionContext): Promise<ReviewRequest['reviewer'] | null> {
  const me = await ctx.actor();
  if (!me.user) return null;
  return { userId: me.user._id, memberId: me.user.memberId, scope: buildingScope(me), actorOpenid: ctx.caller.openid, actorRole: me.role };
}
