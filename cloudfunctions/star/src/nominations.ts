import { PAGE_LIMIT_DEFAULT } from '../../../src/shared/contract/common';
import type { starContract } from '../../../src/shared/contract/star';
import { CANDIDATE_STATUSES, candidateId, candidateRefusal, candidateRefusalMessages, MAX_CANDIDATES } from '../../../src/shared/domain/star';
import { badgeTags } from '../../../src/shared/domain/badge-rules';
import { checkText } from '../../_common/content-check';
import { decodeCursor, encodeCursor } from '../../_common/cursor';
import { NOMINATIONS_MAX, starsRepo, type CandidateProfileDoc, type NominationRefusal, type StarCandidateDoc, type StarRoundDoc } from '../../_common/repositories/stars';
import { fail, ok, type Result } from '../../_common/result';
import { termAt } from '../../_common/terms';
import type { ActionContext, Handler } from '../../_common/router';
import { managesRound, votesIn } from './access';
import { candidateCards, phaseOf } from './views';

const nominating = (now: Date) => (round: StarRoundDoc) => phaseOf(round, now) === 'nominating';

/** The figures the system fills in: approved hours in the round's month and this term (from the kept totals), badges. */
function figuresOf(member: CandidateProfileDoc, month: string, now: Date, termKey: string) {
  return { monthHours: member.hoursByMonth?.[month] ?? 0, termHours: member.hours?.[termKey] ?? 0, badges: badgeTags(member.awards, now) };
}

function refusal(code: NominationRefusal): Result<never> {
  switch (code) {
    case 'ROUND_MISSING':
      return fail('NOT_FOUND', '没有找到这轮评选');
    case 'ROUND_PHASE':
      return fail('ROUND_PHASE', '提名只能在提名时间内进行');
    case 'EXISTS':
      return fail('INVALID_STATE', '这位党员本轮已经被提名（或已自荐），请在候选人列表中查看');
    case 'MISSING':
      return fail('NOT_FOUND', '没有找到这条自荐');
    case 'NOT_PROPOSED':
      return fail('INVALID_STATE', '这条自荐已经处理过了');
    case 'FULL':
      return fail('INVALID_STATE', `每轮最多${MAX_CANDIDATES}位候选人，已经满了`);
    case 'TOO_MANY_NOMINATIONS':
      return fail('INVALID_STATE', `本轮提名和自荐已达${NOMINATIONS_MAX}条上限，请先处理已有的自荐`);
    case 'CONFLICT':
      return fail('CONFLICT');
  }
}

/** A member of the round's buildings who may stand, or why not. */
async function standing(round: StarRoundDoc, memberId: string): Promise<Result<CandidateProfileDoc>> {
  const member = await starsRepo.candidateProfile(memberId);
  if (!member) return fail('NOT_FOUND', '没有找到这位党员');
  if (!round.buildingIds.includes(member.buildingId)) return fail('NOT_ELIGIBLE', '这位党员不住在本轮评选的楼栋');
  const refused = candidateRefusal(member);
  if (refused) return fail('NOT_ELIGIBLE', candidateRefusalMessages[refused]);
  return ok(member);
}

async function nominateAs(
  { roundId, memberId, deeds, self }: { roundId: string; memberId: string; deeds: string; self: boolean },
  ctx: ActionContext,
): Promise<Result<{ candidate: Awaited<ReturnType<typeof candidateCards>>[number] }>> {
  const me = await ctx.actor();
  const round = await starsRepo.roundById(roundId);
  if (!round) return fail('NOT_FOUND', '没有找到这轮评选');
  if (self ? !(await votesIn(me, round)) : !managesRound(me, round)) {
    return self ? fail('NOT_IN_ELECTORATE', '只能在自己所住楼栋的评选中自荐') : fail('FORBIDDEN', '这轮评选不在你负责的楼栋范围内');
  }
  if (!nominating(ctx.now)(round)) return fail('ROUND_PHASE', '提名只能在提名时间内进行');
  const member = await standing(round, memberId);
  if (!member.ok) return member;
  const checked = await checkText(deeds, ctx.caller.openid);
  if (!checked.ok) return checked;

  const m = member.data;
  const candidate: StarCandidateDoc = {
    _id: candidateId(round._id, m._id),
    roundId: round._id,
    memberId: m._id,
    name: m.name,
    photoFileId: m.photoFileId ?? null,
    status: m.status,
    branchName: m.branchName ?? null,
    buildingId: m.buildingId,
    deeds,
    figures: figuresOf(m, round.month, ctx.now, (await termAt(ctx.now)).key),
    nomination: self ? 'proposed' : 'accepted',
    self,
    declineReason: null,
    nominatedBy: me.user?._id ?? me.openid,
    createdAt: ctx.now,
    decidedAt: self ? null : ctx.now,
  };
  const by = { actorOpenid: ctx.caller.openid, actorRole: me.role };
  const saved = await starsRepo.changeNomination(round._id, { kind: 'nominate', candidate }, nominating(ctx.now), { by, action: self ? 'star.selfNominate' : 'star.nominate' }, ctx.now);
  if (!saved.ok) return refusal(saved.code);
  const [card] = await candidateCards([saved.value], true);
  return ok({ candidate: card });
}

