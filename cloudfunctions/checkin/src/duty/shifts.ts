import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { dutyContract } from '../../../../src/shared/contract/checkin-duty';
import { changeFromError, checkShiftTimes } from '../../../../src/shared/domain/duty';
import { cstDate, minutesOf } from '../../../../src/shared/domain/china-time';
import { decodeKeyCursor, encodeCursor, encodeKeyCursor } from '../../../_common/cursor';
import { newId } from '../../../_common/ids';
import { dutyRepo, type DutyShiftDoc, type DutyStationDoc } from '../../../_common/repositories/checkin-duty';
import { rosterRepo } from '../../../_common/repositories/roster';
import type { Actor } from '../../../_common/router';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
import { auditorOf, BAD_CURSOR, cursorOf } from './common';

type C = typeof dutyContract;

type ShiftInput = { weekday: number; start: string; end: string; memberIds: string[] };

/** A new shift at the station from checked input: real times, members of the station's building. */
async function shiftFrom(station: DutyStationDoc, input: ShiftInput, actor: Actor, now: Date, from: string | null) {
  if (checkShiftTimes(input)) return fail('SHIFT_TIME_INVALID');
  const memberIds = [...new Set(input.memberIds)];
  const members = await dutyRepo.membersByIds(memberIds);
  if (members.length !== memberIds.length) return fail('NOT_FOUND', '有值班党员不存在，请刷新后重新选择');
  if (members.some((m) => m.buildingId !== station.buildingId)) return fail('FORBIDDEN', '值班党员须住在服务站所在楼栋');
  const shift: DutyShiftDoc = {
    _id: newId(),
    stationId: station._id,
    stationName: station.name,
    buildingId: station.buildingId,
    weekday: input.weekday,
    start: input.start,
    end: input.end,
    slot: input.weekday * 1440 + (minutesOf(input.start) ?? 0),
    memberIds,
    from,
    until: null,
    previousId: null,
    createdBy: actor.user?._id ?? actor.openid,
    createdAt: now,
  };
  return ok(shift);
}

/** A weekly shift at a station in scope; every member on it lives in the station's building. Audited. */
export const createShift: Handler<C['createShift']> = async (input, ctx) => {
  const actor = await ctx.actor();
  const station = await dutyRepo.stationById(input.stationId);
  if (!station) return fail('NOT_FOUND', '没有找到这个服务站');
  if (!inScope(actor, station.buildingId)) return fail('FORBIDDEN', '只能安排你负责楼栋的服务站');
  const made = await shiftFrom(station, input, actor, ctx.now, null);
  if (!made.ok) return made;
  if (!(await dutyRepo.insertShift(made.data, auditorOf(actor))).ok) return fail('CONFLICT');
  return ok({ id: made.data._id });
};

const CHANGE_REFUSED = {
  PAST: '调整只能从今天或以后的日期生效，已过去的值班保持原样',
  STARTED: '这一天的值班已经开始，请从下一次值班起调整',
  ENDED: '这个班次已调整或停止，请在新的班次上修改',
} as const;

/** The shift in the caller's scope and the date a change may take effect from, or why not. */
async function changeable(shiftId: string, from: string, actor: Actor, now: Date) {
  const shift = await dutyRepo.shiftById(shiftId);
  if (!shift) return fail('NOT_FOUND', '没有找到这个班次');
  if (!inScope(actor, shift.buildingId)) return fail('FORBIDDEN', '只能调整你负责楼栋的班次');
  const refused = changeFromError(shift, from, now);
  if (refused) return fail(refused === 'ENDED' ? 'INVALID_STATE' : 'INVALID_INPUT', CHANGE_REFUSED[refused]);
  return ok(shift);
}

const ENDED_MEANWHILE = '这个班次刚被调整或停止，请刷新后在新的班次上修改';

/**
 * New times or members from a date on: the shift holds until that date and a new shift (same
 * station) from it, in one audited transaction. Instances before the date keep the old times and
 * members, and every record keeps its shift.
 */
export const changeShift: Handler<C['changeShift']> = async (input, ctx) => {
  const actor = await ctx.actor();
  const old = await changeable(input.shiftId, input.from, actor, ctx.now);
  if (!old.ok) return old;
  const station = await dutyRepo.stationById(old.data.stationId);
  if (!station) return fail('NOT_FOUND', '没有找到这个服务站');
  const made = await shiftFrom(station, input, actor, ctx.now, input.from);
  if (!made.ok) return made;
  const next = { ...made.data, previousId: old.data._id };
  const outcome = await dutyRepo.endShiftFrom(old.data._id, input.from, next, auditorOf(actor), ctx.now);
  if (!outcome.ok) return outcome.code === 'CONFLICT' ? fail('CONFLICT') : fail(outcome.code === 'ENDED' ? 'INVALID_STATE' : 'NOT_FOUND', ENDED_MEANWHILE);
  return ok({ id: next._id });
};

