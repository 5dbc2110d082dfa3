import { z } from 'zod';
import { isCalendarDate } from '../domain/china-time';
import { ROOM_NUMBER_PATTERN } from '../domain/org';
import { MAX_CALENDAR_TERMS } from '../domain/term-calendar';
import { Id } from '../model';
import { action, BOUND, type FunctionContract } from './define';
import { Ok, PageInput, Timestamp } from './common';

/** Function `org`: the organisation admin (buildings, rooms, branches, groups, terms, counselors' scopes). */

const OrgName = (what: string) => z.string().trim().min(1, `请填写${what}`).max(30, `${what}最多30个字`);
const RoomNumber = z.string().trim().regex(ROOM_NUMBER_PATTERN, '房间号可带字母前缀，后接数字，如 301 或 A301');
const Floor = z.number().int().min(-3).max(60);
const ChinaDate = z.string().refine(isCalendarDate, '日期格式应为 YYYY-MM-DD');
const Reason = z.string().trim().max(200);
const page = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() }).strict();

export const BuildingItem = z
  .object({ id: Id, name: z.string(), communityId: Id, communityName: z.string(), floors: z.number().int(), copiesPending: z.boolean() })
  .strict();
export const RoomItem = z.object({ id: Id, number: z.string(), floor: z.number().int(), code: z.string(), closed: z.boolean() }).strict();
export const BranchItem = z.object({ id: Id, buildingId: Id, name: z.string(), closed: z.boolean(), copiesPending: z.boolean() }).strict();
export const GroupItem = z.object({ id: Id, branchId: Id, floor: z.number().int(), name: z.string(), closed: z.boolean(), copiesPending: z.boolean() }).strict();
export const TermPeriodSchema = z.object({ key: z.string().trim().max(20), label: z.string().trim().max(40), start: ChinaDate, end: ChinaDate }).strict();
export const CurrentTerm = z.object({ key: z.string(), label: z.string(), start: Timestamp, end: Timestamp }).strict();
const CopiesReply = z.object({ copiesPending: z.boolean() }).strict();

