import type { starContract } from '../../../src/shared/contract/star';
import { checkWindows, roundIdFor, starTitle } from '../../../src/shared/domain/star';
import type { BuildingDoc } from '../../_common/docs';
import { orgRepo } from '../../_common/repositories/org';
import { starsRepo, type StarRoundDoc } from '../../_common/repositories/stars';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { buildingScope } from '../../_common/scope';
import { roundSummary } from './views';

/**
 * Opens a round for a month and a scope: a community (all its buildings) or some buildings. A
 * counselor only within their scope. The id is the month and the set of buildings, so the same round
 * cannot be opened twice. Audited with the round.
 */
export const createRound: Handler<typeof starContract.createRound> = async (input, ctx) => {
  const me = await ctx.actor();
  const scope = buildingScope(me);
  const all = await orgRepo.buildings();
  let chosen: BuildingDoc[];
  let label: string;
  if (input.scope.communityId !== undefined) {
    chosen = all.filter((b) => b.communityId === input.scope.communityId);
    if (chosen.length === 0) return fail('NOT_FOUND', '没有找到这个社区，或社区下还没有楼栋');
    label = `${chosen[0].communityName}（全部楼栋）`;
  } else {
    const ids = [...new Set(input.scope.buildingIds ?? [])];
    chosen = all.filter((b) => ids.includes(b._id));
    if (chosen.length !== ids.length) return fail('NOT_FOUND', '没有找到所选的楼栋，请刷新后重选');
    label = chosen.map((b) => b.name).join('、');
  }
  const outside = chosen.filter((b) => !scope.all && !scope.ids.includes(b._id));
  if (outside.length) return fail('FORBIDDEN', `不能为你负责范围以外的楼栋发起评选：${outside.map((b) => b.name).join('、')}`);

  const times = {
    nominateFrom: new Date(input.nominateFrom),
    nominateUntil: new Date(input.nominateUntil),
    voteFrom: new Date(input.voteFrom),
    voteUntil: new Date(input.voteUntil),
  };
  const wrong = checkWindows(times, ctx.now);
  if (wrong) return fail('INVALID_INPUT', `${wrong.message}（${wrong.field}）`);

  const buildingIds = chosen.map((b) => b._id).sort();
  const round: StarRoundDoc = {
    _id: roundIdFor(input.month, buildingIds),
    month: input.month,
    title: input.title || `${starTitle(input.month)}评选`,
    communityId: input.scope.communityId ?? null,
    buildingIds,
    scopeLabel: label,
    ...times,
    noticeDays: input.noticeDays,
    votesPerVoter: input.votesPerVoter,
    state: 'open',
    candidateIds: [],
    tally: null,
    flags: null,
    ballots: null,
    electorate: null,
    talliedAt: null,
    star: null,
    starReason: null,
    publishedAt: null,
    noticeUntil: null,
    publication: 0,
    withdrawn: [],
    finalAt: null,
    createdBy: me.user?._id ?? me.openid,
    createdAt: ctx.now,
  };
  const created = await starsRepo.createRound(round, { by: { actorOpenid: ctx.caller.openid, actorRole: me.role }, action: 'star.createRound' }, ctx.now);
  if (!created.ok) {
    if (created.code === 'EXISTS') return fail('CONFLICT', `${label} 的${starTitle(input.month)}评选已经发起过了，不能重复发起，请在评选列表中查看`);
    return fail('CONFLICT');
  }
  return ok({ round: roundSummary(round, ctx.now) });
};
