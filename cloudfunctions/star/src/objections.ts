import { PAGE_LIMIT_DEFAULT } from '../../../src/shared/contract/common';
import type { starContract } from '../../../src/shared/contract/star';
import { ballotId, finalDue, objectionId } from '../../../src/shared/domain/star';
import type { Auditor } from '../../_common/audit';
import { checkText } from '../../_common/content-check';
import { decodeCursor, encodeCursor } from '../../_common/cursor';
import { OPEN_LIFT_MS, starsRepo, type StarRoundDoc } from '../../_common/repositories/stars';
import { fail, ok, type Result } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { managesRound } from './access';
import { objectionView } from './round';
import { phaseOf, timesOf } from './views';

/**
 * The star becomes final once 公示 has ended (and settled) with no open objection: the round is final
 * and the member carries the month in `stars`, once, in one audited transaction. Answers whether it did.
 */
export async function finaliseIfDue(round: StarRoundDoc, by: Auditor, now: Date): Promise<Result<boolean>> {
  if (round.state !== 'published' || !finalDue(timesOf(round), now)) return ok(false);
  if ((await starsRepo.openObjections(round._id)) > 0) return ok(false);
  const done = await starsRepo.finalise(round._id, (r) => finalDue(timesOf(r), now), { by, action: 'star.final' }, now);
  if (done.ok) return ok(true);
  return done.code === 'CONFLICT' ? fail('CONFLICT') : ok(false);
}

/** A voter of the round (who has a ballot) raises an objection during 公示, once per publication; content-checked. */
export const object: Handler<typeof starContract.object> = async ({ roundId, reason }, ctx) => {
  const me = await ctx.actor();
  const round = await starsRepo.roundById(roundId);
  if (!round) return fail('NOT_FOUND', '没有找到这轮评选');
  const inNotice = (r: StarRoundDoc) => phaseOf(r, ctx.now) === 'notice';
  if (!inNotice(round)) return fail('ROUND_PHASE', '只能在公示期内提出异议');
  const rosterId = me.user?.rosterId;
  if (!rosterId || !me.user || !(await starsRepo.ballotById(ballotId(round._id, rosterId)))) {
    return fail('FORBIDDEN', '只有参加了本轮投票的同学可以提出异议');
  }
  const checked = await checkText(reason, ctx.caller.openid);
  if (!checked.ok) return checked;
  const doc = {
    _id: objectionId(round._id, round.publication, rosterId),
    roundId: round._id,
    publication: round.publication,
    rosterId,
    userId: me.user._id,
    reason,
    status: 'open' as const,
    createdAt: ctx.now,
    listAt: new Date(ctx.now.getTime() + OPEN_LIFT_MS),
    answer: null,
    answeredAt: null,
    answeredBy: null,
  };
  const saved = await starsRepo.object(doc, inNotice);
  if (!saved.ok) {
    if (saved.code === 'EXISTS') return fail('CONFLICT', '你已经对本轮结果提出过异议，请等待答复');
    if (saved.code === 'ROUND_PHASE') return fail('ROUND_PHASE', '公示期已结束或结果已变更，请刷新');
    return fail('CONFLICT');
  }
  return ok({ objection: objectionView(doc) });
};

/** A round's objections for its staff, open first, then newest. */
export const objections: Handler<typeof starContract.objections> = async ({ roundId, cursor, limit }, ctx) => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', '分页参数无效，请刷新列表');
  const me = await ctx.actor();
  const round = await starsRepo.roundById(roundId);
  if (!round) return fail('NOT_FOUND', '没有找到这轮评选');
  if (!managesRound(me, round)) return fail('FORBIDDEN', '这轮评选不在你负责的楼栋范围内');
  const page = await starsRepo.objectionsPage(round._id, after, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({ items: page.items.map(objectionView), nextCursor: page.more && last ? encodeCursor(new Date(last.listAt), last._id) : null });
};

/**
 * Dismiss or uphold an open objection; upholding withdraws the star (the round goes back to
 * confirmation; the records stay). Answering the last open one after 公示 ended makes the star final.
 */
export const answerObjection: Handler<typeof starContract.answerObjection> = async ({ objectionId: id, uphold, answer }, ctx) => {
  const me = await ctx.actor();
  const objection = await starsRepo.objectionById(id);
  if (!objection) return fail('NOT_FOUND', '没有找到这条异议');
  const round = await starsRepo.roundById(objection.roundId);
  if (!round) return fail('NOT_FOUND', '没有找到这轮评选');
  if (!managesRound(me, round)) return fail('FORBIDDEN', '这轮评选不在你负责的楼栋范围内');
  const by = { actorOpenid: ctx.caller.openid, actorRole: me.role };
  const done = await starsRepo.answerObjection(id, { uphold, text: answer, by: me.user?._id ?? me.openid }, { by, action: uphold ? 'star.upholdObjection' : 'star.dismissObjection', reason: answer }, ctx.now);
  if (!done.ok) {
    if (done.code === 'ANSWERED') return fail('INVALID_STATE', '这条异议已经答复过了');
    return done.code === 'MISSING' ? fail('NOT_FOUND', '没有找到这条异议') : fail('CONFLICT');
  }
  if (!uphold) {
    const fresh = await starsRepo.roundById(round._id);
    if (fresh) {
      const final = await finaliseIfDue(fresh, by, ctx.now);
      if (!final.ok) return final;
    }
  }
  return ok({ done: true as const });
};
