import { z } from 'zod';
import { Checklist, ChecklistItem, MonthKey, Rating } from '../domain/inspection';
import { Id, MemberStatus } from '../model';
import { action, BOUND, type FunctionContract } from './define';
import { PageInput, StudentNo, Timestamp } from './common';

/**
 * Dorm check-ins, inspections section (function `checkin`; see src/shared/contract/checkin.ts):
 * the school's checklist, inspector appointments, inspections and their corrections, the 脏乱差 flag
 * (rules in src/shared/domain/inspection.ts), monthly 文明寝室 and the counselor's dashboard.
 */

const STAFF = ['counselor', 'admin'] as const;
/** Counselors inspect their buildings; students and members only where a counselor appointed them. */
const INSPECTORS = ['student', 'member', 'counselor', 'admin'] as const;

const ItemScores = z
  .array(z.object({ id: z.string().min(1).max(31), score: z.number().int().min(0).max(100) }).strict())
  .min(1)
  .max(30);
const PhotoIds = z.array(z.string().max(300).regex(/^cloud:\/\//, '照片需先上传')).max(6, '最多6张照片').default([]);
const Note = z.string().trim().max(300).default('');
const Reason = z.string().trim().min(2, '请写明原因').max(200);

export const RoomFlagView = z
  .object({ flagged: z.boolean(), flaggedAt: Timestamp.nullable(), deadline: Timestamp.nullable(), overdue: z.boolean() })
  .strict();

export const InspectionView = z
  .object({
    id: Id,
    roomId: Id,
    roomLabel: z.string(),
    at: Timestamp,
    kind: z.enum(['inspection', 'correction']),
    /** For a correction: the inspection it corrects (which stays as it was). */
    correctsId: Id.nullable(),
    reason: z.string().nullable(),
    inspectorName: z.string(),
    items: z.array(z.object({ id: z.string(), label: z.string(), category: z.string(), score: z.number(), maxScore: z.number() }).strict()),
    total: z.number(),
    max: z.number(),
    percent: z.number(),
    rating: Rating,
    note: z.string(),
    photoCount: z.number().int(),
    /** A later correction replaced this inspection's scores (it stays on record). */
    correctedBy: Id.nullable(),
  })
  .strict();
export type InspectionView = z.infer<typeof InspectionView>;

const Resident = z.object({ memberId: Id, name: z.string(), status: MemberStatus }).strict();

export const inspectionsContract = {
  inspectionChecklist: action({
    summary: 'the school’s inspection checklist (卫生 and 安全 items with scores; the default until an admin edits it)',
    roles: BOUND,
    errors: [],
    input: z.object({}).strict(),
    output: z.object({ items: z.array(ChecklistItem), updatedAt: Timestamp.nullable() }).strict(),
  }),
  setChecklist: action({
    summary: 'replace the school’s checklist (admin); past inspections keep the items they were scored on; audited',
    roles: ['admin'],
    errors: [],
    input: z.object({ items: Checklist }).strict(),
    output: z.object({ items: z.array(ChecklistItem), updatedAt: Timestamp }).strict(),
  }),
  appointInspector: action({
    summary: 'appoint a bound student or member (by 学号) as inspector for one building in scope (a record, revocable, audited)',
    roles: STAFF,
    errors: ['NOT_FOUND'],
    input: z.object({ buildingId: Id, studentNo: StudentNo }).strict(),
    output: z.object({ id: Id }).strict(),
  }),
  revokeInspector: action({
    summary: 'revoke an inspector appointment in scope, with a reason (the record stays, marked revoked; audited)',
    roles: STAFF,
    errors: ['NOT_FOUND'],
    input: z.object({ id: Id, reason: Reason }).strict(),
    output: z.object({ done: z.literal(true) }).strict(),
  }),
  listInspectors: action({
    summary: 'active inspector appointments of the buildings in scope (or one), newest first, cursor-paged',
    roles: STAFF,
    errors: [],
    input: z.object({ buildingId: Id.optional(), ...PageInput }).strict(),
    output: z
      .object({
        items: z.array(z.object({ id: Id, buildingId: Id, userId: Id, name: z.string(), appointedAt: Timestamp }).strict()),
        nextCursor: z.string().nullable(),
      })
      .strict(),
  }),
  myInspectorBuildings: action({
    summary: 'the buildings the caller may inspect (a counselor’s scope, an appointed inspector’s buildings)',
    roles: INSPECTORS,
    errors: [],
    input: z.object({}).strict(),
    output: z
      .object({
        buildings: z.array(z.object({ id: Id, name: z.string(), floors: z.number().int() }).strict()),
        /** Where this inspector's client uploads inspection photos (`user/<openid>`; the storage rules allow no other folder). */
        uploadDir: z.string(),
      })
      .strict(),
  }),
  inspectableRooms: action({
    summary: 'the rooms of a building (one floor of it, when given) the caller may inspect, by floor and number, with their flag (cursor-paged)',
    roles: INSPECTORS,
    errors: ['NOT_FOUND', 'FORBIDDEN'],
    input: z.object({ buildingId: Id, floor: z.number().int().min(-9).max(200).optional(), ...PageInput }).strict(),
    output: z
      .object({ items: z.array(z.object({ id: Id, number: z.string(), floor: z.number().int(), flagged: z.boolean() }).strict()), nextCursor: z.string().nullable() })
      .strict(),
  }),
  inspectRoom: action({
    summary: 'inspect a room against the checklist: item scores, photos, note; the rating follows from the score; 脏乱差 flags the room, a different inspector’s pass clears it',
    roles: INSPECTORS,
    errors: ['NOT_FOUND', 'FORBIDDEN', 'REINSPECTION_SAME_INSPECTOR'],
    input: z.object({ roomId: Id, scores: ItemScores, photoFileIds: PhotoIds, note: Note }).strict(),
    output: z.object({ id: Id, rating: Rating, percent: z.number(), flag: RoomFlagView }).strict(),
  }),
  correctInspection: action({
    summary: 'a counselor corrects an inspection in scope: a new record with the right scores and a reason; the original stays; audited',
    roles: STAFF,
    errors: ['NOT_FOUND'],
    input: z.object({ id: Id, scores: ItemScores, reason: Reason }).strict(),
    output: z.object({ id: Id, rating: Rating, percent: z.number(), flag: RoomFlagView }).strict(),
  }),
  roomInspections: action({
    summary: 'a room’s inspections and corrections, newest first, cursor-paged: residents see their own room, staff a room in scope',
    roles: BOUND,
    errors: ['NOT_FOUND', 'FORBIDDEN'],
    input: z.object({ roomId: Id.optional(), ...PageInput }).strict(),
    output: z.object({ roomLabel: z.string().nullable(), flag: RoomFlagView, items: z.array(InspectionView), nextCursor: z.string().nullable() }).strict(),
  }),
  flaggedRooms: action({
    summary: 'flagged (脏乱差) rooms in scope, longest open first, with their deadline, days open and residents whose development the flag blocks; cursor-paged',
    roles: STAFF,
    errors: [],
    input: z.object({ buildingId: Id.optional(), ...PageInput }).strict(),
    output: z
      .object({
        items: z.array(
          z
            .object({
              id: Id,
              roomLabel: z.string(),
              buildingId: Id,
              floor: z.number().int(),
              flaggedAt: Timestamp,
              deadline: Timestamp,
              daysOpen: z.number().int(),
              overdue: z.boolean(),
              flaggedByName: z.string(),
              residents: z.array(Resident),
            })
            .strict(),
        ),
        nextCursor: z.string().nullable(),
      })
      .strict(),
  }),
  civilisedRooms: action({
    summary: 'the month’s 文明寝室 in scope (every inspection of the month rated 优秀, at least one), cursor-paged',
    roles: STAFF,
    errors: [],
    input: z.object({ month: MonthKey.optional(), buildingId: Id.optional(), ...PageInput }).strict(),
    output: z
      .object({
        month: MonthKey,
        items: z.array(z.object({ id: Id, roomLabel: z.string(), buildingId: Id, floor: z.number().int(), inspections: z.number().int() }).strict()),
        nextCursor: z.string().nullable(),
      })
      .strict(),
  }),
  inspectionDashboard: action({
    summary: 'inspections this month, rooms flagged now, and ratings by floor, for the buildings in scope (pre-aggregated, no scans)',
    roles: STAFF,
    errors: [],
    input: z.object({ month: MonthKey.optional(), buildingId: Id.optional() }).strict(),
    output: z
      .object({
        month: MonthKey,
        inspections: z.number().int(),
        flaggedNow: z.number().int(),
        byFloor: z.array(
          z
            .object({ buildingId: Id, buildingName: z.string(), floor: z.number().int(), excellent: z.number().int(), good: z.number().int(), pass: z.number().int(), failing: z.number().int() })
            .strict(),
        ),
      })
      .strict(),
  }),
} satisfies FunctionContract;
