import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { visitsContract } from '../../../../src/shared/contract/checkin-visits';
import { behindTarget, coverageFilterProblem, MONTHLY_VISIT_TARGET, visitMonth } from '../../../../src/shared/domain/visits';
import { decodeKeyCursor, encodeKeyCursor } from '../../../_common/cursor';
import { visitsRepo } from '../../../_common/repositories/checkin-visits';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
import { BAD_CURSOR } from './visit-view';

/**
 * Visit coverage per room: the building's linked rooms with who links them and the month's confirmed
 * visits (any linked member's) against the target; all, 未达标 this month or 从未走访, longest behind
 * first. One read a page, of the room coverage projection.
 */
export const roomCoverage: Handler<typeof visitsContract.roomCoverage> = async ({ buildingId, month, filter, cursor, limit }, { now, actor }) => {
  if (!inScope(await actor(), buildingId)) return fail('FORBIDDEN', '这栋楼不在你负责的范围');
  const period = month ?? visitMonth(now);
  const problem = coverageFilterProblem(filter, period, now);
  if (problem) return fail('INVALID_INPUT', problem);
  const after = cursor === undefined ? null : decodeKeyCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
  const page = await visitsRepo.roomCoveragePage(buildingId, filter ?? null, period, after, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({
    month: period,
    target: MONTHLY_VISIT_TARGET,
    items: page.items.map((r) => {
      const confirmed = r.months[period] ?? 0;
      return { id: r._id, roomNumber: r.roomNumber, members: r.members, confirmed, behind: behindTarget(confirmed), neverVisited: !r.everVisited };
    }),
    nextCursor: page.more && last ? encodeKeyCursor(last.lastMet, last._id) : null,
  });
};
