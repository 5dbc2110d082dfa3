import type { visitsContract } from '../../../../src/shared/contract/checkin-visits';
import { visitState } from '../../../../src/shared/domain/visits';
import { visitsRepo } from '../../../_common/repositories/checkin-visits';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';

/** A counselor of the visited room's building corrects a visit: a new record with the reason; the original stays. */
export const correctVisit: Handler<typeof visitsContract.correctVisit> = async ({ id, state, reason }, { now, actor }) => {
  const who = await actor();
  const visit = await visitsRepo.visit(id);
  if (!visit) return fail('NOT_FOUND', '没有找到这次走访');
  if (!inScope(who, visit.buildingId)) return fail('FORBIDDEN', '这次走访不在你负责的楼栋');
  const by = { actorOpenid: who.openid, actorRole: who.role, userId: who.user?._id ?? who.openid };
  const outcome = await visitsRepo.correct({ visitId: id, status: state, reason, by }, now);
  if (outcome.ok) return ok({ state: visitState(outcome.value.status, new Date(outcome.value.at), now) });
  if (outcome.code === 'MISSING') return fail('NOT_FOUND', '没有找到这次走访');
  if (outcome.code === 'SAME') return fail('INVALID_STATE', '这次走访已经是这个状态');
  return fail('CONFLICT', '这次走访刚被修改过，请刷新后重试');
};
