import type { developEligibilityContract } from '../../../../src/shared/contract/develop-eligibility';
import { duplicateKind, pointKindLabels } from '../../../../src/shared/domain/points';
import { pointsRepo } from '../../../_common/repositories/develop-points';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';

export const pointRules: Handler<typeof developEligibilityContract.pointRules> = async () => {
  const { rules, updatedAt } = await pointsRepo.rules();
  return ok({ rules, updatedAt: updatedAt ? updatedAt.toISOString() : null });
};

/** An admin replaces the rules (audited); each member's points follow at their next computation. */
export const setPointRules: Handler<typeof developEligibilityContract.setPointRules> = async ({ rules }, { caller, now, actor }) => {
  const dup = duplicateKind(rules);
  if (dup) return fail('INVALID_INPUT', `“${pointKindLabels[dup]}”只能有一条规则`);
  const me = await actor();
  const outcome = await pointsRepo.setRules(rules, { actorOpenid: caller.openid, actorRole: me.role, userId: me.user?._id ?? caller.openid }, now);
  if (!outcome.ok) return fail('CONFLICT', '积分规则刚被他人修改，请刷新后重试');
  return ok({ rules, updatedAt: now.toISOString() });
};
