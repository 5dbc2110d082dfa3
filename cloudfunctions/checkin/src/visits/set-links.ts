import type { visitsContract } from '../../../../src/shared/contract/checkin-visits';
import { linkProblem } from '../../../../src/shared/domain/visits';
import { visitsRepo } from '../../../_common/repositories/checkin-visits';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';

/**
 * A counselor links a member of their buildings to one or two rooms of their buildings, never the
 * member's own: the old link records end and new ones start, audited (nothing is overwritten).
 */
export const setLinks: Handler<typeof visitsContract.setLinks> = async ({ memberId, roomIds, reason }, ctx) => {
  const actor = await ctx.actor();
  const member = await visitsRepo.memberForLinks(memberId);
  if (!member) return fail('NOT_FOUND', '没有找到这位党员');
  if (!inScope(actor, member.buildingId)) return fail('FORBIDDEN', '这位党员不在你负责的楼栋');
  const problem = linkProblem(roomIds, member.roomId);
  if (problem) return fail('INVALID_STATE', problem);
  const rooms = await visitsRepo.rooms(roomIds);
  if (rooms.length !== roomIds.length) return fail('NOT_FOUND', '没有找到所选的寝室');
  if (rooms.some((r) => !inScope(actor, r.buildingId))) return fail('FORBIDDEN', '只能联系你负责楼栋里的寝室');
  const open = await visitsRepo.openLinks(memberId);
  const by = { actorOpenid: actor.openid, actorRole: actor.role, userId: actor.user?._id ?? actor.openid };
  const outcome = await visitsRepo.setLinks({ member, rooms, open, reason: reason ?? null, by }, ctx.now);
  if (!outcome.ok) return outcome.code === 'MISSING' ? fail('NOT_FOUND', '没有找到这位党员') : fail('CONFLICT', '联系寝室刚被修改过，请刷新后重试');
  return ok({ rooms: rooms.map((r) => ({ id: r._id, number: r.number, buildingName: r.buildingName })) });
};
