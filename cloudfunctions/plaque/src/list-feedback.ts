import { PAGE_LIMIT_DEFAULT } from '../../../src/shared/contract/common';
import type { plaqueContract } from '../../../src/shared/contract/plaque';
import { decodeCursor, encodeCursor } from '../../_common/cursor';
import { feedbackRepo } from '../../_common/repositories/feedback';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { buildingScope } from '../../_common/scope';
import { iso, isoOrNull } from './iso';

/**
 * Feedback in the caller's buildings (a counselor's scope; every building for an admin), newest
 * first, a page at a time. The sender is never part of the reply: the repository does not even read it.
 */
export const listFeedback: Handler<typeof plaqueContract.listFeedback> = async ({ status, cursor, limit }, { actor }) => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', '分页参数无效，请刷新列表');
  const scope = buildingScope(await actor());
  const page = await feedbackRepo.list(scope.all ? null : scope.ids, status, after, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({
    items: page.items.map((f) => ({
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
    nextCursor: page.more && last ? encodeCursor(new Date(last.createdAt), last._id) : null,
  });
};
