import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { visitsContract } from '../../../../src/shared/contract/checkin-visits';
import { CONFIRM_WINDOW_MS } from '../../../../src/shared/domain/visits';
import { visitsRepo } from '../../../_common/repositories/checkin-visits';
import { rosterRepo } from '../../../_common/repositories/roster';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { BAD_CURSOR, nextVisitCursor, pageCursor, visitView } from './visit-view';

/** Visits to the caller's roster room still open to an answer; never the caller's own visits. */
export const pendingVisits: Handler<typeof visitsContract.pendingVisits> = async ({ cursor, limit }, { now, actor }) => {
  const after = pageCursor(cursor);
  if (after === undefined) return fail('INVALID_INPUT', BAD_CURSOR);
  const { user } = await actor();
  const entry = user?.rosterId ? await rosterRepo.byId(user.rosterId) : null;
  if (!user || !entry) return ok({ items: [], nextCursor: null });
  const page = await visitsRepo.pendingForRoom(entry.roomId, new Date(now.getTime() - CONFIRM_WINDOW_MS), after, limit ?? PAGE_LIMIT_DEFAULT);
  return ok({
    items: page.items.filter((v) => v.memberId !== user.memberId).map((v) => visitView(v, now)),
    nextCursor: nextVisitCursor(page),
  });
};
