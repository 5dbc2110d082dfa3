import { z } from 'zod';
import { Id } from '../model';
import { isCalendarDate, isClockTime } from '../domain/china-time';
import { DUTY_TOPICS } from '../domain/duty';
import { ErrorCode } from '../errors';
import { ANYONE, action, type FunctionContract } from './define';
import { Ok, PageInput, PlaqueCode, Timestamp, nextCursorOutput } from './common';

/**
 * Dorm check-ins, duty section (function `checkin`; see src/shared/contract/checkin.ts): service
 * stations, a weekly roster of recurring shifts, swaps, a station display with a rotating code,
 * members' check-in and check-out with a work log, missed shifts, corrections and coverage.
 */

const CalendarDate = z.string().refine(isCalendarDate, '日期格式为 2026-12-01');
const ClockTime = z.string().refine(isClockTime, '时间格式为 08:30');
const Text = (max: number) => z.string().trim().min(1).max(max);

export const DutyState = z.enum(['scheduled', 'checkedIn', 'completed', 'missed', 'swapped']);
export const DutyTopic = z.enum(DUTY_TOPICS);

export const WorkLog = z
  .object({
    visitors: z.number().int().min(0).max(500),
    topics: z.array(DutyTopic).min(1).max(DUTY_TOPICS.length),
    note: z.string().trim().max(300).default(''),
  })
  .strict();
export type WorkLog = z.infer<typeof WorkLog>;

export const StationSummary = z
  .object({ id: Id, buildingId: Id, name: z.string(), place: z.string(), keyIssued: z.boolean(), createdAt: Timestamp })
  .strict();

export const ShiftSummary = z
  .object({
    id: Id,
    stationId: Id,
    stationName: z.string(),
    weekday: z.number().int().min(1).max(7),
    start: z.string(),
    end: z.string(),
    members: z.array(z.object({ id: Id, name: z.string() }).strict()),
    /** The dates it holds: from (inclusive; null since created) until (exclusive; null: goes on). */
    from: z.string().nullable(),
    until: z.string().nullable(),
  })
  .strict();

export const ShiftCandidate = z.object({ id: Id, name: z.string(), roomNumber: z.string() }).strict();

export const SwapSummary = z
  .object({
    id: z.string(),
    shiftId: Id,
    stationName: z.string(),
    date: z.string(),
    start: z.string(),
    end: z.string(),
    fromMemberId: Id,
    fromName: z.string(),
    toMemberId: Id,
    toName: z.string(),
    state: z.enum(['pending', 'accepted', 'declined']),
    createdAt: Timestamp,
  })
  .strict();

export const DutyRecord = z
  .object({
    id: z.string(),
    shiftId: Id,
    stationName: z.string(),
    date: z.string(),
    startAt: Timestamp,
    endAt: Timestamp,
    state: DutyState,
    checkInAt: Timestamp.nullable(),
    checkOutAt: Timestamp.nullable(),
    lateMinutes: z.number().int().min(0),
    earlyMinutes: z.number().int().min(0),
    hours: z.number().nullable(),
    corrected: z.boolean(),
  })
  .strict();

export const Coverage = z
  .object({ stationId: Id, stationName: z.string(), weekStart: z.string(), staffed: z.number().int(), missed: z.number().int(), late: z.number().int(), early: z.number().int() })
  .strict();

const page = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), nextCursor: nextCursorOutput }).strict();

