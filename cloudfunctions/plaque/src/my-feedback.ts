import type { plaqueContract } from '../../../src/shared/contract/plaque';
import { feedbackRepo } from '../../_common/repositories/feedback';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { iso, isoOrNull } from './iso';

/**
 * The sender's own feedback with its status and the counselor's reply: only items this user sent
 * (never feedback about them, never the counselor's internal note), newest first, cursor-paged.
 */
export const myFeedback: Handler<typeof plaqueContract.myFeedback> = async ({ cursor, limit }, { actor }) => {
  const { user } = await actor();
  if (!user) return fail('NOT_BOUND');
  const page = await feedbackRepo.bySender(user._id, cursor, limit);
  return ok({
    items: page.items.map((f) => ({
      id: f._id,
      memberName: f.memberName,
      text: f.text,
      status: f.status,
      createdAt: iso(f.createdAt),
      closedAt: isoOrNull(f.closedAt),
      reply: f.reply ?? null,
    })),
    nextCursor: page.nextCursor,
  });
};
