import type { badgeAwardsContract } from '../../../../src/shared/contract/badge-awards';
import { yearStarProblem } from '../../../../src/shared/domain/badge-rules';
import { awardIds, validUntil } from '../../../../src/shared/domain/badges';
import { cstDate } from '../../../../src/shared/domain/china-time';
import type { AwardDoc } from '../../../_common/docs';
import { badgeDef, badgesRepo } from '../../../_common/repositories/badges';
import { membersRepo } from '../../../_common/repositories/members';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';

/**
 * 年度党员之星, conferred by the community's 党总支 (an admin acts for it) on one of the year's 每月之星
 * (README: why it is not decided by a vote). The member's months as star are checked again in the
 * award's transaction; the award id is the member and the year: once, however often it is pressed.
 */
export const awardYearStar: Handler<typeof badgeAwardsContract.awardYearStar> = async ({ memberId, year, reason }, { caller, now, actor }) => {
  const me = await actor();
  const [doc, member] = await Promise.all([badgeDef('yearStar'), membersRepo.ownProfile(memberId)]);
  if (!doc || !doc.active) return fail('INVALID_STATE', '“年度党员之星”不在徽章目录中或已停用');
  if (!member) return fail('NOT_FOUND', '没有找到这位党员');
  const award: AwardDoc = {
    _id: awardIds.yearStar(memberId, String(year)), code: doc._id, name: doc.name, holder: { kind: 'member', id: memberId, label: member.name }, buildingId: member.buildingId,
    source: 'yearStar', sourceRef: String(year), reason, validFrom: cstDate(now), until: validUntil(doc.validity, now),
    awardedBy: me.user?._id ?? caller.openid, awardedAt: now, revoked: null,
  };
  const outcome = await badgesRepo.awardYearStar(award, (m) => yearStarProblem(m, year), { actorOpenid: caller.openid, actorRole: me.role }, now);
  if (outcome.ok) return ok({ id: award._id, already: outcome.value === 'exists' });
  if (outcome.code === 'REFUSED') return fail('INVALID_STATE', outcome.message);
  return fail('CONFLICT');
};
