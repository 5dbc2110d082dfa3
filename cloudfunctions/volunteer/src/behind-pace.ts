import { PAGE_LIMIT_DEFAULT, type volunteerContract } from '../../../src/shared/contract/volunteer';
import { decodeCursor, encodeCursor } from '../../_common/cursor';
import { memberHoursRepo } from '../../_common/repositories/member-hours';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { buildingScope } from '../../_common/scope';
import { BAD_CURSOR } from './list-activities';
import { probationOf } from './totals';

/** Probationary members are read this many at a time, at most MAX_READS times a call. */
const READ_PAGE = 100;
const MAX_READS = 5;

/**
 * Probationary members in scope behind the 50-hour pace (src/shared/domain/volunteer.ts
 * hoursProgress), earliest conversion date first. The rule compares hours with elapsed time, which
 * no index holds, so each call walks the probationary members in due-date order (an index) for at
 * most MAX_READS reads and hands back a cursor at the last member it looked at.
 */
export const behindPace: Handler<typeof volunteerContract.behindPace> = async ({ cursor, limit }, ctx) => {
  const scope = buildingScope(await ctx.actor());
  let after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
  const size = limit ?? PAGE_LIMIT_DEFAULT;
  const items = [];
  for (let reads = 0; reads < MAX_READS; reads += 1) {
    const page = await memberHoursRepo.probationaryPage(scope, after, READ_PAGE);
    for (const m of page.items) {
      after = { at: new Date(m.probationStartedAt!), id: m._id };
      const progress = probationOf(m, ctx.now);
      if (!progress?.behindPace) continue;
      items.push({ memberId: m._id, name: m.name, total: progress.total, expectedByNow: progress.expectedByNow, dueAt: progress.dueAt.toISOString(), overdueDays: progress.overdueDays });
      if (items.length === size) {
        const rest = page.items.indexOf(m) < page.items.length - 1 || page.more;
        return ok({ items, nextCursor: rest ? encodeCursor(after.at, after.id) : null });
      }
    }
    if (!page.more) return ok({ items, nextCursor: null });
  }
  return ok({ items, nextCursor: after ? encodeCursor(after.at, after.id) : null });
};
