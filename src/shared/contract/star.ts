import { z } from 'zod';
import { BadgeTag, Id, MemberStatus } from '../model';
import { action, type FunctionContract } from './define';
import { Ok, PageInput, Timestamp, nextCursorOutput } from './common';
import {
  isMonthKey,
  MAX_CANDIDATES,
  NOTICE_DAYS_DEFAULT,
  NOTICE_DAYS_MAX,
  VOTES_DEFAULT,
  VOTES_MAX,
  VOTES_MIN,
  type FlagKind,
  type RoundPhase as RoundPhaseType,
} from '../domain/star';

/**
 * The monthly 党员之星 vote (function `star`). Rules: src/shared/domain/star.ts. Before the tally is
 * stored nobody sees per-candidate counts (counselors see turnout); the tally is public only once
 * published.
 */
export const Month = z.string().refine(isMonthKey, '月份格式为 YYYY-MM');
const Deeds = z.string().trim().min(10, '事迹请至少写10个字').max(300, '事迹最多300字');
const Reason = z.string().trim().min(5, '请至少写5个字').max(300);

export const RoundPhase = z.enum(['upcoming', 'nominating', 'awaitingVote', 'voting', 'counting', 'tallied', 'notice', 'noticeEnded', 'final']);
const phaseComplete: z.infer<typeof RoundPhase> extends RoundPhaseType ? (RoundPhaseType extends z.infer<typeof RoundPhase> ? true : false) : false = true;
void phaseComplete;

export const RoundSummary = z
  .object({
    id: Id,
    month: z.string(),
    title: z.string(),
    /** e.g. `智园 1号楼、2号楼`. */
    scopeLabel: z.string(),
    buildingIds: z.array(Id),
    phase: RoundPhase,
    nominateFrom: Timestamp,
    nominateUntil: Timestamp,
    voteFrom: Timestamp,
    voteUntil: Timestamp,
    noticeDays: z.number().int(),
    noticeUntil: Timestamp.nullable(),
    votesPerVoter: z.number().int(),
    /** The published (or final) star; null before publication. */
    star: z.object({ memberId: Id, name: z.string() }).strict().nullable(),
  })
  .strict();
export type RoundSummary = z.infer<typeof RoundSummary>;

export const NominationStatus = z.enum(['proposed', 'accepted', 'declined']);

/** A candidate's card: what the plaque may show (consenting members only), the deeds and the figures the system fills in. */
export const Candidate = z
  .object({
    memberId: Id,
    name: z.string(),
    photoUrl: z.string().nullable(),
    status: MemberStatus,
    branchName: z.string().nullable(),
    deeds: z.string(),
    figures: z.object({ monthHours: z.number().min(0), termHours: z.number().min(0), badges: z.array(BadgeTag) }).strict(),
    nomination: NominationStatus,
    /** Self-nominated (自荐) rather than nominated by the counselor. */
    self: z.boolean(),
    /** Counselor view only: why a nomination was declined. */
    declineReason: z.string().nullable(),
  })
  .strict();
export type Candidate = z.infer<typeof Candidate>;

export const TallyRow = z.object({ memberId: Id, name: z.string(), votes: z.number().int().min(0), rank: z.number().int().min(1) }).strict();
export const Flag = z
  .object({ kind: z.enum(['recentBind', 'burst', 'sharedIp'] as const satisfies readonly FlagKind[]), count: z.number().int(), detail: z.string() })
  .strict();

export const ObjectionStatus = z.enum(['open', 'upheld', 'dismissed']);
export const Objection = z
  .object({
    id: Id,
    roundId: Id,
    reason: z.string(),
    status: ObjectionStatus,
    createdAt: Timestamp,
    answer: z.string().nullable(),
    answeredAt: Timestamp.nullable(),
  })
  .strict();

const RoundScope = z
  .object({ communityId: Id.optional(), buildingIds: z.array(Id).min(1).max(50).optional() })
  .strict()
  .refine((s) => (s.communityId === undefined) !== (s.buildingIds === undefined), '请选择一个社区，或选择若干楼栋');

