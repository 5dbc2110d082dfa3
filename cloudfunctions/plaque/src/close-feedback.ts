import type { plaqueContract } from '../../../src/shared/contract/plaque';
import { audit } from '../../_common/audit';
import { Collections } from '../../_common/collections';
import { feedbackRepo } from '../../_common/repositories/feedback';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { inScope } from '../../_common/scope';

/**
 * A counselor closes feedback about a member of one of their buildings. Outside their scope the
 * item answers NOT_FOUND, as an unknown id does: a counselor cannot learn what is said in another
 * building. Closing a closed item answers CONFLICT and changes nothing, so a second closer's note
 * never silently replaces the first one's.
 */
export const closeFeedback: Handler<typeof plaqueContract.closeFeedback> = async ({ id, note }, { caller, now, actor }) => {
  const me = await actor();
  if (!me.user) return fail('NOT_BOUND');
  const item = await feedbackRepo.byId(id);
  if (!item || !inScope(me, item.buildingId)) return fail('NOT_FOUND', '没有找到这条监督意见');
  if (item.status !== 'open') return fail('CONFLICT', '这条监督意见已经处理过了');

  const changes = { closedAt: now, closedBy: me.user._id, note: note || null };
  // Conditional on still being open: of two counselors closing at once, one wins, one gets CONFLICT.
  if (!(await feedbackRepo.close(id, changes))) return fail('CONFLICT', '这条监督意见已经处理过了');
  await audit(
    {
      actorOpenid: caller.openid,
      actorRole: me.role,
      action: 'plaque.closeFeedback',
      target: { collection: Collections.feedback, id },
      before: { status: item.status, closedAt: item.closedAt, closedBy: item.closedBy, note: item.note },
      after: { status: 'closed', ...changes },
    },
    now,
  );
  return ok({ done: true as const });
};
