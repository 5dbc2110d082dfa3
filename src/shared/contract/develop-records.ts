import { z } from 'zod';
import { isCalendarDate } from '../domain/china-time';
import { DEVELOP_NOTICE_DAYS_MAX, DEVELOP_NOTICE_DAYS_MIN, DEVELOP_STAGES, MEMBERSHIP_CHANGES, type DevelopStage } from '../domain/development';
import { Id } from '../model';
import { ANYONE, action, type FunctionContract } from './define';
import { Ok, PageInput, StudentNo, Timestamp, nextCursorOutput } from './common';

/** Section of issue 11: the development timeline, 公示 and objections. */

export const DevelopStageSchema = z.enum(DEVELOP_STAGES as [DevelopStage, ...DevelopStage[]]);
const ChinaDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD').refine(isCalendarDate, '日期不存在');
const Reason = z.string().trim().min(2, '请写明原因').max(200);
/** Who a step is for: a roster entry (anyone, also one who only applied) or a member. */
const PersonRef = z
  .object({ rosterId: Id.optional(), memberId: Id.optional(), studentNo: StudentNo.optional() })
  .strict()
  .refine((p) => [p.rosterId, p.memberId, p.studentNo].filter((v) => v !== undefined).length === 1, '请指定一名学生（学号、名册或党员档案之一）');

export const TimelineStep = z
  .object({
    id: Id,
    /** `withdrawal`: a step recorded by mistake was withdrawn (`correctsId` names it); `change`: a branch or group change. */
    kind: z.enum(['step', 'correction', 'withdrawal', 'change']),
    stage: DevelopStageSchema,
    date: z.string(),
    /** A correction: the record it corrects (that record stays). */
    correctsId: Id.nullable(),
    reason: z.string().nullable(),
    note: z.string().nullable(),
    byName: z.string(),
    at: Timestamp,
    /** A later correction changed this record's date. */
    superseded: z.boolean(),
    /** This step was withdrawn (shown struck through, with the withdrawal's reason). */
    withdrawn: z.boolean(),
    /** A membership change: its kind and the branch and group before and after, by name. */
    change: z
      .object({
        kind: z.enum(MEMBERSHIP_CHANGES),
        before: z.object({ branchName: z.string().nullable(), groupName: z.string().nullable() }).strict(),
        after: z.object({ branchName: z.string().nullable(), groupName: z.string().nullable() }).strict(),
      })
      .strict()
      .nullable(),
  })
  .strict();

export const NoticeSummary = z
  .object({ id: Id, stage: DevelopStageSchema, date: z.string(), from: Timestamp, until: Timestamp, running: z.boolean() })
  .strict();

export const Person = z
  .object({
    rosterId: Id,
    memberId: Id.nullable(),
    name: z.string(),
    buildingId: Id,
    roomLabel: z.string(),
    /** Null: not on the timeline yet (no application recorded). */
    stage: DevelopStageSchema.nullable(),
    /** The effective date of each stage reached (after corrections); absent when recorded before the timeline existed. */
    dates: z.record(DevelopStageSchema, z.string()),
  })
  .strict();

/** What a 公示 shows: name, step, date, branch and building. Never 学号, phone or ID numbers. */
export const PublicNotice = z
  .object({
    id: Id,
    name: z.string(),
    stage: DevelopStageSchema,
    date: z.string(),
    branchName: z.string().nullable(),
    buildingName: z.string(),
    from: Timestamp,
    until: Timestamp,
    daysLeft: z.number().int().min(1),
  })
  .strict();

export const NoticeObjection = z
  .object({
    id: Id,
    noticeId: Id,
    /** The person the notice is about, and the step. */
    name: z.string(),
    stage: DevelopStageSchema,
    text: z.string(),
    /** Who raised it: staff and the objector see it; the notice's person never does. */
    fromName: z.string().nullable(),
    status: z.enum(['open', 'answered']),
    createdAt: Timestamp,
    answer: z.string().nullable(),
    answeredAt: Timestamp.nullable(),
  })
  .strict();

export type TimelineStep = z.infer<typeof TimelineStep>;
export type PublicNotice = z.infer<typeof PublicNotice>;
export type NoticeObjection = z.infer<typeof NoticeObjection>;

const Timeline = z.object({ person: Person, steps: z.array(TimelineStep), notices: z.array(NoticeSummary) }).strict();

