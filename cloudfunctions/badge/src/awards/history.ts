import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { badgeAwardsContract } from '../../../../src/shared/contract/badge-awards';
import { decodeCursor, encodeCursor } from '../../../_common/cursor';
import type { AwardDoc } from '../../../_common/docs';
import { badgesRepo } from '../../../_common/repositories/badges';
import { membersRepo } from '../../../_common/repositories/members';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
import { holderOf } from './give';
import { awardView, BAD_CURSOR } from './views';

/** Award history, newest first, revoked and expired ones included: a holder's, or a building's recent ones. */

function page(items: AwardDoc[], more: boolean, now: Date) {
  const last = items[items.length - 1];
  return { items: items.map((a) => awardView(a, now)), nextCursor: more && last ? encodeCursor(new Date(last.awardedAt), last._id) : null };
}

export const holderAwards: Handler<typeof badgeAwardsContract.holderAwards> = async ({ memberId, roomId, cursor, limit }, { now, actor }) => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
  if (memberId !== undefined && roomId !== undefined) return fail('INVALID_INPUT', '请只选择一位党员或一个寝室');
  const me = await actor();
  let holderId: string;
  if (me.role === 'member') {
    // A member reads their own awards and their own room's.
    const own = me.user?.memberId ? await membersRepo.ownProfile(me.user.memberId) : null;
    if (!own) return fail('NOT_FOUND', '没有找到你的党员档案');
    if (memberId !== undefined && memberId !== own._id) return fail('FORBIDDEN', '只能查看自己的徽章');
    if (roomId !== undefined && roomId !== own.roomId) return fail('FORBIDDEN', '只能查看自己寝室的徽章');
    holderId = roomId ?? own._id;
  } else {
    if (memberId === undefined && roomId === undefined) return fail('INVALID_INPUT', '请选择一位党员或一个寝室');
    const holder = await holderOf({ memberId, roomId });
    if (!holder.ok) return holder;
    if (!inScope(me, holder.data.buildingId)) return fail('FORBIDDEN', '只能查看自己负责楼栋的徽章');
    holderId = holder.data.id;
  }
  const { items, more } = await badgesRepo.holderPage(holderId, after, limit ?? PAGE_LIMIT_DEFAULT);
  return ok(page(items, more, now));
};

export const buildingAwards: Handler<typeof badgeAwardsContract.buildingAwards> = async ({ buildingId, cursor, limit }, { now, actor }) => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
  if (!inScope(await actor(), buildingId)) return fail('FORBIDDEN', '只能查看自己负责楼栋的徽章');
  const { items, more } = await badgesRepo.buildingPage(buildingId, after, limit ?? PAGE_LIMIT_DEFAULT);
  return ok(page(items, more, now));
};
