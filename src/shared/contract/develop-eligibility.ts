import { z } from 'zod';
import { isCalendarDate } from '../domain/china-time';
import { POINT_KINDS } from '../domain/points';
import { Id, MemberStatus } from '../model';
import { action, type FunctionContract } from './define';
import { nextCursorOutput, PageInput, Timestamp } from './common';

/**
 * Section of issue 11 (point 5): the eligibility checklist, the points ledger and rules, the
 * counselor's views, and the experiences a counselor records as evidence. Rules in
 * src/shared/domain/eligibility.ts (`checklistFor`) and src/shared/domain/points.ts (`pointsLedger`).
 * Points are a reference for the branch, never an automatic decision.
 */

const STAFF = ['counselor', 'admin'] as const;
const DateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD').refine(isCalendarDate, '日期不存在');
const ExperienceKindSchema = z.enum(['volunteer', 'socialPractice', 'helpingPeers']);
const Source = z.object({ collection: z.string(), id: z.string() }).strict();

export const EvidenceView = z.object({ label: z.string(), date: z.string().nullable(), source: Source.nullable() }).strict();
export const ChecklistItemView = z
  .object({
    key: z.enum(['probationYear', 'hours50', 'roomNotFlagged', 'linkedVisits', 'dutyShifts', 'volunteerExperience', 'socialPractice', 'helpingPeers', 'badgesAndStars']),
    label: z.string(),
    state: z.enum(['met', 'unmet', 'info']),
    detail: z.string(),
    evidence: z.array(EvidenceView),
    blocks: z.boolean(),
  })
  .strict();
export type ChecklistItemView = z.infer<typeof ChecklistItemView>;

export const LedgerLineView = z
  .object({ kind: z.enum(POINT_KINDS), label: z.string(), termKey: z.string(), at: Timestamp, units: z.number(), points: z.number(), capped: z.boolean(), source: Source })
  .strict();
export type LedgerLineView = z.infer<typeof LedgerLineView>;

export const PointRuleSchema = z
  .object({
    kind: z.enum(POINT_KINDS),
    points: z.number().int('分值须为整数').min(-100, '每项分值在 -100 到 100 之间').max(100, '每项分值在 -100 到 100 之间'),
    capPerTerm: z.number().int('上限须为整数').min(1, '每学期上限至少 1 分').max(1000, '每学期上限最多 1000 分').nullable(),
  })
  .strict();

const ExperienceView = z
  .object({
    id: Id, kind: ExperienceKindSchema, title: z.string(), date: z.string(), description: z.string(), recordedByName: z.string(), recordedAt: Timestamp,
    correctsId: Id.nullable(), withdrawn: z.boolean(), reason: z.string().nullable(), correctedBy: Id.nullable(),
  })
  .strict();

const Blockers = z.array(z.string());

export const developEligibilityContract = {
  eligibility: action({
    summary: 'a member’s checklist for the next development step (each item with state and evidence) and points ledger (every line with its source); a member sees their own, a counselor those in their buildings; the points projection is updated',
    roles: ['member', 'counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ memberId: Id.optional() }).strict(),
    output: z
      .object({
        member: z.object({ id: Id, name: z.string(), status: MemberStatus, roomLabel: z.string(), probationStartedAt: Timestamp.nullable() }).strict(),
        checklist: z.array(ChecklistItemView),
        ledger: z.object({ lines: z.array(LedgerLineView), total: z.number(), truncated: z.boolean() }).strict(),
        computedAt: Timestamp,
      })
      .strict(),
  }),
  memberExperiences: action({
    summary: 'every experience record of a member (corrections and withdrawn ones included, newest first): the member their own, a counselor in scope',
    roles: ['member', 'counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ memberId: Id.optional() }).strict(),
    output: z.object({ items: z.array(ExperienceView) }).strict(),
  }),
  recordExperience: action({
    summary: 'a counselor records an experience (志愿者, 社会实践, 帮扶) as evidence for a member in their buildings (audited)',
    roles: STAFF,
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z
      .object({ memberId: Id, kind: ExperienceKindSchema, title: z.string().trim().min(2, '请填写经历名称').max(60), date: DateString, description: z.string().trim().max(300).default('') })
      .strict(),
    output: z.object({ id: Id }).strict(),
  }),
  correctExperience: action({
    summary: 'a counselor corrects an experience record with a new record (or withdraws it), with a reason; the original stays (audited)',
    roles: STAFF,
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z
      .object({
        experienceId: Id,
        reason: z.string().trim().min(2, '请写明更正原因').max(200),
        withdraw: z.boolean().default(false),
        kind: ExperienceKindSchema.optional(),
        title: z.string().trim().min(2).max(60).optional(),
        date: DateString.optional(),
        description: z.string().trim().max(300).optional(),
      })
      .strict(),
    output: z.object({ id: Id }).strict(),
  }),
  pointRules: action({
    summary: 'the school’s development points rules (the default until an admin saves its own)',
    roles: ['member', 'counselor', 'admin'],
    errors: [],
    input: z.object({}).strict(),
    output: z.object({ rules: z.array(PointRuleSchema), updatedAt: Timestamp.nullable() }).strict(),
  }),
  setPointRules: action({
    summary: 'an admin replaces the points rules (one per kind; audited); ledgers use them from the next computation',
    roles: ['admin'],
    errors: [],
    input: z.object({ rules: z.array(PointRuleSchema).max(POINT_KINDS.length) }).strict(),
    output: z.object({ rules: z.array(PointRuleSchema), updatedAt: Timestamp }).strict(),
  }),
  conversionsDue: action({
    summary: 'probationary members in scope due for 转正 within 60 days (overdue ones included), earliest due first, with their blockers (hours, room flag)',
    roles: STAFF,
    errors: [],
    input: z.object({ buildingId: Id.optional(), ...PageInput }).strict(),
    output: z
      .object({
        items: z.array(z.object({
          id: Id, name: z.string(), roomLabel: z.string(), probationStartedAt: Timestamp, dueAt: Timestamp,
          /** Days until due; negative once overdue. */
          daysLeft: z.number().int(), hours: z.number(), blockers: Blockers,
        }).strict()),
        nextCursor: nextCursorOutput,
      })
      .strict(),
  }),
  developingByPoints: action({
    summary: 'activists or candidates in scope by points (as last computed), highest first, with their blockers and when their points were computed',
    roles: STAFF,
    errors: [],
    input: z.object({ status: z.enum(['activist', 'candidate']).default('candidate'), buildingId: Id.optional(), ...PageInput }).strict(),
    output: z
      .object({
        items: z.array(z.object({ id: Id, name: z.string(), roomLabel: z.string(), status: MemberStatus, points: z.number(), computedAt: Timestamp, blockers: Blockers }).strict()),
        nextCursor: nextCursorOutput,
      })
      .strict(),
  }),
} satisfies FunctionContract;