export const developRecordsContract = {
  recordStep: action({
    summary: 'record the next step of a person’s development timeline (入党申请 … 转正) with its date, in scope; refused while their room is flagged 脏乱差; member and roster status follow; admission and conversion start a 公示 on the building’s wall; audited',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE', 'ROOM_FLAGGED'],
    input: z
      .object({
        person: PersonRef,
        stage: DevelopStageSchema,
        date: ChinaDate,
        note: z.string().trim().max(200).optional(),
        /** 公示 days for an admission or conversion (default 7). */
        noticeDays: z.number().int().min(DEVELOP_NOTICE_DAYS_MIN).max(DEVELOP_NOTICE_DAYS_MAX).optional(),
      })
      .strict(),
    output: z.object({ stepId: Id, rosterId: Id, memberId: Id.nullable(), stage: DevelopStageSchema, noticeId: Id.nullable() }).strict(),
  }),
  correctStep: action({
    summary: 'correct the date of a recorded step: a new record with the reason, the original stays; the member and the notice follow; audited',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ stepId: Id, date: ChinaDate, reason: Reason }).strict(),
    output: z.object({ stepId: Id, correctsId: Id }).strict(),
  }),
  withdrawStep: action({
    summary: 'withdraw the latest step of a person’s timeline recorded by mistake: a withdrawal record with the reason (the step stays, struck through), status back to the stage before, its running 公示 closes; audited',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ stepId: Id, reason: Reason }).strict(),
    output: z.object({ withdrawalId: Id, stepId: Id, stage: DevelopStageSchema.nullable(), noticeClosed: z.boolean() }).strict(),
  }),
  changeMembership: action({
    summary: 'a member’s 转入/转出支部 or 党小组变更 with its date and reason, in scope: the member document changes, the timeline shows it; audited',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z
      .object({
        memberId: Id,
        kind: z.enum(MEMBERSHIP_CHANGES),
        branchId: Id.optional(),
        groupId: Id.optional(),
        date: ChinaDate,
        reason: Reason,
      })
      .strict(),
    output: z
      .object({
        stepId: Id,
        branchName: z.string().nullable(),
        groupName: z.string().nullable(),
      })
      .strict(),
  }),
  membershipOptions: action({
    summary: 'the branches and groups a member of a building in scope can be changed to (the membership change form)',
    roles: ['counselor', 'admin'],
    errors: [],
    input: z.object({ buildingId: Id }).strict(),
    output: z
      .object({
        branches: z.array(z.object({ id: Id, name: z.string(), groups: z.array(z.object({ id: Id, name: z.string() }).strict()) }).strict()),
      })
      .strict(),
  }),
  timelinePeople: action({
    summary: 'everyone on the development timeline in one building in scope (a counselor’s first when omitted), optionally at one stage, latest change first; cursor-paged',
    roles: ['counselor', 'admin'],
    errors: [],
    input: z.object({ buildingId: Id.optional(), stage: DevelopStageSchema.optional(), ...PageInput }).strict(),
    output: z.object({ buildingId: Id.nullable(), items: z.array(Person.extend({ updatedAt: Timestamp }).strict()), nextCursor: nextCursorOutput }).strict(),
  }),
  timeline: action({
    summary: 'a person’s timeline for staff in scope: steps and corrections, notices, objections',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ person: PersonRef }).strict(),
    output: Timeline.extend({ objections: z.array(NoticeObjection) }).strict(),
  }),
  myTimeline: action({
    summary: 'the caller’s own development timeline and notices',
    roles: ['student', 'member'],
    errors: ['NOT_FOUND'],
    input: z.object({}).strict(),
    output: Timeline.nullable(),
  }),
  wallNotices: action({
    summary: 'the 公示 running on a building’s wall (name, step, date, branch), ending soonest last, cursor-paged; rate-limited',
    roles: ANYONE,
    errors: ['RATE_LIMITED'],
    input: z.object({ buildingId: Id, ...PageInput }).strict(),
    output: z.object({ items: z.array(PublicNotice), nextCursor: nextCursorOutput }).strict(),
  }),
  objectToNotice: action({
    summary: 'a student or member of the building raises an objection to a running 公示 (one open per person per notice); content-checked, rate-limited; it reaches the counselor',
    roles: ['student', 'member'],
    errors: ['NOT_FOUND', 'INVALID_STATE', 'RATE_LIMITED', 'CONTENT_REJECTED', 'CONTENT_CHECK_UNAVAILABLE'],
    input: z.object({ noticeId: Id, text: z.string().trim().min(5, '请至少写5个字，说明异议的事实').max(500) }).strict(),
    output: z.object({ objection: NoticeObjection }).strict(),
  }),
  myObjections: action({
    summary: 'the caller’s objections to notices, newest first, with their answers; cursor-paged',
    roles: ['student', 'member'],
    errors: [],
    input: z.object({ ...PageInput }).strict(),
    output: z.object({ items: z.array(NoticeObjection), nextCursor: nextCursorOutput }).strict(),
  }),
  noticeObjections: action({
    summary: 'objections to a building’s notices for its staff, open or answered, newest first; cursor-paged',
    roles: ['counselor', 'admin'],
    errors: [],
    input: z.object({ buildingId: Id, status: z.enum(['open', 'answered']).optional(), ...PageInput }).strict(),
    output: z.object({ items: z.array(NoticeObjection), nextCursor: nextCursorOutput }).strict(),
  }),
  answerNoticeObjection: action({
    summary: 'the counselor answers an open objection (the objector reads it); audited',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ id: Id, answer: z.string().trim().min(2, '请写明答复').max(500) }).strict(),
    output: Ok,
  }),
} satisfies FunctionContract;
