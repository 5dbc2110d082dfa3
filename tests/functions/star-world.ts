import type { StarBallotDoc, StarCandidateDoc, StarObjectionDoc, StarRoundDoc } from '../../cloudfunctions/_common/repositories/stars';
import type { BuildingDoc, MemberDoc, RosterDoc } from '../../cloudfunctions/_common/docs';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';
import { ballotId, candidateId, objectionId, roundIdFor } from '../../src/shared/domain/star';
import type { App } from './harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A 每月之星 round with defaults: building `buildingIds`, nominations open now, voting in two days. */
export function buildRound(o: Partial<StarRoundDoc> & Pick<StarRoundDoc, 'month' | 'buildingIds'>, now = Date.now()): StarRoundDoc {
  return {
    _id: roundIdFor(o.month, o.buildingIds),
    title: `${o.month} 每月之星评选`,
    communityId: null,
    scopeLabel: '智园1号楼',
    nominateFrom: new Date(now - DAY),
    nominateUntil: new Date(now + DAY),
    voteFrom: new Date(now + 2 * DAY),
    voteUntil: new Date(now + 3 * DAY),
    noticeDays: 7,
    votesPerVoter: 1,
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
    createdBy: 'u-seed',
    createdAt: new Date(now - 2 * DAY),
    ...o,
  };
}

export function buildCandidate(round: Pick<StarRoundDoc, '_id'>, member: Pick<MemberDoc, '_id' | 'name' | 'buildingId' | 'status'>, o: Partial<StarCandidateDoc> = {}): StarCandidateDoc {
  return {
    _id: candidateId(round._id, member._id),
    roundId: round._id,
    memberId: member._id,
    name: member.name,
    photoFileId: null,
    status: member.status,
    branchName: '智园1号楼党支部',
    buildingId: member.buildingId,
    deeds: '组织楼层卫生大扫除，帮助同学解决学业困难',
    figures: { monthHours: 6, termHours: 20, badges: [] },
    nomination: 'accepted',
    self: false,
    declineReason: null,
    nominatedBy: 'u-seed',
    createdAt: new Date(),
    decidedAt: new Date(),
    ...o,
  };
}

export function buildBallot(round: Pick<StarRoundDoc, '_id'>, voter: Pick<UserDoc, '_id' | 'openid'> & { rosterId: string }, choices: string[], o: Partial<StarBallotDoc> = {}): StarBallotDoc {
  const at = o.at ?? new Date();
  return {
    _id: ballotId(round._id, voter.rosterId),
    roundId: round._id,
    choices,
    at,
    minute: Math.floor(at.getTime() / 60_000),
    rosterId: voter.rosterId,
    userId: voter._id,
    openid: voter.openid,
    clientIp: '10.0.0.1',
    boundAt: new Date(at.getTime() - 30 * DAY),
    recentBind: false,
    buildingId: 'b0000',
    ...o,
  };
}

/**
 * A round of building A in each phase, for the sample inputs: nominating (the neighbour has put
 * themself forward), voting (the neighbour is a candidate), counting (voting ended an hour ago),
 * tallied, in 公示 (the student and the member voted; someone else objected) and final.
 */
export async function seedStarRounds(
  app: App,
  w: { a: BuildingDoc; member: MemberDoc; neighbour: MemberDoc; users: Record<'student' | 'member', UserDoc>; freeRoster: RosterDoc },
) {
  const now = Date.now();
  const A = [w.a._id];
  const nominating = buildRound({ month: '2026-06', buildingIds: A }, now);
  const voting = buildRound({ month: '2026-07', buildingIds: A, nominateFrom: new Date(now - 3 * DAY), nominateUntil: new Date(now - 2 * DAY), voteFrom: new Date(now - DAY), voteUntil: new Date(now + DAY), candidateIds: [w.neighbour._id] }, now);
  const counting = buildRound({ month: '2026-08', buildingIds: A, nominateFrom: new Date(now - 5 * DAY), nominateUntil: new Date(now - 4 * DAY), voteFrom: new Date(now - 3 * DAY), voteUntil: new Date(now - HOUR), candidateIds: [w.neighbour._id] }, now);
  const ended = { nominateFrom: new Date(now - 20 * DAY), nominateUntil: new Date(now - 19 * DAY), voteFrom: new Date(now - 18 * DAY), voteUntil: new Date(now - 17 * DAY) };
  const tally = [
    { memberId: w.neighbour._id, name: w.neighbour.name, votes: 2, rank: 1 },
    { memberId: w.member._id, name: w.member.name, votes: 1, rank: 2 },
  ];
  const counted = { ...ended, candidateIds: [w.neighbour._id, w.member._id], tally, flags: [], ballots: 3, electorate: 10, talliedAt: new Date(now - 17 * DAY) };
  const tallied = buildRound({ month: '2026-09', buildingIds: A, state: 'tallied', ...counted }, now);
  const notice = buildRound({
    month: '2026-10', buildingIds: A, state: 'published', ...counted, star: { memberId: w.neighbour._id, name: w.neighbour.name },
    publishedAt: new Date(now - DAY), noticeUntil: new Date(now + 6 * DAY), publication: 1,
  }, now);
  const final = buildRound({
    month: '2026-05', buildingIds: A, state: 'final', ...counted, star: { memberId: w.neighbour._id, name: w.neighbour.name },
    publishedAt: new Date(now - 15 * DAY), noticeUntil: new Date(now - 8 * DAY), publication: 1, finalAt: new Date(now - 8 * DAY),
  }, now);
  await app.insert('star_rounds', [nominating, voting, counting, tallied, notice, final]);
  await app.insert('star_candidates', [
    buildCandidate(nominating, w.neighbour, { nomination: 'proposed', self: true, decidedAt: null }),
    ...[voting, counting].map((r) => buildCandidate(r, w.neighbour)),
    ...[tallied, notice, final].flatMap((r) => [buildCandidate(r, w.neighbour), buildCandidate(r, w.member)]),
  ]);
  const voters = [
    { ...w.users.student, rosterId: w.users.student.rosterId as string },
    { ...w.users.member, rosterId: w.users.member.rosterId as string },
  ];
  await app.insert('star_ballots', [
    buildBallot(counting, voters[0], [w.neighbour._id], { buildingId: w.a._id, at: new Date(now - 2 * DAY) }),
    ...voters.map((v) => buildBallot(notice, v, [w.neighbour._id], { buildingId: w.a._id, at: new Date(now - 17.5 * DAY) })),
  ]);
  const objection: StarObjectionDoc = {
    _id: objectionId(notice._id, 1, w.freeRoster._id),
    roundId: notice._id,
    publication: 1,
    rosterId: w.freeRoster._id,
    userId: 'u-someone',
    reason: '候选人事迹与实际情况不符，请核实',
    status: 'open',
    createdAt: new Date(now - HOUR),
    listAt: new Date(now - HOUR + 100 * 365 * DAY),
    answer: null,
    answeredAt: null,
    answeredBy: null,
  };
  await app.insert('star_objections', objection);
  return { nominating, voting, counting, tallied, notice, final, objection };
}
