import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { visitsContract } from '../../../../src/shared/contract/checkin-visits';
import { visitsRepo } from '../../../_common/repositories/checkin-visits';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
import { BAD_CURSOR, nextVisitCursor, pageCursor, visitView } from './visit-view';

/** A member's visits for a counselor of their building, newest first. */
export const memberVisits: Handler<typeof visitsContract.memberVisits> = async ({ memberId, cursor, limit }, { now, actor }) => {
  const after = pageCursor(cursor);
  if (after === undefined) return fail('INVALID_INPUT', BAD_CURSOR);
  const member = await visitsRepo.memberForLinks(memberId);
  if (!member) return fail('NOT_FOUND', '没有找到这位党员');
  if (!inScope(await actor(), member.buildingId)) return fail('FORBIDDEN', '这位党员不在你负责的楼栋');
  const page = await visitsRepo.ofMember(memberId, after, limit ?? PAGE_LIMIT_DEFAULT);
  return ok({ items: page.items.map((v) => visitView(v, now)), nextCursor: nextVisitCursor(page) });
};
