import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { visitsContract } from '../../../../src/shared/contract/checkin-visits';
import { MONTHLY_VISIT_TARGET, visitMonth } from '../../../../src/shared/domain/visits';
import { tallyId, visitsRepo } from '../../../_common/repositories/checkin-visits';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { BAD_CURSOR, nextVisitCursor, pageCursor, visitView } from './visit-view';

/** The member's linked rooms with this month's confirmed visits against the target, and their visits. */
export const myVisits: Handler<typeof visitsContract.myVisits> = async ({ cursor, limit }, { now, actor }) => {
  const after = pageCursor(cursor);
  if (after === undefined) return fail('INVALID_INPUT', BAD_CURSOR);
  const { user } = await actor();
  const member = user?.memberId ? await visitsRepo.memberForLinks(user.memberId) : null;
  if (!member) return fail('NOT_FOUND', '没有找到你的党员档案');
  const month = visitMonth(now);
  const linked = member.linkedRoomIds ?? [];
  // The rooms and tallies only on the first page: later pages are more visits.
  const rooms = after ? [] : await visitsRepo.rooms(linked);
  const tallies = after ? new Map<string, number>() : await visitsRepo.tallies(linked.map((r) => tallyId(month, member._id, r)));
  const page = await visitsRepo.ofMember(member._id, after, limit ?? PAGE_LIMIT_DEFAULT);
  return ok({
    month,
    rooms: rooms.map((r) => ({ id: r._id, number: r.number, buildingName: r.buildingName, confirmed: tallies.get(tallyId(month, member._id, r._id)) ?? 0, target: MONTHLY_VISIT_TARGET })),
    items: page.items.map((v) => visitView(v, now)),
    nextCursor: nextVisitCursor(page),
  });
};
