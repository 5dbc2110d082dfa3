import type { starContract } from '../../../src/shared/contract/star';
import { ballotErrorMessages, ballotId, checkBallot, inElectorate, recentlyBound, roundPhaseLabels, sameChoice } from '../../../src/shared/domain/star';
import { starsRepo } from '../../_common/repositories/stars';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { iso } from '../../plaque/src/iso';
import { homeBuilding } from './access';
import { phaseOf } from './views';

/**
 * The caller's one ballot of the round: two reads (the router's user, the round) and one write (the
 * ballot under the id of the round and the voter's roster identity, so a second ballot of the same
 * person, from any WeChat account, fails on the id: never a count-then-insert, and no shared counter).
 * The same ballot again (a retry) is the idempotent success; a different one is ALREADY_VOTED.
 */
export const vote: Handler<typeof starContract.vote> = async ({ roundId, candidateIds }, ctx) => {
  const me = await ctx.actor();
  const user = me.user;
  const round = await starsRepo.roundById(roundId);
  if (!round) return fail('NOT_FOUND', '没有找到这轮评选');
  if (!user?.rosterId) return fail('NOT_IN_ELECTORATE');
  const buildingId = await homeBuilding(me);
  if (!buildingId || !inElectorate({ role: me.role, buildingId }, round.buildingIds)) return fail('NOT_IN_ELECTORATE');
  const phase = phaseOf(round, ctx.now);
  if (phase !== 'voting') return fail('ROUND_PHASE', `现在不是投票时间（${roundPhaseLabels[phase]}）`);

  const wrong = checkBallot(candidateIds, round, user.memberId);
  if (wrong === 'SELF_VOTE') return fail('SELF_VOTE');
  if (wrong) return fail('INVALID_INPUT', ballotErrorMessages[wrong]);

  const id = ballotId(round._id, user.rosterId);
  const boundAt = user.createdAt ? new Date(user.createdAt) : null;
  const cast = await starsRepo.castBallot({
    _id: id,
    roundId: round._id,
    choices: candidateIds,
    at: ctx.now,
    minute: Math.floor(ctx.now.getTime() / 60_000),
    rosterId: user.rosterId,
    userId: user._id,
    openid: ctx.caller.openid,
    clientIp: ctx.caller.clientIp,
    boundAt,
    recentBind: recentlyBound(boundAt, ctx.now),
    buildingId,
  });
  if (cast.ok) return ok({ votedFor: candidateIds, votedAt: iso(ctx.now) });
  const existing = await starsRepo.ballotById(id);
  if (existing && sameChoice(existing.choices, candidateIds)) return ok({ votedFor: existing.choices, votedAt: iso(existing.at) });
  return fail('ALREADY_VOTED');
};
