import type { MemberStatus } from '../../../src/shared/model';
import type { BadgeTag } from '../../../src/shared/domain/badge-rules';
import type { FlagKind, RoundState } from '../../../src/shared/domain/star';
import { MAX_CANDIDATES } from '../../../src/shared/domain/star';
import type { Auditor } from '../audit';
import { Collections } from '../collections';
import type { PageCursor } from '../cursor';
import { isDuplicateKey } from '../db-errors';
import type { MemberDoc } from '../docs';
import { database } from '../sdk';
import { auditIn } from './audit';
import { activeBadge, monthStarIn } from './badge-auto';
import { byIdsIn, first, inTransaction, isTxConflict, type Tx } from './base';
import { markPointsDirtyIn } from './develop-points-dirty';
import { applied, refused, type RepoResult } from './outcome';

/**
 * The monthly 党员之星 vote (function `star`): rounds, nominations (candidates), ballots and objections.
 * A ballot is one document whose id is the round and the voter's roster identity, so "one ballot per
 * voter per round" is a fact of the database (a second insert fails on the id), and no document is
 * shared by the votes: the tally is an aggregation over the round's ballots, stored once on the round.
 */

export interface StarRoundDoc {
  _id: string;
  month: string;
  title: string;
  communityId: string | null;
  buildingIds: string[];
  scopeLabel: string;
  nominateFrom: Date;
  nominateUntil: Date;
  voteFrom: Date;
  voteUntil: Date;
  noticeDays: number;
  votesPerVoter: number;
  state: RoundState;
  /** Accepted candidates' member ids (at most MAX_CANDIDATES): a vote reads only the round. */
  candidateIds: string[];
  /** Nominations of any status so far (at most NOMINATIONS_MAX, so the round's list is one bounded read). */
  nominations?: number;
  tally: Array<{ memberId: string; name: string; votes: number; rank: number }> | null;
  flags: Array<{ kind: FlagKind; count: number; detail: string }> | null;
  /** Ballots and electorate when the tally was stored. */
  ballots: number | null;
  electorate: number | null;
  talliedAt: Date | null;
  star: { memberId: string; name: string } | null;
  starReason: string | null;
  publishedAt: Date | null;
  noticeUntil: Date | null;
  /** How many times the star was published (an upheld objection withdraws it; the next publication counts on). */
  publication: number;
  /** Stars withdrawn after an upheld objection: the record stays. */
  withdrawn: Array<{ memberId: string; name: string; objectionId: string; at: Date }>;
  finalAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

export type NominationStatus = 'proposed' | 'accepted' | 'declined';

export interface StarCandidateDoc {
  _id: string;
  roundId: string;
  memberId: string;
  name: string;
  photoFileId: string | null;
  status: MemberStatus;
  branchName: string | null;
  buildingId: string;
  deeds: string;
  figures: { monthHours: number; termHours: number; badges: BadgeTag[] };
  nomination: NominationStatus;
  self: boolean;
  declineReason: string | null;
  nominatedBy: string;
  createdAt: Date;
  decidedAt: Date | null;
}

export interface StarBallotDoc {
  _id: string;
  roundId: string;
  /** Member ids of the chosen candidates. */
  choices: string[];
  at: Date;
  /** Minutes since the epoch of `at`: bursts are counted per candidate and minute. */
  minute: number;
  rosterId: string;
  userId: string;
  openid: string;
  clientIp: string;
  /** When the voter's identity was bound (their user document's creation). */
  boundAt: Date | null;
  recentBind: boolean;
  buildingId: string;
}

export type ObjectionStatus = 'open' | 'upheld' | 'dismissed';

export interface StarObjectionDoc {
  _id: string;
  roundId: string;
  publication: number;
  rosterId: string;
  userId: string;
  reason: string;
  status: ObjectionStatus;
  createdAt: Date;
  /** The list's sort time: open objections are lifted by OPEN_LIFT_MS so they come first; an answer sets it to createdAt. */
  listAt: Date;
  answer: string | null;
  answeredAt: Date | null;
  answeredBy: string | null;
}

/** Open objections sort first (newest first within each group) on one index: their sort time is lifted by a century. */
export const OPEN_LIFT_MS = 100 * 365 * 86_400_000;

const rounds = () => database().collection(Collections.starRounds);
const candidates = () => database().collection(Collections.starCandidates);
const ballots = () => database().collection(Collections.starBallots);
const objections = () => database().collection(Collections.starObjections);

/** Most nominations (accepted, proposed, declined) one round lists. */
export const NOMINATIONS_MAX = MAX_CANDIDATES * 4;

/** What a nomination copies from the member profile (the plaque's public fields and the figures). */
const CANDIDATE_FIELDS = {
  name: true, status: true, buildingId: true, branchName: true, awards: true, photoFileId: true, consent: true, hours: true, hoursByMonth: true, userId: true,
} as const;
export type CandidateProfileDoc = Pick<MemberDoc, '_id' | 'name' | 'status' | 'buildingId' | 'branchName' | 'awards' | 'photoFileId' | 'consent' | 'hours' | 'hoursByMonth' | 'userId'>;

const ELIGIBLE_FIELDS = { ...CANDIDATE_FIELDS, roomNumber: true, buildingName: true } as const;
export type EligibleMemberDoc = CandidateProfileDoc & Pick<MemberDoc, 'roomNumber' | 'buildingName'>;

type Audit = { by: Auditor; action: string; reason?: string };

function entry(a: Audit, collection: string, id: string, before: unknown, after: unknown) {
  return { ...a.by, action: a.action, target: { collection, id }, before, after, ...(a.reason ? { reason: a.reason } : {}) };
}

/** Runs a transaction; a conflict that survived the SDK's retries is retried twice more, then answered as CONFLICT. */
async function attempt<T>(work: (tx: Tx) => Promise<T>): Promise<T | 'CONFLICT'> {
  for (let i = 0; i < 3; i += 1) {
    const outcome = await inTransaction(work);
    if (!isTxConflict(outcome)) return outcome;
  }
  return 'CONFLICT';
}

export type NominationChange =
  | { kind: 'nominate'; candidate: StarCandidateDoc }
  | { kind: 'decide'; memberId: string; accept: boolean; reason: string | null };

export type NominationRefusal = 'ROUND_MISSING' | 'ROUND_PHASE' | 'EXISTS' | 'MISSING' | 'NOT_PROPOSED' | 'FULL' | 'TOO_MANY_NOMINATIONS' | 'CONFLICT';

export const starsRepo = {
  roundById(id: string): Promise<StarRoundDoc | null> {
    return first<StarRoundDoc>(rounds().doc(id).get());
  },

  /** Opens a round under its deterministic id: the same month and buildings a second time is `EXISTS`. Audited. */
  async createRound(round: StarRoundDoc, audit: Audit, now: Date): Promise<RepoResult<null, 'EXISTS' | 'CONFLICT'>> {
    try {
      const outcome = await attempt(async (tx) => {
        const ref = tx.collection(Collections.starRounds).doc<StarRoundDoc>(round._id);
        if ((await ref.get()).data) return refused('EXISTS' as const);
        const { _id, ...doc } = round;
        await ref.set(doc);
        await auditIn(tx, entry(audit, Collections.starRounds, round._id, null, doc), now);
        return applied();
      });
      return outcome === 'CONFLICT' ? refused('CONFLICT') : outcome;
    } catch (err) {
      if (isDuplicateKey(err)) return refused('EXISTS');
      throw err;
    }
  },

  /**
   * Rounds newest first, then by `_id`, `limit` after the cursor, plus one to know if a page follows:
   * of some buildings (multikey index by_buildings_created), or all (by_created).
   */
  async roundsPage(buildingIds: string[] | 'all', after: PageCursor | null, limit: number): Promise<{ items: StarRoundDoc[]; more: boolean }> {
    if (buildingIds !== 'all' && buildingIds.length === 0) return { items: [], more: false };
    const _ = database().command;
    const base = buildingIds === 'all' ? null : { buildingIds: _.in(buildingIds) };
    const range = after ? _.or([{ createdAt: _.lt(after.at) }, { createdAt: after.at, _id: _.lt(after.id) }]) : null;
    const where = base && range ? _.and([base, range]) : (base ?? range ?? {});
    const { data } = await rounds().where(where).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
    const docs = data as StarRoundDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /** Final rounds of a year, latest month first (index by_state_month). */
  async finalInYear(year: number, after: { month: string; id: string } | null, limit: number): Promise<{ items: StarRoundDoc[]; more: boolean }> {
    const _ = database().command;
    const base = { state: 'final', month: _.gte(`${year}-01`).and(_.lte(`${year}-12`)) };
    const where = after ? _.and([base, _.or([{ month: _.lt(after.month) }, { month: after.month, _id: _.lt(after.id) }])]) : base;
    const { data } = await rounds().where(where).orderBy('month', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
    const docs = data as StarRoundDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /** Open rounds whose voting window ended at or before `until` (the timer's tally), a bounded batch. */
  async openEndedBy(until: Date, limit: number): Promise<StarRoundDoc[]> {
    const _ = database().command;
    const { data } = await rounds().where({ state: 'open', voteUntil: _.lte(until) }).orderBy('voteUntil', 'asc').orderBy('_id', 'asc').limit(limit).get();
    return data as StarRoundDoc[];
  },

  /** Published rounds whose 公示 ended at or before `until` (the timer's finalisation), a bounded batch. */
  async publishedEndedBy(until: Date, limit: number): Promise<StarRoundDoc[]> {
    const _ = database().command;
    const { data } = await rounds().where({ state: 'published', noticeUntil: _.lte(until) }).orderBy('noticeUntil', 'asc').orderBy('_id', 'asc').limit(limit).get();
    return data as StarRoundDoc[];
  },

  // ---- nominations ----

  async candidatesOf(roundId: string): Promise<StarCandidateDoc[]> {
    const { data } = await candidates().where({ roundId }).orderBy('createdAt', 'asc').orderBy('_id', 'asc').limit(NOMINATIONS_MAX).get();
    return data as StarCandidateDoc[];
  },

  async candidateProfile(memberId: string): Promise<CandidateProfileDoc | null> {
    return first<CandidateProfileDoc>(database().collection(Collections.members).doc(memberId).field(CANDIDATE_FIELDS).get());
  },

  /** Candidates' consent and current photo now (a member may withdraw consent or change the photo mid-round). */
  async candidatesNow(memberIds: string[]): Promise<Array<Pick<MemberDoc, '_id' | 'consent' | 'photoFileId'>>> {
    return byIdsIn(Collections.members, memberIds, { consent: true, photoFileId: true });
  },

  /**
   * Members who may stand in some buildings: consenting, full or probationary (index
   * by_building_public_status), by `_id` after the cursor, plus one to know if a page follows.
   */
  async eligiblePage(buildingIds: string[], statuses: readonly MemberStatus[], afterId: string | null, limit: number): Promise<{ items: EligibleMemberDoc[]; more: boolean }> {
    const _ = database().command;
    const base = { buildingId: _.in(buildingIds), 'consent.public': true, status: _.in([...statuses]) };
    const where = afterId ? _.and([base, { _id: _.gt(afterId) }]) : base;
    const { data } = await database().collection(Collections.members).where(where).field(ELIGIBLE_FIELDS).orderBy('_id', 'asc').limit(limit + 1).get();
    const docs = data as EligibleMemberDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /**
   * A nomination (by the counselor: accepted at once; by the member: proposed) or the counselor's
   * decision on a proposed one, with the round's list of accepted candidates kept in step, only while
   * nominations are open (`phaseOk` is checked on the round read in the transaction). Audited.
   */
  async changeNomination(
    roundId: string,
    change: NominationChange,
    phaseOk: (round: StarRoundDoc) => boolean,
    audit: Audit,
    now: Date,
  ): Promise<RepoResult<StarCandidateDoc, NominationRefusal>> {
    const memberId = change.kind === 'nominate' ? change.candidate.memberId : change.memberId;
    const id = `${roundId}_${memberId}`;
    const outcome = await attempt(async (tx): Promise<RepoResult<StarCandidateDoc, NominationRefusal>> => {
      const roundRef = tx.collection(Collections.starRounds).doc<StarRoundDoc>(roundId);
      const round = (await roundRef.get()).data;
      if (!round) return refused('ROUND_MISSING');
      if (!phaseOk(round)) return refused('ROUND_PHASE');
      const ref = tx.collection(Collections.starCandidates).doc<StarCandidateDoc>(id);
      const existing = (await ref.get()).data;
      let after: StarCandidateDoc;
      if (change.kind === 'nominate') {
        if (existing) return refused('EXISTS');
        if ((round.nominations ?? 0) >= NOMINATIONS_MAX) return refused('TOO_MANY_NOMINATIONS');
        after = change.candidate;
      } else {
        if (!existing) return refused('MISSING');
        if (existing.nomination !== 'proposed') return refused('NOT_PROPOSED');
        after = { ...existing, nomination: change.accept ? 'accepted' : 'declined', declineReason: change.accept ? null : change.reason, decidedAt: now };
      }
      const accepting = after.nomination === 'accepted' && !round.candidateIds.includes(memberId);
      if (accepting && round.candidateIds.length >= MAX_CANDIDATES) return refused('FULL');
      if (existing) await ref.update({ nomination: after.nomination, declineReason: after.declineReason, decidedAt: after.decidedAt });
      else {
        const { _id, ...doc } = after;
        await ref.set(doc);
      }
      const roundChanges = {
        ...(accepting ? { candidateIds: [...round.candidateIds, memberId] } : {}),
        ...(existing ? {} : { nominations: (round.nominations ?? 0) + 1 }),
      };
      if (Object.keys(roundChanges).length) await roundRef.update(roundChanges);
      await auditIn(tx, entry(audit, Collections.starCandidates, id, existing ? { nomination: existing.nomination } : null, { nomination: after.nomination, deeds: after.deeds, declineReason: after.declineReason }), now);
      return applied({ ...after, _id: id });
    });
    return outcome === 'CONFLICT' ? refused('CONFLICT') : outcome;
  },

  // ---- ballots ----

  /** One write: the ballot under its fixed id. `EXISTS` when this voter's ballot is already there. */
  async castBallot(ballot: StarBallotDoc): Promise<RepoResult<null, 'EXISTS'>> {
    try {
      await ballots().add(ballot);
      return applied();
    } catch (err) {
      if (isDuplicateKey(err)) return refused('EXISTS');
      throw err;
    }
  },

  ballotById(id: string): Promise<Pick<StarBallotDoc, '_id' | 'choices' | 'at'> | null> {
    return first(ballots().doc(id).field({ choices: true, at: true }).get());
  },

  /** Ballots cast in a round, counted on the by_round index. */
  async ballotCount(roundId: string): Promise<number> {
    return (await ballots().where({ roundId }).count()).total;
  },

  /** The electorate: bound students and members whose home is in the buildings (index by_building_role). */
  async electorateCount(buildingIds: string[]): Promise<number> {
    const _ = database().command;
    return (await database().collection(Collections.users).where({ buildingId: _.in(buildingIds), role: _.in(['student', 'member']) }).count()).total;
  },

  /** Votes per candidate: an aggregation over the round's ballots (unwind the choices, group). */
  async votesPerCandidate(roundId: string): Promise<Array<{ memberId: string; votes: number }>> {
    const { data } = await ballots().aggregate().match({ roundId }).unwind('$choices').group({ _id: '$choices', votes: { $sum: 1 } }).end();
    return (data as Array<{ _id: string; votes: number }>).map((r) => ({ memberId: r._id, votes: r.votes }));
  },

  /** Ballots in the round and how many came from identities bound shortly before. */
  async ballotTotals(roundId: string): Promise<{ ballots: number; recentBind: number }> {
    const { data } = await ballots()
      .aggregate()
      .match({ roundId })
      .group({ _id: null, ballots: { $sum: 1 }, recentBind: { $sum: { $cond: ['$recentBind', 1, 0] } } })
      .end();
    const row = (data as Array<{ ballots: number; recentBind: number }>)[0];
    return { ballots: row?.ballots ?? 0, recentBind: row?.recentBind ?? 0 };
  },

  /** Client IPs that sent at least `min` ballots, most first. */
  async sharedIps(roundId: string, min: number): Promise<Array<{ ip: string; ballots: number }>> {
    const { data } = await ballots()
      .aggregate()
      .match({ roundId })
      .group({ _id: '$clientIp', ballots: { $sum: 1 } })
      // An unknown address (none reported) is no shared one.
      .match({ ballots: { $gte: min }, _id: { $nin: ['', null] } })
      .sort({ ballots: -1, _id: 1 })
      .limit(20)
      .end();
    return (data as Array<{ _id: string; ballots: number }>).map((r) => ({ ip: r._id, ballots: r.ballots }));
  },

  /** Candidates who got at least `min` votes within one minute, most first. */
  async bursts(roundId: string, min: number): Promise<Array<{ memberId: string; minute: number; votes: number }>> {
    const { data } = await ballots()
      .aggregate()
      .match({ roundId })
      .unwind('$choices')
      .group({ _id: { memberId: '$choices', minute: '$minute' }, votes: { $sum: 1 } })
      .match({ votes: { $gte: min } })
      .sort({ votes: -1 })
      .limit(20)
      .end();
    return (data as Array<{ _id: { memberId: string; minute: number }; votes: number }>).map((r) => ({ ...r._id, votes: r.votes }));
  },

  /**
   * Stores the tally once: open -> tallied in a transaction that reads the round, so two closes or two
   * timer firings store it once (the second finds it tallied). Audited.
   */
  async storeTally(
    roundId: string,
    tally: Pick<StarRoundDoc, 'tally' | 'flags' | 'ballots' | 'electorate'>,
    audit: Audit,
    now: Date,
  ): Promise<RepoResult<StarRoundDoc, 'MISSING' | 'NOT_OPEN' | 'CONFLICT'>> {
    const outcome = await attempt(async (tx): Promise<RepoResult<StarRoundDoc, 'MISSING' | 'NOT_OPEN'>> => {
      const ref = tx.collection(Collections.starRounds).doc<StarRoundDoc>(roundId);
      const round = (await ref.get()).data;
      if (!round) return refused('MISSING');
      if (round.state !== 'open') return refused('NOT_OPEN');
      const changes = { ...tally, state: 'tallied' as const, talliedAt: now };
      await ref.update(changes);
      await auditIn(tx, entry(audit, Collections.starRounds, roundId, { state: round.state }, { state: 'tallied', ballots: tally.ballots, electorate: tally.electorate, tally: tally.tally }), now);
      return applied({ ...round, ...changes, _id: roundId });
    });
    return outcome === 'CONFLICT' ? refused('CONFLICT') : outcome;
  },

  /** tallied -> published with the star and the end of 公示. Audited (with the reason when it is not the leader). */
  async publish(
    roundId: string,
    star: { memberId: string; name: string; reason: string | null; noticeUntil: Date },
    audit: Audit,
    now: Date,
  ): Promise<RepoResult<StarRoundDoc, 'MISSING' | 'NOT_TALLIED' | 'CONFLICT'>> {
    const outcome = await attempt(async (tx): Promise<RepoResult<StarRoundDoc, 'MISSING' | 'NOT_TALLIED'>> => {
      const ref = tx.collection(Collections.starRounds).doc<StarRoundDoc>(roundId);
      const round = (await ref.get()).data;
      if (!round) return refused('MISSING');
      if (round.state !== 'tallied') return refused('NOT_TALLIED');
      const changes = {
        state: 'published' as const, star: { memberId: star.memberId, name: star.name }, starReason: star.reason,
        publishedAt: now, noticeUntil: star.noticeUntil, publication: (round.publication ?? 0) + 1,
      };
      // An object value is merged field by field by the SDK; the star replaces a null, so it is set whole.
      await ref.update({ ...changes, star: database().command.set(changes.star) });
      await auditIn(tx, entry(audit, Collections.starRounds, roundId, { state: round.state, star: round.star }, changes), now);
      return applied({ ...round, ...changes, _id: roundId });
    });
    return outcome === 'CONFLICT' ? refused('CONFLICT') : outcome;
  },

  /**
   * published (公示 over, no open objection) -> final, and the month added once to the member's
   * `stars`, in one transaction with its audit. `isDue` is checked on the round read in it.
   */
  async finalise(roundId: string, isDue: (round: StarRoundDoc) => boolean, audit: Audit, now: Date): Promise<RepoResult<StarRoundDoc, 'MISSING' | 'NOT_DUE' | 'CONFLICT'>> {
    // The 每月之星 badge (issue 11) is awarded in this transaction, once per member and month; none while retired.
    const monthStar = await activeBadge('monthStar');
    const outcome = await attempt(async (tx): Promise<RepoResult<StarRoundDoc, 'MISSING' | 'NOT_DUE'>> => {
      const ref = tx.collection(Collections.starRounds).doc<StarRoundDoc>(roundId);
      const round = (await ref.get()).data;
      if (!round) return refused('MISSING');
      if (round.state !== 'published' || !round.star || !isDue(round)) return refused('NOT_DUE');
      const memberRef = tx.collection(Collections.members).doc<MemberDoc>(round.star.memberId);
      const member = (await memberRef.get()).data;
      await ref.update({ state: 'final', finalAt: now });
      if (member && !(member.stars ?? []).includes(round.month)) {
        await memberRef.update({ stars: [...(member.stars ?? []), round.month] });
        await markPointsDirtyIn(tx, { kind: 'member', id: round.star.memberId }, now);
      }
      if (member && monthStar) await monthStarIn(tx, monthStar, { _id: round.star.memberId, name: member.name, buildingId: member.buildingId }, round, now);
      await auditIn(tx, entry(audit, Collections.starRounds, roundId, { state: round.state }, { state: 'final', star: round.star, month: round.month }), now);
      return applied({ ...round, state: 'final' as const, finalAt: now, _id: roundId });
    });
    return outcome === 'CONFLICT' ? refused('CONFLICT') : outcome;
  },

  // ---- objections ----

  /** An objection, only while the round is published and 公示 runs (`inNotice`, checked on the round read in the transaction). */
  async object(objection: StarObjectionDoc, inNotice: (round: StarRoundDoc) => boolean): Promise<RepoResult<null, 'ROUND_PHASE' | 'EXISTS' | 'CONFLICT'>> {
    try {
      const outcome = await attempt(async (tx): Promise<RepoResult<null, 'ROUND_PHASE' | 'EXISTS'>> => {
        const round = (await tx.collection(Collections.starRounds).doc<StarRoundDoc>(objection.roundId).get()).data;
        if (!round || !inNotice(round) || round.publication !== objection.publication) return refused('ROUND_PHASE');
        const ref = tx.collection(Collections.starObjections).doc<StarObjectionDoc>(objection._id);
        if ((await ref.get()).data) return refused('EXISTS');
        const { _id, ...doc } = objection;
        await ref.set(doc);
        return applied();
      });
      return outcome === 'CONFLICT' ? refused('CONFLICT') : outcome;
    } catch (err) {
      if (isDuplicateKey(err)) return refused('EXISTS');
      throw err;
    }
  },

  objectionById(id: string): Promise<StarObjectionDoc | null> {
    return first<StarObjectionDoc>(objections().doc(id).get());
  },

  async openObjections(roundId: string): Promise<number> {
    return (await objections().where({ roundId, status: 'open' }).count()).total;
  },

  /** A round's objections, open first then newest (index by_round_list), after the cursor, plus one. */
  async objectionsPage(roundId: string, after: PageCursor | null, limit: number): Promise<{ items: StarObjectionDoc[]; more: boolean }> {
    const _ = database().command;
    const base = { roundId };
    const where = after ? _.and([base, _.or([{ listAt: _.lt(after.at) }, { listAt: after.at, _id: _.lt(after.id) }])]) : base;
    const { data } = await objections().where(where).orderBy('listAt', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
    const docs = data as StarObjectionDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /**
   * Answers an open objection; upholding it withdraws the published star (the round goes back to
   * tallied for a new confirmation; the withdrawn star is kept in `withdrawn`). One transaction, audited.
   */
  async answerObjection(
    id: string,
    answer: { uphold: boolean; text: string; by: string },
    audit: Audit,
    now: Date,
  ): Promise<RepoResult<StarObjectionDoc, 'MISSING' | 'ANSWERED' | 'CONFLICT'>> {
    const outcome = await attempt(async (tx): Promise<RepoResult<StarObjectionDoc, 'MISSING' | 'ANSWERED'>> => {
      const ref = tx.collection(Collections.starObjections).doc<StarObjectionDoc>(id);
      const objection = (await ref.get()).data;
      if (!objection) return refused('MISSING');
      if (objection.status !== 'open') return refused('ANSWERED');
      const roundRef = tx.collection(Collections.starRounds).doc<StarRoundDoc>(objection.roundId);
      const round = answer.uphold ? (await roundRef.get()).data : null;
      const changes = { status: answer.uphold ? ('upheld' as const) : ('dismissed' as const), answer: answer.text, answeredAt: now, answeredBy: answer.by, listAt: objection.createdAt };
      await ref.update(changes);
      if (round && round.state === 'published' && round.star && round.publication === objection.publication) {
        await roundRef.update({
          state: 'tallied', star: null, starReason: null, publishedAt: null, noticeUntil: null,
          withdrawn: [...(round.withdrawn ?? []), { ...round.star, objectionId: id, at: now }],
        });
      }
      await auditIn(tx, entry(audit, Collections.starObjections, id, { status: objection.status }, { ...changes, withdrawnStar: round?.star ?? null }), now);
      return applied({ ...objection, ...changes, _id: id });
    });
    return outcome === 'CONFLICT' ? refused('CONFLICT') : outcome;
  },
};