export const starContract = {
  createRound: action({
    summary: 'open a round for a month and a scope (a community, or buildings in the caller’s scope), with its windows, 公示 days and K; audited',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z
      .object({
        month: Month,
        scope: RoundScope,
        title: z.string().trim().max(30).optional(),
        nominateFrom: Timestamp,
        nominateUntil: Timestamp,
        voteFrom: Timestamp,
        voteUntil: Timestamp,
        noticeDays: z.number().int().min(1).max(NOTICE_DAYS_MAX).default(NOTICE_DAYS_DEFAULT),
        votesPerVoter: z.number().int().min(VOTES_MIN).max(VOTES_MAX).default(VOTES_DEFAULT),
      })
      .strict(),
    output: z.object({ round: RoundSummary }).strict(),
  }),
  rounds: action({
    summary: 'rounds the caller can see (students and members: their building’s; counselors: their scope’s; admins: all), newest first, cursor-paged',
    roles: ['student', 'member', 'counselor', 'admin'],
    errors: [],
    input: z.object({ ...PageInput }).strict(),
    output: z.object({ items: z.array(RoundSummary), nextCursor: nextCursorOutput }).strict(),
  }),
  round: action({
    summary: 'one round: candidates, the caller’s ballot and objection, turnout (staff), the tally (staff once tallied; everyone once published), flags (staff)',
    roles: ['student', 'member', 'counselor', 'admin'],
    errors: ['NOT_FOUND', 'FORBIDDEN'],
    input: z.object({ id: Id }).strict(),
    output: z
      .object({
        round: RoundSummary,
        /** Accepted candidates for voters; every nomination for staff. At most MAX_CANDIDATES accepted. */
        candidates: z.array(Candidate).max(MAX_CANDIDATES * 4),
        me: z
          .object({
            inElectorate: z.boolean(),
            votedFor: z.array(Id).nullable(),
            votedAt: Timestamp.nullable(),
            /** The caller's own nomination, for a member. */
            nomination: NominationStatus.nullable(),
            objection: Objection.nullable(),
          })
          .strict()
          .nullable(),
        turnout: z.object({ voted: z.number().int(), electorate: z.number().int() }).strict().nullable(),
        tally: z.array(TallyRow).nullable(),
        flags: z.array(Flag).nullable(),
        /** Why the star differs from the top of the tally, when it does (public once published). */
        starReason: z.string().nullable(),
      })
      .strict(),
  }),
  eligibleMembers: action({
    summary: 'members in the round’s scope who may stand (full or probationary, consenting), with their figures, for the counselor’s nomination picker; cursor-paged',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ roundId: Id, ...PageInput }).strict(),
    output: z
      .object({
        items: z.array(z.object({ memberId: Id, name: z.string(), status: MemberStatus, roomLabel: z.string(), monthHours: z.number(), termHours: z.number(), nominated: z.boolean() }).strict()),
        nextCursor: nextCursorOutput,
      })
      .strict(),
  }),
  nominate: action({
    summary: 'the counselor nominates a member in scope with their deeds (content-checked); accepted at once; audited',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE', 'ROUND_PHASE', 'NOT_ELIGIBLE', 'CONTENT_REJECTED', 'CONTENT_CHECK_UNAVAILABLE'],
    input: z.object({ roundId: Id, memberId: Id, deeds: Deeds }).strict(),
    output: z.object({ candidate: Candidate }).strict(),
  }),
  selfNominate: action({
    summary: 'a member puts themselves forward with their deeds (content-checked); the counselor accepts or declines',
    roles: ['member'],
    errors: ['NOT_FOUND', 'INVALID_STATE', 'ROUND_PHASE', 'NOT_ELIGIBLE', 'NOT_IN_ELECTORATE', 'CONTENT_REJECTED', 'CONTENT_CHECK_UNAVAILABLE'],
    input: z.object({ roundId: Id, deeds: Deeds }).strict(),
    output: z.object({ candidate: Candidate }).strict(),
  }),
  decideNomination: action({
    summary: 'accept or decline a self-nomination (declining needs a reason); audited',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE', 'ROUND_PHASE', 'NOT_ELIGIBLE'],
    input: z.object({ roundId: Id, memberId: Id, accept: z.boolean(), reason: z.string().trim().max(200).optional() }).strict(),
    output: Ok,
  }),
  vote: action({
    summary: 'cast the caller’s one ballot of the round (1..K candidates, final); keyed by the roster identity; one write',
    roles: ['student', 'member'],
    errors: ['NOT_FOUND', 'ROUND_PHASE', 'NOT_IN_ELECTORATE', 'ALREADY_VOTED', 'SELF_VOTE'],
    input: z.object({ roundId: Id, candidateIds: z.array(Id).min(1, '请至少选择一位候选人').max(VOTES_MAX) }).strict(),
    output: z.object({ votedFor: z.array(Id), votedAt: Timestamp }).strict(),
  }),
  close: action({
    summary: 'after the voting window: store the tally once (the timer does the same; whichever comes first), with anomaly flags',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'ROUND_PHASE'],
    input: z.object({ roundId: Id }).strict(),
    output: z.object({ round: RoundSummary }).strict(),
  }),
  publish: action({
    summary: 'confirm the star (another than the top of the tally needs a reason) and start 公示; audited',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE', 'ROUND_PHASE'],
    input: z.object({ roundId: Id, memberId: Id, reason: z.string().trim().max(300).optional() }).strict(),
    output: z.object({ round: RoundSummary }).strict(),
  }),
  object: action({
    summary: 'a voter of the round raises an objection (异议) during 公示, once per voter; it reaches the counselor',
    roles: ['student', 'member'],
    errors: ['NOT_FOUND', 'ROUND_PHASE', 'CONTENT_REJECTED', 'CONTENT_CHECK_UNAVAILABLE'],
    input: z.object({ roundId: Id, reason: Reason }).strict(),
    output: z.object({ objection: Objection }).strict(),
  }),
  objections: action({
    summary: 'a round’s objections, open first then newest, cursor-paged',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ roundId: Id, ...PageInput }).strict(),
    output: z.object({ items: z.array(Objection), nextCursor: nextCursorOutput }).strict(),
  }),
  answerObjection: action({
    summary: 'answer an objection: dismiss, or uphold (the star is withdrawn and the round goes back to confirmation); audited',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ objectionId: Id, uphold: z.boolean(), answer: Reason }).strict(),
    output: Ok,
  }),
  exportTally: action({
    summary: 'a tallied round’s tally and flags as an .xlsx for the 党总支’s records; audited',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'ROUND_PHASE'],
    input: z.object({ roundId: Id }).strict(),
    output: z.object({ fileID: z.string(), rows: z.number().int(), url: z.string() }).strict(),
  }),
  yearStars: action({
    summary: 'a year’s final monthly stars with their tallies, for choosing the year’s 党员之星; cursor-paged',
    roles: ['student', 'member', 'counselor', 'admin'],
    errors: [],
    input: z.object({ year: z.number().int().min(2020).max(2100), ...PageInput }).strict(),
    output: z
      .object({
        items: z.array(z.object({ roundId: Id, month: z.string(), scopeLabel: z.string(), star: z.object({ memberId: Id, name: z.string() }).strict(), votes: z.number().int(), ballots: z.number().int() }).strict()),
        nextCursor: nextCursorOutput,
      })
      .strict(),
  }),
} satisfies FunctionContract;
