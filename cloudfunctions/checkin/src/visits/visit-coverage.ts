import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { visitsContract } from '../../../../src/shared/contract/checkin-visits';
import { behindTarget, coverageFilterProblem, MONTHLY_VISIT_TARGET, visitMonth } from '../../../../src/shared/domain/visits';
import { decodeKeyCursor, encodeCursor, encodeKeyCursor } from '../../../_common/cursor';
import { tallyId, visitsRepo } from '../../../_common/repositories/checkin-visits';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
import { BAD_CURSOR, pageCursor } from './visit-view';

/**
 * Visit coverage of a building's current links: one row per member and linked room, with the month's
 * confirmed visits against the target and whether the room was ever visited (confirmed). Unfiltered:
 * two reads a page, the open links (newest first), then their tallies by id (no scan of visits).
 * Filtered (未达标 this month, 从未走访): one read of the coverage projection, longest behind first.
 */
export const visitCoverage: Handler<typeof visitsContract.visitCoverage> = async ({ buildingId, month, filter, cursor, limit }, { now, actor }) => {
  if (!inScope(await actor(), buildingId)) return fail('FORBIDDEN', '这栋楼不在你负责的范围');
  const period = month ?? visitMonth(now);
  const size = limit ?? PAGE_LIMIT_DEFAULT;
  if (filter) {
    const problem = coverageFilterProblem(filter, period, now);
    if (problem) return fail('INVALID_INPUT', problem);
    const after = cursor === undefined ? null : decodeKeyCursor(cursor);
    if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
    const page = await visitsRepo.linkCoveragePage(buildingId, filter, period, after, size);
    const last = page.items[page.items.length - 1];
    return ok({
      month: period,
      target: MONTHLY_VISIT_TARGET,
      items: page.items.map((c) => {
        const confirmed = c.months[period] ?? 0;
        return {
          id: c.linkId ?? c._id,
          memberId: c.memberId,
          memberName: c.memberName,
          roomId: c.roomId,
          roomNumber: c.roomNumber,
          since: new Date(c.from ?? 0).toISOString(),
          confirmed,
          behind: behindTarget(confirmed),
          neverVisited: !c.everVisited,
        };
      }),
      nextCursor: page.more && last ? encodeKeyCursor(last.lastMet, last._id) : null,
    });
  }
  const after = pageCursor(cursor);
  if (after === undefined) return fail('INVALID_INPUT', BAD_CURSOR);
  const page = await visitsRepo.openLinksOfBuilding(buildingId, after, size);
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
