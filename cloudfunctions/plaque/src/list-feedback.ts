import type { plaqueContract } from '../../../src/shared/contract/plaque';
import { feedbackRepo } from '../../_common/repositories/feedback';
import { ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { buildingScope } from '../../_common/scope';
import { iso, isoOrNull } from './iso';

/**
 * Feedback in the caller's buildings (a counselor's scope; every building for an admin), newest
 * first, the newest 100. The sender is never part of the reply: the repository does not even read it.
 */
export const listFeedback: Handler<typeof plaqueContract.listFeedback> = async ({ status }, { actor }) => {
  const scope = buildingScope(await actor());
  const items = await feedbackRepo.list(scope.all ? null : scope.ids, status);
  return ok({
    items: items.map((f) => ({
      id: f._id,
      memberId: f.memberId,
      memberName: f.memberName,
      roomLabel: f.roomLabel,
      text: f.text,
      status: f.status,
      createdAt: iso(f.createdAt),
      closedAt: isoOrNull(f.closedAt),
      note: f.note ?? null,
      reply: f.reply ?? null,
    })),
  });
};