/** The counselor nominates a member of the round's buildings who may stand: accepted at once. */
export const nominate: Handler<typeof starContract.nominate> = async ({ roundId, memberId, deeds }, ctx) => nominateAs({ roundId, memberId, deeds, self: false }, ctx);

/** A member puts themselves forward (自荐); the counselor accepts or declines. */
export const selfNominate: Handler<typeof starContract.selfNominate> = async ({ roundId, deeds }, ctx) => {
  const me = await ctx.actor();
  if (!me.user?.memberId) return fail('NOT_ELIGIBLE', '只有党员可以自荐');
  return nominateAs({ roundId, memberId: me.user.memberId, deeds, self: true }, ctx);
};

/** Accept or decline a self-nomination while nominations are open; declining needs a reason. Audited. */
export const decideNomination: Handler<typeof starContract.decideNomination> = async ({ roundId, memberId, accept, reason }, ctx) => {
  const me = await ctx.actor();
  const round = await starsRepo.roundById(roundId);
  if (!round) return fail('NOT_FOUND', '没有找到这轮评选');
  if (!managesRound(me, round)) return fail('FORBIDDEN', '这轮评选不在你负责的楼栋范围内');
  if (!accept && !reason) return fail('INVALID_INPUT', '婉拒自荐时请写明理由，党员会看到');
  if (!nominating(ctx.now)(round)) return fail('ROUND_PHASE', '只能在提名时间内处理自荐');
  if (accept) {
    // The member may have withdrawn consent since putting themselves forward.
    const member = await standing(round, memberId);
    if (!member.ok) return member;
  }
  const by = { actorOpenid: ctx.caller.openid, actorRole: me.role };
  const saved = await starsRepo.changeNomination(
    round._id,
    { kind: 'decide', memberId, accept, reason: reason ?? null },
    nominating(ctx.now),
    { by, action: 'star.decideNomination', reason: reason || undefined },
    ctx.now,
  );
  if (!saved.ok) return refusal(saved.code);
  return ok({ done: true as const });
};

/** Members of the round's buildings who may stand, by id, with their figures and whether they are nominated. */
export const eligibleMembers: Handler<typeof starContract.eligibleMembers> = async ({ roundId, cursor, limit }, ctx) => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', '分页参数无效，请刷新列表');
  const me = await ctx.actor();
  const round = await starsRepo.roundById(roundId);
  if (!round) return fail('NOT_FOUND', '没有找到这轮评选');
  if (!managesRound(me, round)) return fail('FORBIDDEN', '这轮评选不在你负责的楼栋范围内');
  const [page, nominations, { key: termKey }] = await Promise.all([
    starsRepo.eligiblePage(round.buildingIds, CANDIDATE_STATUSES, after?.id ?? null, limit ?? PAGE_LIMIT_DEFAULT),
    starsRepo.candidatesOf(round._id),
    termAt(ctx.now),
  ]);
  const nominated = new Set(nominations.map((c) => c.memberId));
  const last = page.items[page.items.length - 1];
  return ok({
    items: page.items.map((m) => ({
      memberId: m._id,
      name: m.name,
      status: m.status,
      roomLabel: `${m.buildingName} ${m.roomNumber}`,
      ...(({ monthHours, termHours }) => ({ monthHours, termHours }))(figuresOf(m, round.month, ctx.now, termKey)),
      nominated: nominated.has(m._id),
    })),
    nextCursor: page.more && last ? encodeCursor(null, last._id) : null,
  });
};