/** The shift stops from a date on; earlier instances and their records stay. Audited. */
export const endShift: Handler<C['endShift']> = async (input, ctx) => {
  const actor = await ctx.actor();
  const old = await changeable(input.shiftId, input.from, actor, ctx.now);
  if (!old.ok) return old;
  const outcome = await dutyRepo.endShiftFrom(old.data._id, input.from, null, auditorOf(actor), ctx.now);
  if (!outcome.ok) return outcome.code === 'CONFLICT' ? fail('CONFLICT') : fail(outcome.code === 'ENDED' ? 'INVALID_STATE' : 'NOT_FOUND', ENDED_MEANWHILE);
  return ok({ done: true as const });
};

const STUDENT_NO = /^[0-9]{6,14}$/;

/**
 * Members of the station's building to put on a shift: a 学号 finds its member (one read on the
 * roster's unique index, one on the members'), anything else the members whose name starts with it,
 * by name (by_building_name). Never the 学号 itself in the answer.
 */
export const shiftCandidates: Handler<C['shiftCandidates']> = async ({ stationId, q, cursor, limit }, ctx) => {
  const after = cursor === undefined ? null : decodeKeyCursor(cursor);
  if (after === null && cursor !== undefined) return fail('INVALID_INPUT', BAD_CURSOR);
  const station = await dutyRepo.stationById(stationId);
  if (!station) return fail('NOT_FOUND', '没有找到这个服务站');
  if (!inScope(await ctx.actor(), station.buildingId)) return fail('FORBIDDEN', '只能安排你负责楼栋的服务站');
  const candidateOf = (m: { _id: string; name: string; roomNumber: string }) => ({ id: m._id, name: m.name, roomNumber: m.roomNumber });
  const query = q ?? '';
  if (STUDENT_NO.test(query)) {
    const entry = after ? null : await rosterRepo.byStudentNo(query);
    const member = entry ? await dutyRepo.memberByRosterId(entry._id) : null;
    return ok({ items: member && member.buildingId === station.buildingId ? [candidateOf(member)] : [], nextCursor: null });
  }
  const page = await dutyRepo.membersByNamePrefix(station.buildingId, query, after, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({ items: page.items.map(candidateOf), nextCursor: page.more && last ? encodeKeyCursor(last.name, last._id) : null });
};

/** Shifts with their members' names (one read by `_id` for the page's members). */
async function summaries(shifts: DutyShiftDoc[]) {
  const names = new Map((await dutyRepo.membersByIds(shifts.flatMap((s) => s.memberIds))).map((m) => [m._id, m.name]));
  return shifts.map((s) => ({
    id: s._id,
    stationId: s.stationId,
    stationName: s.stationName,
    weekday: s.weekday,
    start: s.start,
    end: s.end,
    members: s.memberIds.map((id) => ({ id, name: names.get(id) ?? '（已离开）' })),
    from: s.from ?? null,
    until: s.until ?? null,
  }));
}

export const listShifts: Handler<C['listShifts']> = async ({ stationId, cursor, limit }, ctx) => {
  const after = cursorOf(cursor);
  if (after === 'bad') return fail('INVALID_INPUT', BAD_CURSOR);
  const station = await dutyRepo.stationById(stationId);
  if (!station) return fail('NOT_FOUND', '没有找到这个服务站');
  if (!inScope(await ctx.actor(), station.buildingId)) return fail('FORBIDDEN');
  const page = await dutyRepo.shiftsPage(stationId, after, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({ items: await summaries(page.items), nextCursor: page.more && last ? encodeCursor(new Date(last.slot), last._id) : null });
};

/** The caller's own weekly shifts (their assignments, newest first), but those that have ended. */
export const myShifts: Handler<C['myShifts']> = async ({ cursor, limit }, ctx) => {
  const after = cursorOf(cursor);
  if (after === 'bad') return fail('INVALID_INPUT', BAD_CURSOR);
  const memberId = (await ctx.actor()).user?.memberId;
  if (!memberId) return ok({ items: [], nextCursor: null });
  const page = await dutyRepo.assignmentsPage(memberId, after, limit ?? PAGE_LIMIT_DEFAULT);
  const shifts = new Map((await dutyRepo.shiftsByIds(page.items.map((a) => a.shiftId))).map((s) => [s._id, s]));
  const today = cstDate(ctx.now);
  const ordered = page.items.map((a) => shifts.get(a.shiftId)).filter((s): s is DutyShiftDoc => !!s && !(s.until && s.until <= today));
  const last = page.items[page.items.length - 1];
  return ok({ items: await summaries(ordered), nextCursor: page.more && last ? encodeCursor(new Date(last.createdAt), last._id) : null });
};
