import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { dutyContract } from '../../../../src/shared/contract/checkin-duty';
import { weekOf } from '../../../../src/shared/domain/duty';
import { encodeCursor } from '../../../_common/cursor';
import { coverageIdOf, dutyRepo } from '../../../_common/repositories/checkin-duty';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { buildingScope } from '../../../_common/scope';
import { BAD_CURSOR, cursorOf } from './common';

/**
 * Duty coverage of one week for a page of the stations in scope: dated shifts staffed (checked in),
 * missed, late and left early. The counts are kept in the records' own transactions, so a page is
 * two reads (the stations, then their week's counts by `_id`), whatever the number of shifts.
 */
export const dutyCoverage: Handler<typeof dutyContract.dutyCoverage> = async ({ weekOf: day, cursor, limit }, ctx) => {
  const after = cursorOf(cursor);
  if (after === 'bad') return fail('INVALID_INPUT', BAD_CURSOR);
  const weekStart = weekOf(day) ?? day;
  const page = await dutyRepo.stationsPage(buildingScope(await ctx.actor()), after, limit ?? PAGE_LIMIT_DEFAULT);
  const counts = new Map((await dutyRepo.coverageByIds(page.items.map((s) => coverageIdOf(s._id, weekStart)))).map((c) => [c.stationId, c]));
  const last = page.items[page.items.length - 1];
  return ok({
    items: page.items.map((s) => {
      const c = counts.get(s._id);
      return { stationId: s._id, stationName: s.name, weekStart, staffed: c?.staffed ?? 0, missed: c?.missed ?? 0, late: c?.late ?? 0, early: c?.early ?? 0 };
    }),
    nextCursor: page.more && last ? encodeCursor(new Date(last.createdAt), last._id) : null,
  });
};
