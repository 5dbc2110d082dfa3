import type { plaqueContract } from '../../../src/shared/contract/plaque';
import { RATE_LIMITS } from '../../../src/shared/domain/rate-limits';
import { isPublic } from '../../../src/shared/domain/public-member';
import { checkText } from '../../_common/content-check';
import { consume } from '../../_common/rate-limit';
import { feedbackRepo } from '../../_common/repositories/feedback';
import { membersRepo } from '../../_common/repositories/members';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';

/**
 * Supervision feedback (接受监督) from a bound student or member about a member on a plaque. It is
 * stored under the member's building, which is what routes it to that building's counselors; the
 * member has no action that reads it; the sender reads their own, with the counselor's reply (myFeedback). The limit is counted first, so probing member ids or the
 * content check costs attempts too.
 */
export const sendFeedback: Handler<typeof plaqueContract.sendFeedback> = async ({ memberId, text }, { caller, now, actor }) => {
  const { user } = await actor();
  if (!user) return fail('NOT_BOUND');
  const limited = await consume(RATE_LIMITS.feedback, user._id, now);
  if (!limited.ok) return limited;

  const member = await membersRepo.feedbackTarget(memberId);
  // Only members on a plaque can be addressed: a withdrawn consent also withdraws them from this.
  if (!member || !isPublic(member)) return fail('NOT_FOUND', '没有找到这位党员');
  if (member._id === user.memberId || (member.userId !== null && member.userId === user._id)) {
    return fail('FORBIDDEN', '不能给自己提交监督意见');
  }

  const checked = await checkText(text, caller.openid);
  if (!checked.ok) return checked;

  const id = await feedbackRepo.create({
    memberId: member._id,
    memberName: member.name,
    buildingId: member.buildingId,
    roomLabel: `${member.buildingName} ${member.roomNumber}`,
    senderUserId: user._id,
    text,
    status: 'open',
    createdAt: now,
    closedAt: null,
    closedBy: null,
    note: null,
    reply: null,
  });
  return ok({ id });
};
