import type { plaqueContract } from '../../../src/shared/contract/plaque';
import { feedbackRepo } from '../../_common/repositories/feedback';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { inScope } from '../../_common/scope';

/**
 * A counselor closes feedback about a member of one of their buildings, with an internal note and a
 * reply the sender reads (the member reads neither). Outside their scope the item answers NOT_FOUND,
 * as an unknown id does: a counselor cannot learn what is said in another building. Closing a closed
 * item answers CONFLICT and changes nothing, so a second closer never silently replaces the first
 * one's words. The change and its audit record commit together.
 */
export const closeFeedback: Handler<typeof plaqueContract.closeFeedback> = async ({ id, note, reply }, { caller, now, actor }) => {
  const me = await actor();
  if (!me.user) return fail('NOT_BOUND');
  const outcome = await feedbackRepo.close({
    id,
    inScope: (buildingId) => inScope(me, buildingId),
    changes: { closedAt: now, closedBy: me.user._id, note: note || null, reply: reply || null },
    audit: { actorOpenid: caller.openid, actorRole: me.role, action: 'plaque.closeFeedback' },
    now,
  });
  if (!outcome.ok) return outcome.code === 'NOT_FOUND' ? fail('NOT_FOUND', '没有找到这条监督意见') : fail('CONFLICT', '这条监督意见已经处理过了');
  return ok({ done: true as const });
};
