import type { visitsContract } from '../../../../src/shared/contract/checkin-visits';
import { canStillConfirm, visitState, visitStateLabels } from '../../../../src/shared/domain/visits';
import { visitsRepo, type VisitDoc } from '../../../_common/repositories/checkin-visits';
import { rosterRepo } from '../../../_common/repositories/roster';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';

/**
 * A bound resident of the visited room (their roster room is that room) confirms the visit or says
 * it did not happen, within 72 hours; never the visitor. One answer per visit: when two residents
 * race, the first answer stands; the same answer again is an idempotent success, another is CONFLICT.
 * The rules run on the visit read inside the answer's transaction (no read before it).
 */
export const answerVisit: Handler<typeof visitsContract.answerVisit> = async ({ id, happened }, { now, actor }) => {
  const { user } = await actor();
  if (!user) return fail('NOT_FOUND', '没有找到这次走访');
  const entry = user.rosterId ? await rosterRepo.byId(user.rosterId) : null;
  const refusal = (visit: VisitDoc) => {
    if (visit.memberId === user.memberId) return 'SELF' as const;
    if (!entry || entry.roomId !== visit.roomId) return 'NOT_RESIDENT' as const;
    if (visit.status === 'pending' && !canStillConfirm(new Date(visit.at), now)) return 'CLOSED' as const;
    return null;
  };

  const outcome = await visitsRepo.answer(id, { userId: user._id, happened }, refusal, now);
  if (outcome.ok) return ok({ state: visitState(outcome.value.status, new Date(outcome.value.at), now) });
  switch (outcome.code) {
    case 'MISSING':
      return fail('NOT_FOUND', '没有找到这次走访');
    case 'SELF':
      return fail('FORBIDDEN', '不能确认自己的走访');
    case 'NOT_RESIDENT':
      return fail('FORBIDDEN', '只有被走访寝室的同学可以确认');
    case 'CLOSED':
      return fail('INVALID_STATE', '已超过72小时，这次走访不能再确认');
    case 'CONFLICT':
      return fail('CONFLICT', '室友正在回复这次走访，请刷新后查看');
    default: {
      // Answered already (by this resident or a roommate): the same answer is the idempotent success.
      const current = outcome.visit ?? (await visitsRepo.visit(id));
      if (!current) return fail('NOT_FOUND', '没有找到这次走访');
      if (current.status === (happened ? 'confirmed' : 'denied')) return ok({ state: current.status });
      return fail('CONFLICT', `这次走访已有回复：${visitStateLabels[visitState(current.status, new Date(current.at), now)]}`);
    }
  }
};
