import type { accountContract } from '../../../src/shared/contract/account';
import { cstAt, cstDate } from '../../../src/shared/domain/china-time';
import { flagBlocksStep, flagVetoMessage, nextStatus } from '../../../src/shared/domain/inspection';
import { memberStatusLabels } from '../../../src/shared/model';
import { newId } from '../../_common/ids';
import { developmentRepo } from '../../_common/repositories/development';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { inScope } from '../../_common/scope';

/**
 * A counselor (in scope; an admin anywhere) records one development step forward. The minimal form
 * of issue 11's timeline: one step at a time, a `development_steps` record appended, the member's
 * status changed, audited, in one transaction that also reads the room's flag (seed 004's veto).
 */
export const advanceStatus: Handler<typeof accountContract.advanceStatus> = async ({ memberId, to, date, note }, { caller, now, actor }) => {
  const me = await actor();
  const member = await developmentRepo.member(memberId);
  if (!member) return fail('NOT_FOUND', '没有找到这名党员或积极分子');
  if (!inScope(me, member.buildingId)) return fail('FORBIDDEN', '只能办理自己负责楼栋的成员');
  const next = nextStatus(member.status);
  if (next !== to) {
    const why = next ? `${member.name}现为${memberStatusLabels[member.status]}，下一步只能是${memberStatusLabels[next]}` : `${member.name}已是正式党员`;
    return fail('INVALID_STATE', why);
  }
  if (date > cstDate(now)) return fail('INVALID_INPUT', '日期不能晚于今天');

  const step = { _id: newId(), memberId, from: member.status, to, date, note: note || null, by: me.user?._id ?? caller.openid, at: now };
  const outcome = await developmentRepo.advance(
    {
      step,
      vetoed: (room) => Boolean(room?.flagged) && flagBlocksStep(to),
      probationStartedAt: to === 'probationary' ? cstAt(date, '00:00') : null,
      by: { actorOpenid: caller.openid, actorRole: me.role },
    },
    now,
  );
  if (outcome.ok) return ok({ memberId, status: to, stepId: step._id });
  if (outcome.code === 'VETOED') {
    const deadline = outcome.room.deadline ? cstDate(new Date(outcome.room.deadline)) : '未定';
    return fail('ROOM_FLAGGED', flagVetoMessage(outcome.room.roomLabel, deadline, to));
  }
  if (outcome.code === 'NOT_FOUND') return fail('NOT_FOUND', '没有找到这名党员或积极分子');
  return fail('CONFLICT', '该成员的状态刚被他人更新，请刷新后重试');
};
