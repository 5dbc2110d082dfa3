import { z } from 'zod';
import { isCalendarDate } from '../domain/china-time';
import { Id } from '../model';
import { COVERAGE_FILTERS, MAX_LINKED_ROOMS, MONTH_PATTERN, VISIT_NOTE_MAX, VISIT_TOPICS } from '../domain/visits';
import { action, type FunctionContract } from './define';
import { PageInput, PlaqueCode, Timestamp } from './common';

export const VisitTopic = z.enum(VISIT_TOPICS);
export const VisitState = z.enum(['pending', 'confirmed', 'denied', 'void', 'expired']);
const Reason = z.string().trim().min(2, '请写明原因').max(200);
const Month = z.string().regex(MONTH_PATTERN, '月份格式为YYYY-MM');
/** A China calendar date, `YYYY-MM-DD`. */
const ChinaDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD').refine(isCalendarDate, '日期不存在');
const LinkedRoom = z.object({ id: Id, number: z.string(), buildingName: z.string() }).strict();

/** A visit as its member, a resident or a counselor sees it (no student numbers, no resident names). */
export const Visit = z
  .object({
    id: Id,
    memberId: Id,
    memberName: z.string(),
    roomId: Id,
    roomNumber: z.string(),
    topic: VisitTopic,
    note: z.string(),
    at: Timestamp,
    /** Until when a resident may answer. */
    deadline: Timestamp,
    state: VisitState,
    /** 补录: recorded by a counselor, with the reason. */
    makeUp: z.boolean(),
    /** The latest counselor correction, if any (the original stays as recorded). */
    correction: z.object({ state: VisitState, reason: z.string(), at: Timestamp }).strict().nullable(),
  })
  .strict();
export type Visit = z.infer<typeof Visit>;

/** 未达标 (this month only) or 从未走访: served by the coverage projection, longest behind first. */
const CoverageFilter = z.enum(COVERAGE_FILTERS);

const Page = <T extends z.ZodTypeAny>(item: T) => ({ items: z.array(item), nextCursor: z.string().nullable() });

/** Dorm check-ins, visits section (function `checkin`; see src/shared/contract/checkin.ts). */
export const visitsContract = {
  setLinks: action({
    summary: "link a member to one or two rooms in the counselor's scope (never their own room); the old links end, new link records start, audited",
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ memberId: Id, roomIds: z.array(Id).min(1).max(MAX_LINKED_ROOMS), reason: Reason.optional() }).strict(),
    output: z.object({ rooms: z.array(LinkedRoom) }).strict(),
  }),
  memberLinks: action({
    summary: "a building's members with their linked rooms, for link management (cursor-paged by member)",
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ buildingId: Id, ...PageInput }).strict(),
    output: z.object(Page(z.object({ id: Id, name: z.string(), roomNumber: z.string(), rooms: z.array(LinkedRoom) }).strict())).strict(),
  }),
  recordVisit: action({
    summary: "a member records a visit to a linked room by scanning the room's door plaque code, with a topic and a short note",
    roles: ['member'],
    errors: ['RATE_LIMITED', 'NOT_FOUND', 'CODE_RETIRED', 'CONTENT_REJECTED', 'CONTENT_CHECK_UNAVAILABLE'],
    input: z.object({ code: PlaqueCode, topic: VisitTopic, note: z.string().trim().min(2, '请简单写几句走访内容').max(VISIT_NOTE_MAX) }).strict(),
    output: z.object({ id: Id, roomNumber: z.string(), deadline: Timestamp }).strict(),
  }),
  pendingVisits: action({
    summary: "visits to the caller's own room still waiting for a resident's answer (72 hours), newest first",
    roles: ['student', 'member'],
    errors: [],
    input: z.object({ ...PageInput }).strict(),
    output: z.object(Page(Visit)).strict(),
  }),
  answerVisit: action({
    summary: 'a resident of the visited room confirms the visit or says it did not happen, within 72 hours; one answer per visit',
    roles: ['student', 'member'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ id: Id, happened: z.boolean() }).strict(),
    output: z.object({ state: VisitState }).strict(),
  }),
  myVisits: action({
    summary: "the member's linked rooms with this month's confirmed visits against the target, and their visits, newest first",
    roles: ['member'],
    errors: ['NOT_FOUND'],
    input: z.object({ ...PageInput }).strict(),
    output: z.object({
      month: z.string(),
      rooms: z.array(LinkedRoom.extend({ confirmed: z.number().int(), target: z.number().int() }).strict()),
      ...Page(Visit),
    }).strict(),
  }),
  memberVisits: action({
    summary: "a member's visits for their counselor (to correct or make up), newest first",
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ memberId: Id, ...PageInput }).strict(),
    output: z.object(Page(Visit)).strict(),
  }),
  visitCoverage: action({
    summary: "visit coverage of a building's current links for a month: per member and room, confirmed against the target, behind, never visited; all (newest link first) or only those behind this month's target or never visited (longest behind first); cursor-paged",
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ buildingId: Id, month: Month.optional(), filter: CoverageFilter.optional(), ...PageInput }).strict(),
    output: z.object({
      month: z.string(),
      target: z.number().int(),
      ...Page(
        z.object({
          id: Id,
          memberId: Id,
          memberName: z.string(),
          roomId: Id,
          roomNumber: z.string(),
          since: Timestamp,
          confirmed: z.number().int(),
          behind: z.boolean(),
          neverVisited: z.boolean(),
        }).strict(),
      ),
    }).strict(),
  }),
  roomCoverage: action({
    summary: "visit coverage per room: each linked room of a building with its linked members and its confirmed visits in the month against the target; all or only behind this month / never visited, longest behind first; cursor-paged",
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ buildingId: Id, month: Month.optional(), filter: CoverageFilter.optional(), ...PageInput }).strict(),
    output: z.object({
      month: z.string(),
      target: z.number().int(),
      ...Page(
        z.object({
          id: Id,
          roomNumber: z.string(),
          members: z.array(z.object({ id: Id, name: z.string() }).strict()),
          confirmed: z.number().int(),
          behind: z.boolean(),
          neverVisited: z.boolean(),
        }).strict(),
      ),
    }).strict(),
  }),
  correctVisit: action({
    summary: "a counselor's correction of a visit (confirmed or void), with a reason: a new record, the original stays; audited",
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ id: Id, state: z.enum(['confirmed', 'void']), reason: Reason }).strict(),
    output: z.object({ state: VisitState }).strict(),
  }),
  makeUpVisit: action({
    summary: "a counselor's make-up visit (补录) for a member's linked room on a China date (not after today, at most 30 days back: makeUpDateProblem), with a reason; counts as confirmed; audited",
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ memberId: Id, roomId: Id, date: ChinaDate, topic: VisitTopic, note: z.string().trim().min(2).max(VISIT_NOTE_MAX), reason: Reason }).strict(),
    output: z.object({ id: Id }).strict(),
  }),
} satisfies FunctionContract;
