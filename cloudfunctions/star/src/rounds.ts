import { PAGE_LIMIT_DEFAULT } from '../../../src/shared/contract/common';
import type { starContract } from '../../../src/shared/contract/star';
import { decodeCursor, encodeCursor } from '../../_common/cursor';
import { starsRepo } from '../../_common/repositories/stars';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { homeBuilding } from './access';
import { roundSummary } from './views';

/** Rounds the caller can see, newest first: their home building's (voters), their scope's (counselors), all (admins). */
export const rounds: Handler<typeof starContract.rounds> = async ({ cursor, limit }, ctx) => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', '分页参数无效，请刷新列表');
  const me = await ctx.actor();
  let buildings: string[] | 'all';
  if (me.role === 'admin') buildings = 'all';
  else if (me.role === 'counselor') buildings = me.user?.buildingIds ?? [];
  else {
    const home = await homeBuilding(me);
    buildings = home ? [home] : [];
  }
  const page = await starsRepo.roundsPage(buildings, after, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({
    items: page.items.map((r) => roundSummary(r, ctx.now)),
    nextCursor: page.more && last ? encodeCursor(new Date(last.createdAt), last._id) : null,
  });
};
