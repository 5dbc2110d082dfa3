import type { MemberStatus } from '../model';
import { DAY_MS } from './china-time';

/**
 * The monthly 党员之星 vote (docs/glossary.md: round, nomination, deeds, ballot, tally, notice,
 * objection, turnout): the rules the vote page and the `star` function both apply. Pure: the caller
 * passes `now`.
 */

/** Votes each voter has in a round (K): 1 to 3, 1 unless the round says otherwise. */
export const VOTES_MIN = 1;
export const VOTES_MAX = 3;
export const VOTES_DEFAULT = 1;
/** 公示 lasts 7 days unless the round says otherwise (seed 004: 公示期 7 天). */
export const NOTICE_DAYS_DEFAULT = 7;
export const NOTICE_DAYS_MAX = 30;
/** A round holds at most this many accepted candidates: a ballot page a student can read, and a bounded list. */
export const MAX_CANDIDATES = 30;
/** The voting window is at least an hour and at most 31 days. */
export const VOTE_WINDOW_MIN_MS = 60 * 60 * 1000;
export const VOTE_WINDOW_MAX_MS = 31 * DAY_MS;

/** Stored state of a round; the phase a person sees follows from it and the clock. */
export type RoundState = 'open' | 'tallied' | 'published' | 'final';

/**
 * - `upcoming`: before nominations open; `nominating`; `awaitingVote`: nominations closed, voting not yet open;
 * - `voting`; `counting`: the voting window has ended, the tally is not stored yet (the timer or the counselor's close stores it);
 * - `tallied`: the counselor sees the tally and confirms the star (also after an upheld objection);
 * - `notice`: published, 公示 running, objections open; `noticeEnded`: 公示 over, waiting for open objections to be answered (or the timer);
 * - `final`: the star is awarded.
 */
export type RoundPhase = 'upcoming' | 'nominating' | 'awaitingVote' | 'voting' | 'counting' | 'tallied' | 'notice' | 'noticeEnded' | 'final';

export const roundPhaseLabels: Record<RoundPhase, string> = {
  upcoming: '未开始',
  nominating: '提名中',
  awaitingVote: '待投票',
  voting: '投票中',
  counting: '计票中',
  tallied: '待公布',
  notice: '公示中',
  noticeEnded: '公示结束',
  final: '已评定',
};

export interface RoundTimes {
  state: RoundState;
  nominateFrom: Date;
  nominateUntil: Date;
  voteFrom: Date;
  voteUntil: Date;
  /** Set when published: the end of 公示. */
  noticeUntil?: Date | null;
}

/** The phase of a round at `now`. Windows are half-open: [from, until). */
export function roundPhase(round: RoundTimes, now: Date): RoundPhase {
  const t = now.getTime();
  switch (round.state) {
    case 'final':
      return 'final';
    case 'published':
      return round.noticeUntil && t < round.noticeUntil.getTime() ? 'notice' : 'noticeEnded';
    case 'tallied':
      return 'tallied';
    case 'open':
      if (t < round.nominateFrom.getTime()) return 'upcoming';
      if (t < round.nominateUntil.getTime()) return 'nominating';
      if (t < round.voteFrom.getTime()) return 'awaitingVote';
      if (t < round.voteUntil.getTime()) return 'voting';
      return 'counting';
  }
}

export type WindowError = { field: 'nominateUntil' | 'voteFrom' | 'voteUntil'; message: string };

/** The windows a counselor sets: nominations, then voting (at least an hour, at most 31 days), ending after `now`. */
export function checkWindows(w: Pick<RoundTimes, 'nominateFrom' | 'nominateUntil' | 'voteFrom' | 'voteUntil'>, now: Date): WindowError | null {
  if (w.nominateUntil.getTime() <= w.nominateFrom.getTime()) return { field: 'nominateUntil', message: '提名截止时间需晚于提名开始时间' };
  if (w.voteFrom.getTime() < w.nominateUntil.getTime()) return { field: 'voteFrom', message: '投票需在提名截止后开始' };
  const length = w.voteUntil.getTime() - w.voteFrom.getTime();
  if (length < VOTE_WINDOW_MIN_MS) return { field: 'voteUntil', message: '投票时间至少1小时' };
  if (length > VOTE_WINDOW_MAX_MS) return { field: 'voteUntil', message: '投票时间最长31天' };
  if (w.voteUntil.getTime() <= now.getTime()) return { field: 'voteUntil', message: '投票截止时间已过' };
  return null;
}