export const dutyContract = {
  createStation: action({
    summary: 'a service station (服务站) in a building in scope: name and place; audited',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ buildingId: Id, name: Text(30), place: Text(60) }).strict(),
    output: z.object({ id: Id }).strict(),
  }),
  listStations: action({
    summary: 'stations of the buildings in scope, newest first, cursor-paged',
    roles: ['counselor', 'admin'],
    errors: [],
    input: z.object({ ...PageInput }).strict(),
    output: page(StationSummary),
  }),
  issueStationKey: action({
    summary: "a new key that opens a station's display (only its hash is stored; the previous key stops working); audited",
    roles: ['admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ stationId: Id }).strict(),
    output: z.object({ key: z.string() }).strict(),
  }),
  revokeStationKey: action({
    summary: "the station's display key stops working; audited",
    roles: ['admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ stationId: Id }).strict(),
    output: Ok,
  }),
  stationCode: action({
    summary: "the station display's rotating code (valid 30 s), for whoever holds the station's key",
    roles: ANYONE,
    errors: ['STATION_KEY_INVALID'],
    input: z.object({ key: z.string().min(10).max(120) }).strict(),
    output: z.object({ code: PlaqueCode, expiresAt: Timestamp, stationName: z.string(), place: z.string() }).strict(),
  }),
  createShift: action({
    summary: "a weekly recurring shift at a station in scope, with its members (of the station's building); audited",
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'SHIFT_TIME_INVALID'],
    input: z
      .object({ stationId: Id, weekday: z.number().int().min(1).max(7), start: ClockTime, end: ClockTime, memberIds: z.array(Id).min(1).max(10) })
      .strict(),
    output: z.object({ id: Id }).strict(),
  }),
  changeShift: action({
    summary: "a shift's new weekday, times or members from a date on: it ends there and a new shift holds from that date; earlier instances and all records stay; audited",
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'SHIFT_TIME_INVALID', 'INVALID_STATE'],
    input: z
      .object({ shiftId: Id, from: CalendarDate, weekday: z.number().int().min(1).max(7), start: ClockTime, end: ClockTime, memberIds: z.array(Id).min(1).max(10) })
      .strict(),
    output: z.object({ id: Id }).strict(),
  }),
  endShift: action({
    summary: 'a shift stops from a date on (no instances from then); earlier instances and all records stay; audited',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ shiftId: Id, from: CalendarDate }).strict(),
    output: Ok,
  }),
  shiftCandidates: action({
    summary: "members of a station's building (in scope) to put on a shift: by 学号 (exact) or the start of the name, by name; cursor-paged",
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ stationId: Id, q: z.string().trim().max(20).optional(), ...PageInput }).strict(),
    output: page(ShiftCandidate),
  }),
  listShifts: action({
    summary: "a station's weekly shifts (in scope), by weekday and start, cursor-paged",
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ stationId: Id, ...PageInput }).strict(),
    output: page(ShiftSummary),
  }),
  myShifts: action({
    summary: "the caller's own weekly shifts, cursor-paged",
    roles: ['member'],
    errors: [],
    input: z.object({ ...PageInput }).strict(),
    output: page(ShiftSummary),
  }),
  requestSwap: action({
    summary: 'a member asks another member of the building to take one dated shift of theirs',
    roles: ['member'],
    errors: ['NOT_FOUND', 'NOT_ON_DUTY', 'INVALID_STATE'],
    input: z.object({ shiftId: Id, date: CalendarDate, toMemberId: Id }).strict(),
    output: z.object({ id: z.string() }).strict(),
  }),
  swapCandidates: action({
    summary: "members of the caller's building who could take a shift of theirs (names only), by id, cursor-paged",
    roles: ['member'],
    errors: [],
    input: z.object({ ...PageInput }).strict(),
    output: page(z.object({ id: Id, name: z.string() }).strict()),
  }),
  answerSwap: action({
    summary: 'the asked member accepts (the dated shift becomes theirs) or declines a swap; audited',
    roles: ['member'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ id: z.string().min(1).max(100), accept: z.boolean() }).strict(),
    output: Ok,
  }),
  mySwaps: action({
    summary: 'swaps the caller was asked to take, newest first, cursor-paged',
    roles: ['member'],
    errors: [],
    input: z.object({ ...PageInput }).strict(),
    output: page(SwapSummary),
  }),
  listSwaps: action({
    summary: 'swaps in the buildings in scope, newest first, cursor-paged',
    roles: ['counselor', 'admin'],
    errors: [],
    input: z.object({ ...PageInput }).strict(),
    output: page(SwapSummary),
  }),
  dutyScan: action({
    summary: "a member scans a station's code to check in, or out with the work log; out earns verified hours",
    roles: ['member'],
    errors: ['NOT_FOUND', 'CODE_EXPIRED', 'CODE_REPLAYED', 'WRONG_PHASE', 'NOT_ON_DUTY', 'RATE_LIMITED'],
    input: z.discriminatedUnion('phase', [
      z.object({ code: PlaqueCode, phase: z.literal('in') }).strict(),
      z.object({ code: PlaqueCode, phase: z.literal('out'), workLog: WorkLog }).strict(),
    ]),
    output: z
      .object({
        stationName: z.string(),
        phase: z.enum(['in', 'out']),
        lateMinutes: z.number().int().min(0),
        earlyMinutes: z.number().int().min(0),
        hours: z.number().nullable(),
        notCounted: z.object({ code: ErrorCode, message: z.string() }).strict().optional(),
      })
      .strict(),
  }),
  myDutyRecords: action({
    summary: "the caller's own dated duty records (checked in, done, missed, swapped), latest first, cursor-paged",
    roles: ['member'],
    errors: [],
    input: z.object({ ...PageInput }).strict(),
    output: page(DutyRecord),
  }),
  correctDuty: action({
    summary: "a counselor's correction or make-up (补录) of one member's dated shift: a new record with reason, audited; the original stays",
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'NOT_ON_DUTY', 'INVALID_STATE'],
    input: z
      .object({ shiftId: Id, date: CalendarDate, memberId: Id, checkIn: ClockTime, checkOut: ClockTime, reason: Text(200) })
      .strict(),
    output: z
      .object({ record: DutyRecord, notCounted: z.object({ code: ErrorCode, message: z.string() }).strict().optional() })
      .strict(),
  }),
  dutyCoverage: action({
    summary: 'per station in scope, one week: dated shifts staffed, missed, late and left early; cursor-paged over stations',
    roles: ['counselor', 'admin'],
    errors: [],
    input: z.object({ weekOf: CalendarDate, ...PageInput }).strict(),
    output: page(Coverage),
  }),
} satisfies FunctionContract;
