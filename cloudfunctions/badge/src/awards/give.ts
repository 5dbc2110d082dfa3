import type { badgeAwardsContract } from '../../../../src/shared/contract/badge-awards';
import { manualAwardProblem } from '../../../../src/shared/domain/badge-rules';
import { validUntil } from '../../../../src/shared/domain/badges';
import { termRule } from '../../../_common/terms';
import { cstDate } from '../../../../src/shared/domain/china-time';
import type { AwardDoc } from '../../../_common/docs';
import { newId } from '../../../_common/ids';
import { badgeDef, badgesRepo } from '../../../_common/repositories/badges';
import { membersRepo } from '../../../_common/repositories/members';
import { orgRepo } from '../../../_common/repositories/org';
import { fail, ok, type Result } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
import { defOf } from './views';

/** Awards by hand and revocation: a counselor in their buildings, an admin anywhere; audited in the award's transaction. */

type Holder = AwardDoc['holder'] & { buildingId: string };

/** The holder named by the input, with its building (scope) and the label the history shows. */
export async function holderOf(h: { memberId?: string; roomId?: string }): Promise<Result<Holder>> {
  if (h.memberId !== undefined) {
    const member = await membersRepo.ownProfile(h.memberId);
    if (!member) return fail('NOT_FOUND', '没有找到这位党员');
    return ok({ kind: 'member', id: member._id, label: member.name, buildingId: member.buildingId });
  }
  const [room] = h.roomId !== undefined ? await orgRepo.roomsByIds([h.roomId]) : [];
  if (!room) return fail('NOT_FOUND', '没有找到这个寝室');
  const [building] = await orgRepo.buildingsByIds([room.buildingId]);
  return ok({ kind: 'room', id: room._id, label: `${building?.name ?? ''}${room.number}室`, buildingId: room.buildingId });
}

export const awardBadge: Handler<typeof badgeAwardsContract.awardBadge> = async ({ code, holder: named, reason }, { caller, now, actor }) => {
  const me = await actor();
  const [doc, found] = await Promise.all([badgeDef(code), holderOf(named)]);
  if (!doc) return fail('NOT_FOUND', '徽章目录中没有这枚徽章');
  if (!found.ok) return found;
  const holder = found.data;
  if (!inScope(me, holder.buildingId)) return fail('FORBIDDEN', '只能为自己负责楼栋的党员或寝室授予徽章');
  const def = defOf(doc);
  const problem = manualAwardProblem(def, holder.kind);
  if (problem) return fail('INVALID_STATE', problem);
  const award: AwardDoc = {
    _id: newId(), code, name: def.name, holder: { kind: holder.kind, id: holder.id, label: holder.label }, buildingId: holder.buildingId,
    source: 'manual', sourceRef: null, reason, validFrom: cstDate(now), until: validUntil(def.validity, now, await termRule(now)),
    awardedBy: me.user?._id ?? caller.openid, awardedAt: now, revoked: null,
  };
  const outcome = await badgesRepo.awardManual(award, { actorOpenid: caller.openid, actorRole: me.role }, now);
  if (outcome.ok) return ok({ id: award._id, until: award.until });
  if (outcome.code === 'HELD') return fail('INVALID_STATE', `${holder.label}已持有“${def.name}”，无需重复授予`);
  if (outcome.code === 'HOLDER_MISSING') return fail('NOT_FOUND', holder.kind === 'member' ? '没有找到这位党员' : '没有找到这个寝室');
  return fail('CONFLICT');
};

export const revokeAward: Handler<typeof badgeAwardsContract.revokeAward> = async ({ awardId, reason }, { caller, now, actor }) => {
  const me = await actor();
  const award = await badgesRepo.awardById(awardId);
  if (!award) return fail('NOT_FOUND', '没有找到这项授予记录');
  if (!inScope(me, award.buildingId)) return fail('FORBIDDEN', '只能撤销自己负责楼栋的徽章');
  if (award.revoked) return ok({ done: true as const });
  const outcome = await badgesRepo.revoke(awardId, reason, { actorOpenid: caller.openid, actorRole: me.role, by: me.user?._id ?? caller.openid }, now);
  if (outcome.ok) return ok({ done: true as const });
  return outcome.code === 'NOT_FOUND' ? fail('NOT_FOUND', '没有找到这项授予记录') : fail('CONFLICT');
};