/** The end of 公示 for a round published at `publishedAt`. */
export function noticeUntil(publishedAt: Date, noticeDays: number): Date {
  return new Date(publishedAt.getTime() + noticeDays * DAY_MS);
}

/** 表现突出学生党员: full and probationary members who consent to public display can stand. */
export const CANDIDATE_STATUSES: readonly MemberStatus[] = ['full', 'probationary'];

export type CandidateRefusal = 'status' | 'consent';

export function candidateRefusal(member: { status: MemberStatus; consent?: { public: boolean } | null }): CandidateRefusal | null {
  if (!CANDIDATE_STATUSES.includes(member.status)) return 'status';
  if (member.consent?.public !== true) return 'consent';
  return null;
}

export const candidateRefusalMessages: Record<CandidateRefusal, string> = {
  status: '只有正式党员和预备党员可以参评每月之星',
  consent: '该党员未同意公开展示，不能作为候选人（候选人卡片与门牌遵循同样的公开规则）',
};

/** The electorate: bound students and members whose room is in one of the round's buildings. */
export function inElectorate(voter: { role: string; buildingId: string | null }, buildingIds: readonly string[]): boolean {
  return (voter.role === 'student' || voter.role === 'member') && voter.buildingId !== null && buildingIds.includes(voter.buildingId);
}

export type BallotError = 'EMPTY' | 'TOO_MANY' | 'DUPLICATE' | 'NOT_CANDIDATE' | 'SELF_VOTE';

export const ballotErrorMessages: Record<BallotError, string> = {
  EMPTY: '请至少选择一位候选人',
  TOO_MANY: '选择的人数超过了本轮可投票数',
  DUPLICATE: '同一位候选人只能投一票',
  NOT_CANDIDATE: '所选的人不是本轮的候选人',
  SELF_VOTE: '不能投票给自己',
};

/** A ballot: 1..K distinct accepted candidates, never oneself. */
export function checkBallot(
  choice: readonly string[],
  round: { votesPerVoter: number; candidateIds: readonly string[] },
  voterMemberId: string | null,
): BallotError | null {
  if (choice.length === 0) return 'EMPTY';
  if (new Set(choice).size !== choice.length) return 'DUPLICATE';
  if (choice.length > round.votesPerVoter) return 'TOO_MANY';
  if (voterMemberId !== null && choice.includes(voterMemberId)) return 'SELF_VOTE';
  if (choice.some((id) => !round.candidateIds.includes(id))) return 'NOT_CANDIDATE';
  return null;
}

/** One ballot per voter per round, keyed by the roster identity (学号), not the WeChat account. */
export function ballotId(roundId: string, rosterId: string): string {
  return `${roundId}_${rosterId}`;
}

export interface TallyRow {
  memberId: string;
  votes: number;
}

