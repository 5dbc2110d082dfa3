import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { inspectionsContract } from '../../../../src/shared/contract/checkin-inspections';
import { daysOpen } from '../../../../src/shared/domain/inspection';
import { decodeCursor, encodeCursor } from '../../../_common/cursor';
import { inspectionsRepo } from '../../../_common/repositories/checkin-inspections';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { BAD_CURSOR, narrowedScope } from './views';

/**
 * Flagged rooms in scope, longest open first, each with its deadline, days open and the residents
 * whose development and conversion the flag blocks (the flag on their records, for their counselor).
 */
export const flaggedRooms: Handler<typeof inspectionsContract.flaggedRooms> = async ({ buildingId, cursor, limit }, { now, actor }) => {
  const scope = narrowedScope(await actor(), buildingId);
  if (!scope) return fail('FORBIDDEN', '只能查看自己负责的楼栋');
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
  if (!scope.all && scope.ids.length === 0) return ok({ items: [], nextCursor: null });
  const page = await inspectionsRepo.flaggedPage(scope, after, limit ?? PAGE_LIMIT_DEFAULT);
  const residents = await inspectionsRepo.residentsOf(page.items.map((r) => r._id));
  const last = page.items[page.items.length - 1];
  return ok({
    items: page.items.map((r) => {
      const flaggedAt = new Date(r.flaggedAt as Date);
      const deadline = new Date(r.deadline as Date);
      return {
        id: r._id, roomLabel: r.roomLabel, buildingId: r.buildingId, floor: r.floor, flaggedAt: flaggedAt.toISOString(), deadline: deadline.toISOString(),
        daysOpen: daysOpen(flaggedAt, now), overdue: now.getTime() > deadline.getTime(), flaggedByName: r.flaggedByName ?? '',
        residents: residents.filter((m) => m.roomId === r._id).map((m) => ({ memberId: m._id, name: m.name, status: m.status })),
      };
    }),
    nextCursor: page.more && last ? encodeCursor(new Date(last.flaggedAt as Date), last._id) : null,
  });
};
