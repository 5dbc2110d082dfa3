import type { starContract } from '../../../src/shared/contract/star';
import { noticeUntil, roundPhaseLabels, starNeedsReason } from '../../../src/shared/domain/star';
import { starsRepo } from '../../_common/repositories/stars';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { managesRound } from './access';
import { phaseOf, roundSummary } from './views';

/**
 * The counselor confirms the star among the tallied candidates and publishes: 公示 runs noticeDays
 * from now. Someone other than the top of the tally needs a written reason (public, audited).
 */
export const publish: Handler<typeof starContract.publish> = async ({ roundId, memberId, reason }, ctx) => {
  const me = await ctx.actor();
  const round = await starsRepo.roundById(roundId);
  if (!round) return fail('NOT_FOUND', '没有找到这轮评选');
  if (!managesRound(me, round)) return fail('FORBIDDEN', '这轮评选不在你负责的楼栋范围内');
  if (round.state !== 'tallied' || !round.tally) return fail('ROUND_PHASE', `只有计票完成、尚未公布的评选可以公布（当前：${roundPhaseLabels[phaseOf(round, ctx.now)]}）`);
  const row = round.tally.find((r) => r.memberId === memberId);
  if (!row) return fail('INVALID_STATE', '所选的人不是本轮的候选人');
  const why = reason?.trim() || null;
  if (starNeedsReason(memberId, round.tally) && (!why || why.length < 5)) {
    return fail('INVALID_INPUT', '所选的人不是得票最多的候选人，请写明理由（至少5个字），理由将随结果一同公示');
  }
  const until = noticeUntil(ctx.now, round.noticeDays);
  const done = await starsRepo.publish(
    round._id,
    { memberId, name: row.name, reason: why, noticeUntil: until },
    { by: { actorOpenid: ctx.caller.openid, actorRole: me.role }, action: 'star.publish', reason: why ?? undefined },
    ctx.now,
  );
  if (!done.ok) {
    if (done.code === 'NOT_TALLIED') return fail('ROUND_PHASE', '这轮评选已经公布过了，请刷新');
    return done.code === 'MISSING' ? fail('NOT_FOUND', '没有找到这轮评选') : fail('CONFLICT');
  }
  return ok({ round: roundSummary(done.value, ctx.now) });
};