/** Most votes first; ties by member id so the order is the same for everyone. */
export function rankTally<T extends TallyRow>(rows: readonly T[]): Array<T & { rank: number }> {
  const sorted = [...rows].sort((a, b) => b.votes - a.votes || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
  return sorted.map((row) => ({ ...row, rank: 1 + sorted.filter((r) => r.votes > row.votes).length }));
}

/** The candidates with the most votes (several when tied; none when nobody voted). */
export function leaders(rows: readonly TallyRow[]): string[] {
  const top = Math.max(0, ...rows.map((r) => r.votes));
  return top === 0 ? [] : rows.filter((r) => r.votes === top).map((r) => r.memberId);
}

/** Choosing someone other than a leader needs a written reason (audited). */
export function starNeedsReason(chosen: string, rows: readonly TallyRow[]): boolean {
  return !leaders(rows).includes(chosen);
}

/**
 * Anomaly flags shown to the counselor with the tally: they inform, never block.
 * - recentBind: the voter's identity was bound less than RECENT_BIND_MS before the ballot;
 * - burst: at least BURST_SIZE ballots for one candidate within one minute;
 * - sharedIp: at least SHARED_IP_SIZE ballots from one client IP.
 */
export const RECENT_BIND_MS = 24 * 60 * 60 * 1000;
export const BURST_WINDOW_MS = 60 * 1000;
export const BURST_SIZE = 10;
export const SHARED_IP_SIZE = 5;

export type FlagKind = 'recentBind' | 'burst' | 'sharedIp';

export const flagLabels: Record<FlagKind, string> = {
  recentBind: '投票前24小时内新绑定的身份',
  burst: '1分钟内同一候选人集中得票',
  sharedIp: '同一网络地址提交多张选票',
};

/** A star's title on the plaque and the wall: `2026-11` -> `2026年11月 每月之星`. */
export function starTitle(month: string): string {
  const [year, m] = month.split('-');
  return `${year}年${Number(m)}月 每月之星`;
}

/** A month key `YYYY-MM`. */
export function isMonthKey(month: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
}

/**
 * The tally is stored only this long after the voting window ends: longer than the star function's
 * timeout, so every ballot accepted before `voteUntil` has committed when the ballots are counted
 * (a vote at the closing instant is counted or refused, never half).
 */
export const TALLY_SETTLE_MS = 60 * 1000;

/** The tally may be stored (by the counselor's close or the timer) from this instant on. */
export function tallyDue(round: Pick<RoundTimes, 'voteUntil'>, now: Date): boolean {
  return now.getTime() >= round.voteUntil.getTime() + TALLY_SETTLE_MS;
}

/** 公示 has ended and settled (an objection filed at its last instant has committed): the star may become final. */
export function finalDue(round: Pick<RoundTimes, 'noticeUntil'>, now: Date): boolean {
  return !!round.noticeUntil && now.getTime() >= round.noticeUntil.getTime() + TALLY_SETTLE_MS;
}

/** Votes are taken in [voteFrom, voteUntil) while the round is open. */
export function votingOpen(round: RoundTimes, now: Date): boolean {
  return roundPhase(round, now) === 'voting';
}

/**
 * A round's id from its month and the set of its buildings (order does not matter): the same round
 * cannot be opened twice, since a second one has the same id. A 64-bit FNV-1a of the sorted ids keeps
 * it short (ids of candidates and ballots are built on it).
 */
export function roundIdFor(month: string, buildingIds: readonly string[]): string {
  const text = [...new Set(buildingIds)].sort().join(',');
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return `${month}_${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
}

/** The candidate document of a member in a round (one nomination per member per round). */
export function candidateId(roundId: string, memberId: string): string {
  return `${roundId}_${memberId}`;
}

/** One objection per voter per publication of the round (an upheld objection leads to a new publication). */
export function objectionId(roundId: string, publication: number, rosterId: string): string {
  return `${roundId}_${publication}_${rosterId}`;
}

/** A ballot is the same one again (a retry) when it names the same candidates, in any order. */
export function sameChoice(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}

/** A voter whose identity was bound less than RECENT_BIND_MS before the ballot. */
export function recentlyBound(boundAt: Date | null, at: Date): boolean {
  return boundAt !== null && at.getTime() - boundAt.getTime() < RECENT_BIND_MS;
}

/** An IP as the counselor sees it in a flag: the last part hidden. */
export function maskIp(ip: string): string {
  if (ip.includes('.')) return ip.replace(/\.\d+$/, '.*');
  return ip.replace(/:[^:]*$/, ':*');
}
