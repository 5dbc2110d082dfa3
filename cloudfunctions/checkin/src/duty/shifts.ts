import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { dutyContract } from '../../../../src/shared/contract/checkin-duty';
import { checkShiftTimes } from '../../../../src/shared/domain/duty';
import { minutesOf } from '../../../../src/shared/domain/china-time';
import { encodeCursor } from '../../../_common/cursor';
import { newId } from '../../../_common/ids';
import { dutyRepo, type DutyShiftDoc } from '../../../_common/repositories/checkin-duty';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
import { auditorOf, BAD_CURSOR, cursorOf } from './common';

type C = typeof dutyContract;

/** A weekly shift at a station in scope; every member on it lives in the station's building. Audited. */
export const createShift: Handler<C['createShift']> = async (input, ctx) => {
  const actor = await ctx.actor();
  const station = await dutyRepo.stationById(input.stationId);
  if (!station) return fail('NOT_FOUND', '没有找到这个服务站');
  if (!inScope(actor, station.buildingId)) return fail('FORBIDDEN', '只能安排你负责楼栋的服务站');
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
    createdBy: actor.user?._id ?? actor.openid,
    createdAt: ctx.now,
  };
  if (!(await dutyRepo.insertShift(shift, auditorOf(actor))).ok) return fail('CONFLICT');
  return ok({ id: shift._id });
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

/** The caller's own weekly shifts (their assignments, newest first). */
export const myShifts: Handler<C['myShifts']> = async ({ cursor, limit }, ctx) => {
  const after = cursorOf(cursor);
  if (after === 'bad') return fail('INVALID_INPUT', BAD_CURSOR);
  const memberId = (await ctx.actor()).user?.memberId;
  if (!memberId) return ok({ items: [], nextCursor: null });
  const page = await dutyRepo.assignmentsPage(memberId, after, limit ?? PAGE_LIMIT_DEFAULT);
  const shifts = new Map((await dutyRepo.shiftsByIds(page.items.map((a) => a.shiftId))).map((s) => [s._id, s]));
  const ordered = page.items.map((a) => shifts.get(a.shiftId)).filter((s): s is DutyShiftDoc => !!s);
  const last = page.items[page.items.length - 1];
  return ok({ items: await summaries(ordered), nextCursor: page.more && last ? encodeCursor(new Date(last.createdAt), last._id) : null });
};
