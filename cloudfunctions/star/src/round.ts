import type { starContract } from '../../../src/shared/contract/star';
import { ballotId, objectionId } from '../../../src/shared/domain/star';
import { starsRepo, type StarObjectionDoc, type StarRoundDoc } from '../../_common/repositories/stars';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { isStaff, seesRound, votesIn } from './access';
import { candidateCards, roundSummary } from './views';
import { iso, isoOrNull } from '../../plaque/src/iso';

export function objectionView(o: StarObjectionDoc) {
  return {
    id: o._id,
    roundId: o.roundId,
    reason: o.reason,
    status: o.status,
    createdAt: iso(o.createdAt),
    answer: o.answer,
    answeredAt: isoOrNull(o.answeredAt),
  };
}

const published = (round: StarRoundDoc) => round.state === 'published' || round.state === 'final';

/**
 * One round as the caller may see it. Per-candidate counts exist only once the tally is stored (so
 * nobody, staff included, sees them while voting runs); staff see them then with the flags, everyone
 * once the star is published. Staff see turnout throughout; voters their own ballot and objection.
 */
export const round: Handler<typeof starContract.round> = async ({ id }, ctx) => {
  const me = await ctx.actor();
  const doc = await starsRepo.roundById(id);
  if (!doc) return fail('NOT_FOUND', '没有找到这轮评选');
  if (!(await seesRound(me, doc))) return fail('FORBIDDEN', '这轮评选不在你所在的楼栋，不能查看');
  const staff = isStaff(me);

  const nominations = await starsRepo.candidatesOf(doc._id);
  const shown = staff ? nominations : nominations.filter((c) => c.nomination === 'accepted');
  const candidates = await candidateCards(shown, staff);

  let mine = null;
  if (!staff && me.user) {
    const rosterId = me.user.rosterId;
    const [ballot, objection] = await Promise.all([
      rosterId ? starsRepo.ballotById(ballotId(doc._id, rosterId)) : null,
      rosterId && doc.publication > 0 ? starsRepo.objectionById(objectionId(doc._id, doc.publication, rosterId)) : null,
    ]);
    const own = me.user.memberId ? nominations.find((c) => c.memberId === me.user?.memberId) : undefined;
    mine = {
      inElectorate: await votesIn(me, doc),
      votedFor: ballot ? ballot.choices : null,
      votedAt: ballot ? iso(ballot.at) : null,
      nomination: own?.nomination ?? null,
      objection: objection ? objectionView(objection) : null,
    };
  }

  let turnout = null;
  if (staff) {
    turnout =
      doc.state === 'open'
        ? { voted: await starsRepo.ballotCount(doc._id), electorate: await starsRepo.electorateCount(doc.buildingIds) }
        : { voted: doc.ballots ?? 0, electorate: doc.electorate ?? 0 };
  }
  const tallyVisible = doc.state !== 'open' && (staff || published(doc));
  return ok({
    round: roundSummary(doc, ctx.now),
    candidates,
    me: mine,
    turnout,
    tally: tallyVisible ? doc.tally : null,
    flags: staff && doc.state !== 'open' ? doc.flags : null,
    starReason: staff || published(doc) ? doc.starReason ?? null : null,
  });
};