export const orgContract = {
  buildings: action({
    summary: 'every building by community then number, with floors and whether a rename is still updating its copies; cursor-paged (admin)',
    roles: ['admin'],
    errors: [],
    input: z.object({ ...PageInput }).strict(),
    output: page(BuildingItem),
  }),
  createBuilding: action({
    summary: 'add a building to a community (admin)',
    roles: ['admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ communityId: Id, name: OrgName('楼栋名称'), floors: z.number().int().min(1).max(60) }).strict(),
    output: z.object({ id: Id }).strict(),
  }),
  updateBuilding: action({
    summary: 'rename a building, change its floors or community; a rename updates the copies of the name in bounded steps (copiesPending: call syncCopies)',
    roles: ['admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z
      .object({ buildingId: Id, name: OrgName('楼栋名称').optional(), floors: z.number().int().min(1).max(60).optional(), communityId: Id.optional() })
      .strict(),
    output: CopiesReply,
  }),
  syncCopies: action({
    summary: 'carry on updating the copies of a renamed building, branch or group (members, active plaques) where the last call stopped',
    roles: ['admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ kind: z.enum(['building', 'branch', 'group']), id: Id }).strict(),
    output: CopiesReply,
  }),
  rooms: action({
    summary: "a building's rooms by floor and number, closed ones included (marked), cursor-paged (admin)",
    roles: ['admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ buildingId: Id, ...PageInput }).strict(),
    output: page(RoomItem),
  }),
  addRooms: action({
    summary: "add a floor's rooms by a range (301-330) or one room, each with its plaque code; numbers that exist are left as they are",
    roles: ['admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ buildingId: Id, floor: Floor, from: RoomNumber, to: RoomNumber.optional() }).strict(),
    output: z.object({ added: z.array(z.string()), existing: z.array(z.string()) }).strict(),
  }),
  renameRoom: action({
    summary: "change a room's number (and floor); its plaque and residents' profiles follow in the same transaction",
    roles: ['admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ roomId: Id, number: RoomNumber, floor: Floor.optional() }).strict(),
    output: Ok,
  }),
  setRoomClosed: action({
    summary: 'close a room nobody lives in (it drops out of pickers and public views, its plaque stops) or open it again; rooms are never deleted',
    roles: ['admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ roomId: Id, closed: z.boolean(), reason: Reason.optional() }).strict(),
    output: z.object({ changed: z.boolean() }).strict(),
  }),
  branches: action({
    summary: "a building's branches (支部) by name, closed ones marked, cursor-paged (admin)",
    roles: ['admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ buildingId: Id, ...PageInput }).strict(),
    output: page(BranchItem),
  }),
  createBranch: action({
    summary: 'add a branch (支部) to a building',
    roles: ['admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ buildingId: Id, name: OrgName('支部名称') }).strict(),
    output: z.object({ id: Id }).strict(),
  }),
  renameBranch: action({
    summary: "rename a branch; members' copies of the name follow in bounded steps (copiesPending: call syncCopies)",
    roles: ['admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ branchId: Id, name: OrgName('支部名称') }).strict(),
    output: CopiesReply,
  }),
  closeBranch: action({
    summary: 'close a branch without members or open groups (kept with its history)',
    roles: ['admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ branchId: Id }).strict(),
    output: z.object({ changed: z.boolean() }).strict(),
  }),
  groups: action({
    summary: "a branch's groups (党小组) by floor and name, closed ones marked, cursor-paged (admin)",
    roles: ['admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ branchId: Id, ...PageInput }).strict(),
    output: page(GroupItem),
  }),
  createGroup: action({
    summary: 'add a group (党小组) of a floor to an open branch',
    roles: ['admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ branchId: Id, floor: Floor, name: OrgName('党小组名称') }).strict(),
    output: z.object({ id: Id }).strict(),
  }),
  renameGroup: action({
    summary: "rename a group; members' copies follow in bounded steps",
    roles: ['admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ groupId: Id, name: OrgName('党小组名称') }).strict(),
    output: CopiesReply,
  }),
  closeGroup: action({
    summary: 'close a group without members (kept with its history)',
    roles: ['admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ groupId: Id }).strict(),
    output: z.object({ changed: z.boolean() }).strict(),
  }),
  termCalendar: action({
    summary: "the school's term calendar as stored, or the default rule's terms around now when none is (stored: false)",
    roles: ['admin'],
    errors: [],
    input: z.object({}).strict(),
    output: z.object({ stored: z.boolean(), terms: z.array(TermPeriodSchema), current: CurrentTerm }).strict(),
  }),
  saveTermCalendar: action({
    summary: 'replace the term calendar (checked: keys, dates, no overlaps, no gaps inside a school year); an empty list goes back to the default rule',
    roles: ['admin'],
    errors: [],
    input: z.object({ terms: z.array(TermPeriodSchema).max(MAX_CALENDAR_TERMS) }).strict(),
    output: z.object({ terms: z.array(TermPeriodSchema), current: CurrentTerm }).strict(),
  }),
  currentTerm: action({
    summary: 'the term now under the school calendar, and the calendar (null: the default rule), for pages that show or check terms',
    roles: BOUND,
    errors: [],
    input: z.object({}).strict(),
    output: CurrentTerm.extend({ calendar: z.array(TermPeriodSchema).nullable() }).strict(),
  }),
  counselors: action({
    summary: 'counselors with the buildings they cover, newest first, cursor-paged (admin)',
    roles: ['admin'],
    errors: [],
    input: z.object({ ...PageInput }).strict(),
    output: page(z.object({ id: Id, name: z.string().nullable(), buildings: z.array(z.object({ id: Id, name: z.string() }).strict()) }).strict()),
  }),
  setCounselorBuildings: action({
    summary: "set the buildings a counselor covers (audited); it holds from the counselor's next request",
    roles: ['admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ userId: Id, buildingIds: z.array(Id).max(50) }).strict(),
    output: z.object({ buildingIds: z.array(Id) }).strict(),
  }),
} satisfies FunctionContract;
