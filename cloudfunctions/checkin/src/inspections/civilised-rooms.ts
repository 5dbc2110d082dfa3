import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { inspectionsContract } from '../../../../src/shared/contract/checkin-inspections';
import { monthKeyOf } from '../../../../src/shared/domain/inspection';
import { inspectionsRepo } from '../../../_common/repositories/checkin-inspections';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { BAD_CURSOR, narrowedScope } from './views';

/** The cursor is the last room-month document's id (`roomId:YYYY-MM`). */
const CURSOR = /^[A-Za-z0-9_-]{1,64}:\d{4}-\d{2}$/;

/** The month's 文明寝室 (src/shared/domain/inspection.ts isCivilisedRoom), kept per room as inspections and corrections land. */
export const civilisedRooms: Handler<typeof inspectionsContract.civilisedRooms> = async ({ month, buildingId, cursor, limit }, { now, actor }) => {
  const scope = narrowedScope(await actor(), buildingId);
  if (!scope) return fail('FORBIDDEN', '只能查看自己负责的楼栋');
  if (cursor !== undefined && !CURSOR.test(cursor)) return fail('INVALID_INPUT', BAD_CURSOR);
  const key = month ?? monthKeyOf(now);
  if (!scope.all && scope.ids.length === 0) return ok({ month: key, items: [], nextCursor: null });
  const page = await inspectionsRepo.civilisedPage(key, scope, cursor ?? null, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({
    month: key,
    items: page.items.map((r) => ({ id: r.roomId, roomLabel: r.roomLabel, buildingId: r.buildingId, floor: r.floor, inspections: Object.keys(r.ratings).length })),
    nextCursor: page.more && last ? last._id : null,
  });
};
