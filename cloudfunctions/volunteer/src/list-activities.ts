import { PAGE_LIMIT_DEFAULT, type volunteerContract } from '../../../src/shared/contract/volunteer';
import { decodeCursor, encodeCursor } from '../../_common/cursor';
import { activitiesRepo } from '../../_common/repositories/activities';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { buildingScope } from '../../_common/scope';
import { activitySummaryOf } from './activity-view';

const BAD_CURSOR = '分页参数无效，请刷新列表';

/** The activities of the counselor's buildings (an admin's: all), latest start first, a page at a time. */
export const listActivities: Handler<typeof volunteerContract.listActivities> = async ({ cursor, limit }, ctx) => {
  const scope = buildingScope(await ctx.actor());
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
  const page = await activitiesRepo.page(scope, after, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({
    items: page.items.map(activitySummaryOf),
    nextCursor: page.more && last ? encodeCursor(new Date(last.startAt), last._id) : null,
  });
};

export { BAD_CURSOR };
