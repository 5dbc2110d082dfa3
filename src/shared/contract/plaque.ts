import { z } from 'zod';
import { BadgeTag, Id } from '../model';
import { action, ANYONE, type FunctionContract } from './define';
import { Ok, PageInput, PlaqueCode, PublicMember, RoomSummary, Timestamp } from './common';
import { PLAQUE_CARD_SIZES, PLAQUE_ROOM_CHOICES } from '../domain/plaque-print';

export const FeedbackStatus = z.enum(['open', 'closed']);

export const plaqueContract = {
  view: action({
    summary: 'a room, its consenting members and its consenting linked members (联系党员), from the code on its door',
    roles: ANYONE,
    errors: ['RATE_LIMITED', 'NOT_FOUND', 'CODE_RETIRED'],
    input: z.object({ code: PlaqueCode }).strict(),
    // linkedMembers: members of other rooms who look after this one (联系党员), consenting ones only.
    // roomBadges: the room's current badges (党员示范寝室, 文明寝室), none while it is flagged 脏乱差.
    output: z.object({ room: RoomSummary, members: z.array(PublicMember), linkedMembers: z.array(PublicMember), roomBadges: z.array(BadgeTag) }).strict(),
  }),
  buildings: action({
    summary:
      "buildings by community then number (2号楼 before 10号楼), cursor-paged: one community's, or else a counselor's own (their scope) and everyone else's all, for the wall picker and the admin screens",
    roles: ANYONE,
    errors: [],
    input: z.object({ communityId: Id.optional(), ...PageInput }).strict(),
    output: z.object({
      items: z.array(z.object({ id: Id, name: z.string(), communityId: Id, communityName: z.string(), floors: z.number().int() }).strict()),
      nextCursor: z.string().nullable(),
    }).strict(),
  }),
  wall: action({
    summary: "a building's consenting members by floor (楼栋党员公示牌), lowest floor first, cursor-paged (a floor may continue on the next page)",
    roles: ANYONE,
    errors: ['RATE_LIMITED', 'NOT_FOUND'],
    input: z.object({ buildingId: Id, ...PageInput }).strict(),
    output: z.object({
      building: z.object({ id: Id, name: z.string(), communityName: z.string() }).strict(),
      floors: z.array(z.object({ floor: z.number().int(), members: z.array(PublicMember.extend({ roomNumber: z.string() }).strict()) }).strict()),
      nextCursor: z.string().nullable(),
    }).strict(),
  }),
  sendFeedback: action({
    summary: 'supervision feedback about a member; it reaches their counselor, not the member',
    roles: ['student', 'member'],
    errors: ['RATE_LIMITED', 'NOT_FOUND', 'CONTENT_REJECTED', 'CONTENT_CHECK_UNAVAILABLE'],
    input: z.object({ memberId: Id, text: z.string().trim().min(5, '请至少写5个字').max(500) }).strict(),
    output: z.object({ id: Id }).strict(),
  }),
  listFeedback: action({
    summary: "feedback about members in the counselor's buildings (an admin's: all), newest first, cursor-paged",
    roles: ['counselor', 'admin'],
    errors: [],
    input: z.object({ status: FeedbackStatus.default('open'), ...PageInput }).strict(),
    output: z.object({
      items: z.array(
        z.object({
          id: Id,
          memberId: Id,
          memberName: z.string(),
          roomLabel: z.string(),
          text: z.string(),
          status: FeedbackStatus,
          createdAt: Timestamp,
          closedAt: Timestamp.nullable(),
          note: z.string().nullable(),
          reply: z.string().nullable(),
        }).strict(),
      ),
      nextCursor: z.string().nullable(),
    }).strict(),
  }),
  closeFeedback: action({
    summary: 'close a feedback item after following it up: an internal note, and a reply the sender reads',
    roles: ['counselor'],
    errors: ['NOT_FOUND'],
    input: z.object({ id: Id, note: z.string().trim().max(200).optional(), reply: z.string().trim().max(200).optional() }).strict(),
    output: Ok,
  }),
  myFeedback: action({
    summary: "the caller's own feedback, newest first, with its status and the counselor's reply (cursor-paged)",
    roles: ['student', 'member'],
    errors: [],
    input: z.object({ cursor: z.string().max(100).optional(), limit: z.number().int().min(1).max(50).default(20) }).strict(),
    output: z.object({
      items: z.array(
        z.object({
          id: Id,
          memberName: z.string(),
          text: z.string(),
          status: FeedbackStatus,
          createdAt: Timestamp,
          closedAt: Timestamp.nullable(),
          reply: z.string().nullable(),
        }).strict(),
      ),
      nextCursor: z.string().nullable(),
    }).strict(),
  }),
  rooms: action({
    summary: "a building's rooms with their current plaque codes, by floor and number, cursor-paged",
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ buildingId: Id, ...PageInput }).strict(),
    output: z.object({
      items: z.array(z.object({ id: Id, number: z.string(), floor: z.number().int(), code: PlaqueCode, codeIssuedAt: Timestamp }).strict()),
      nextCursor: z.string().nullable(),
    }).strict(),
  }),
  issueCode: action({
    summary: "retire a room's plaque code and issue a new one (admin)",
    roles: ['admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ roomId: Id }).strict(),
    output: z.object({ code: PlaqueCode }).strict(),
  }),
  qrCode: action({
    summary: "the mini-program code for a room's plaque (admin)",
    roles: ['admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ roomId: Id }).strict(),
    output: z.object({ code: PlaqueCode, page: z.string(), pngBase64: z.string() }).strict(),
  }),
  printBuilding: action({
    summary:
      "a building's door cards as a PDF to print and cut (building, room, the line, the room's mini-program code and its code for typing), all rooms or only rooms with consenting members, in A6, business-card or A5 size; a big building comes in parts ending at a floor (pass nextCursor for the next part)",
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z
      .object({
        buildingId: Id,
        rooms: z.enum(PLAQUE_ROOM_CHOICES).default('all'),
        size: z.enum(PLAQUE_CARD_SIZES).default('a6'),
        cursor: z.string().max(300).optional(),
      })
      .strict(),
    output: z
      .object({
        /** Null when this part holds no room to print (only consenting rooms were asked for). */
        fileID: z.string().nullable(),
        url: z.string().nullable(),
        cards: z.number().int(),
        pages: z.number().int(),
        bytes: z.number().int(),
        /** The floors this part covers. */
        floors: z.object({ from: z.number().int(), to: z.number().int() }).strict().nullable(),
        /** More rooms follow in another part; null when this part ends the building. */
        nextCursor: z.string().nullable(),
      })
      .strict(),
  }),
  reissueBuilding: action({
    summary:
      "retire every active plaque code of a building and issue new ones (after a leak), a bounded chunk of rooms per call in one transaction each (pass nextCursor until it is null), audited",
    roles: ['admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ buildingId: Id, cursor: z.string().max(300).optional() }).strict(),
    output: z.object({ reissued: z.number().int(), nextCursor: z.string().nullable() }).strict(),
  }),
} satisfies FunctionContract;
