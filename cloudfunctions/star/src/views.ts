import type { Candidate, RoundSummary } from '../../../src/shared/contract/star';
import { roundPhase } from '../../../src/shared/domain/star';
import { photoUrls } from '../../_common/photos';
import type { StarCandidateDoc, StarRoundDoc } from '../../_common/repositories/stars';
import { iso, isoOrNull } from '../../plaque/src/iso';

/** Stored dates come back as Dates; the rules take Dates. */
export function timesOf(round: StarRoundDoc) {
  return {
    state: round.state,
    nominateFrom: new Date(round.nominateFrom),
    nominateUntil: new Date(round.nominateUntil),
    voteFrom: new Date(round.voteFrom),
    voteUntil: new Date(round.voteUntil),
    noticeUntil: round.noticeUntil ? new Date(round.noticeUntil) : null,
  };
}

export const phaseOf = (round: StarRoundDoc, now: Date) => roundPhase(timesOf(round), now);

export function roundSummary(round: StarRoundDoc, now: Date): RoundSummary {
  return {
    id: round._id,
    month: round.month,
    title: round.title,
    scopeLabel: round.scopeLabel,
    buildingIds: round.buildingIds,
    phase: phaseOf(round, now),
    nominateFrom: iso(round.nominateFrom),
    nominateUntil: iso(round.nominateUntil),
    voteFrom: iso(round.voteFrom),
    voteUntil: iso(round.voteUntil),
    noticeDays: round.noticeDays,
    noticeUntil: isoOrNull(round.noticeUntil),
    votesPerVoter: round.votesPerVoter,
    star: round.star ? { memberId: round.star.memberId, name: round.star.name } : null,
  };
}

/** Candidates' cards with photo URLs in one storage call; the decline reason for staff only. */
export async function candidateCards(list: StarCandidateDoc[], staff: boolean): Promise<Candidate[]> {
  const photos = await photoUrls(list.map((c) => c.photoFileId));
  return list.map((c) => ({
    memberId: c.memberId,
    name: c.name,
    photoUrl: c.photoFileId ? photos.get(c.photoFileId) ?? null : null,
    status: c.status,
    branchName: c.branchName,
    deeds: c.deeds,
    figures: { monthHours: c.figures.monthHours, termHours: c.figures.termHours, badges: c.figures.badges },
    nomination: c.nomination,
    self: c.self,
    declineReason: staff ? c.declineReason : null,
  }));
}
