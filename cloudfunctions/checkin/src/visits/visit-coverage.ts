import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { visitsContract } from '../../../../src/shared/contract/checkin-visits';
import { behindTarget, MONTHLY_VISIT_TARGET, visitMonth } from '../../../../src/shared/domain/visits';
import { encodeCursor } from '../../../_common/cursor';
import { tallyId, visitsRepo } from '../../../_common/repositories/checkin-visits';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
import { BAD_CURSOR, pageCursor } from './visit-view';

/**
 * Visit coverage of a building's current links: one row per member and linked room, with the month's
 * confirmed visits against the target and whether the room was ever visited (confirmed). Two reads a
 * page: the open links, then their tallies by id (no scan of visits).
 */
export const visitCoverage: Handler<typeof visitsContract.visitCoverage> = async ({ buildingId, month, cursor, limit }, { now, actor }) => {
  const after = pageCursor(cursor);
  if (after === undefined) return fail('INVALID_INPUT', BAD_CURSOR);
  if (!inScope(await actor(), buildingId)) return fail('FORBIDDEN', '这栋楼不在你负责的范围');
  const period = month ?? visitMonth(now);
  const page = await visitsRepo.openLinksOfBuilding(buildingId, after, limit ?? PAGE_LIMIT_DEFAULT);
  const tallies = await visitsRepo.tallies(page.items.flatMap((l) => [tallyId(period, l.memberId, l.roomId), tallyId(null, l.memberId, l.roomId)]));
  const last = page.items[page.items.length - 1];
  return ok({
    month: period,
    target: MONTHLY_VISIT_TARGET,
    items: page.items.map((l) => {
      const confirmed = tallies.get(tallyId(period, l.memberId, l.roomId)) ?? 0;
      return {
        id: l._id,
        memberId: l.memberId,
        memberName: l.memberName,
        roomId: l.roomId,
        roomNumber: l.roomNumber,
        since: new Date(l.from).toISOString(),
        confirmed,
        behind: behindTarget(confirmed),
        neverVisited: (tallies.get(tallyId(null, l.memberId, l.roomId)) ?? 0) === 0,
      };
    }),
    nextCursor: page.more && last ? encodeCursor(new Date(last.from), last._id) : null,
  });
};
