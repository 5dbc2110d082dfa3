import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { dutyContract } from '../../../../src/shared/contract/checkin-duty';
import { earlyMinutes, instanceClock, instanceWindow, lateMinutes } from '../../../../src/shared/domain/duty';
import { attendanceHours } from '../../../../src/shared/domain/volunteer';
import { encodeCursor } from '../../../_common/cursor';
import { newId } from '../../../_common/ids';
import { dutyRepo, type DutyRecordDoc } from '../../../_common/repositories/checkin-duty';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
import { notCountedReply } from '../../../_common/verified-settlement';
import { auditorOf, BAD_CURSOR, cursorOf, holdsShift, recordBaseOf } from './common';
import { settleDuty } from './settle';

type C = typeof dutyContract;

const iso = (at: Date | null) => (at ? new Date(at).toISOString() : null);

export const dutyRecordOf = (r: DutyRecordDoc) => ({
  id: r._id,
  shiftId: r.shiftId,
  stationName: r.stationName,
  date: r.date,
  startAt: new Date(r.startAt).toISOString(),
  endAt: new Date(r.endAt).toISOString(),
  state: r.state,
  checkInAt: iso(r.checkInAt),
  checkOutAt: iso(r.checkOutAt),
  lateMinutes: r.late,
  earlyMinutes: r.early,
  hours: r.hours,
  corrected: r.correctionId !== null,
});

/** The caller's own dated records, latest shift first. */
export const myDutyRecords: Handler<C['myDutyRecords']> = async ({ cursor, limit }, ctx) => {
  const after = cursorOf(cursor);
  if (after === 'bad') return fail('INVALID_INPUT', BAD_CURSOR);
  const memberId = (await ctx.actor()).user?.memberId;
  if (!memberId) return ok({ items: [], nextCursor: null });
  const page = await dutyRepo.recordsPage(memberId, after, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({ items: page.items.map(dutyRecordOf), nextCursor: page.more && last ? encodeCursor(new Date(last.startAt), last._id) : null });
};

/**
 * A counselor corrects (or makes up, 补录) one member's dated shift in their buildings: a correction
 * record with the reason and author is added and the record's projection follows it, audited in the
 * same transaction; the member's own scans on the record stay. Hours not yet settled are settled
 * from the corrected times (once: a record settled before keeps its hours).
 */
export const correctDuty: Handler<C['correctDuty']> = async (input, ctx) => {
  const actor = await ctx.actor();
  const shift = await dutyRepo.shiftById(input.shiftId);
  if (!shift) return fail('NOT_FOUND', '没有找到这个班次');
  if (!inScope(actor, shift.buildingId)) return fail('FORBIDDEN', '只能更正你负责楼栋的值班');
  const window = instanceWindow(shift, input.date);
  if (!window) return fail('INVALID_INPUT', '这一天不是该班次的值班日');
  // A night shift's times after midnight are the next morning's.
  const checkInAt = instanceClock(shift, input.date, input.checkIn);
  const checkOutAt = instanceClock(shift, input.date, input.checkOut);
  if (!checkInAt || !checkOutAt || checkOutAt.getTime() <= checkInAt.getTime()) return fail('INVALID_INPUT', '签退时间需晚于签到时间');
  if (checkOutAt.getTime() > ctx.now.getTime()) return fail('INVALID_INPUT', '不能补录尚未到来的时间');
  const base = recordBaseOf(shift, input.date, window, input.memberId);
  if (!holdsShift(shift, input.memberId, await dutyRepo.recordById(base._id))) return fail('NOT_ON_DUTY', '这位党员不在这次值班上');

  const after = { state: 'completed' as const, checkInAt, checkOutAt, late: lateMinutes(window.startAt, checkInAt), early: earlyMinutes(window.endAt, checkOutAt) };
  const by = actor.user?._id ?? actor.openid;
  const outcome = await dutyRepo.correct(base, { _id: newId(), after, reason: input.reason, by, createdAt: ctx.now }, auditorOf(actor));
  if (!outcome.ok) return outcome.code === 'SWAPPED' ? fail('NOT_ON_DUTY', '这次值班已换给其他党员') : fail('CONFLICT');
  const record = outcome.value;
  if (record.hours !== null || record.entryId !== null) return ok({ record: dutyRecordOf(record) });

  if (attendanceHours(window, checkInAt, checkOutAt) === 0) {
    await dutyRepo.settleNothing(record._id);
    return ok({ record: dutyRecordOf({ ...record, hours: 0 }) });
  }
  const member = await dutyRepo.memberUserOf(input.memberId);
  const settled = await settleDuty(record, member ?? '', by, ctx.now);
  if (!settled.ok) return fail(settled.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'CONFLICT');
  const notCounted = settled.notCounted ? notCountedReply(settled.notCounted.code, '更正已保存') : null;
  return ok({ record: dutyRecordOf({ ...record, hours: settled.hours }), ...(notCounted ? { notCounted } : {}) });
};
