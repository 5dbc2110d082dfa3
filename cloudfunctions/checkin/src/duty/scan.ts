import type { dutyContract } from '../../../../src/shared/contract/checkin-duty';
import { earlyMinutes, lateMinutes, openInstance, scanDates, weekdayOf } from '../../../../src/shared/domain/duty';
import { RATE_LIMITS } from '../../../../src/shared/domain/rate-limits';
import { attendanceHours } from '../../../../src/shared/domain/volunteer';
import { consume } from '../../../_common/rate-limit';
import { dutyRepo, type DutyRecordDoc, type DutyShiftDoc } from '../../../_common/repositories/checkin-duty';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { holdsShift, recordBaseOf } from './common';
import { settleDuty } from './settle';

type C = typeof dutyContract;

/** As for activities (volunteer scanActivity): an unsettled check-out older than any function runs (config.json: 20 s) is owed. */
export const SETTLE_OWED_AFTER_MS = 30_000;

/**
 * The caller's dated shifts at the station whose phase is open now, with their records: today's, and
 * yesterday's or tomorrow's near midnight (a night shift's instance belongs to the day it starts).
 */
async function openShifts(stationId: string, memberId: string, phase: 'in' | 'out', now: Date) {
  const weekdays = scanDates(now).map(weekdayOf).filter((d): d is number => d !== null);
  const shifts = (await Promise.all(weekdays.map((weekday) => dutyRepo.shiftsOn(stationId, weekday)))).flat();
  const open: Array<{ shift: DutyShiftDoc; date: string; window: { startAt: Date; endAt: Date }; record: DutyRecordDoc | null }> = [];
  for (const shift of shifts) {
    const instance = openInstance(shift, phase, now);
    if (!instance) continue;
    // The caller's record of it (a swap may have moved the dated shift to or from them).
    const record = await dutyRepo.recordById(recordBaseOf(shift, instance.date, instance, memberId)._id);
    if (holdsShift(shift, memberId, record)) open.push({ shift, date: instance.date, window: instance, record });
  }
  return open;
}

/**
 * A member scans the station display's code. Who scans is the caller's own member profile; the code
 * names the station; the server's clock decides which of the member's shifts there is open. Each
 * code can be used once per member and phase (a document: a replay is refused, even after a
 * restart), and the check-in and check-out are each one transaction on the member's dated record.
 * Check-out takes the work log and settles verified hours through the activities' settlement.
 */
export const dutyScan: Handler<C['dutyScan']> = async (input, ctx) => {
  const actor = await ctx.actor();
  const memberId = actor.user?.memberId;
  if (!memberId) return fail('FORBIDDEN');
  const limited = await consume(RATE_LIMITS.dutyScan, actor.openid, ctx.now);
  if (!limited.ok) return limited;
  const code = await dutyRepo.codeById(input.code);
  if (!code) return fail('NOT_FOUND', '没有找到这个值班码，请扫描服务站屏幕上的二维码');
  if (new Date(code.expiresAt).getTime() <= ctx.now.getTime()) return fail('CODE_EXPIRED');
  if (!(await dutyRepo.useCode(input.code, memberId, input.phase, ctx.now)).ok) return fail('CODE_REPLAYED');

  const open = await openShifts(code.stationId, memberId, input.phase, ctx.now);
  if (open.length === 0) return fail('NOT_ON_DUTY', input.phase === 'in' ? '你此时在这个服务站没有值班（可在开始前15分钟至结束前签到）' : '你此时在这个服务站没有可签退的值班');

  if (input.phase === 'in') {
    const target = open.find((o) => !o.record || o.record.state === 'scheduled' || o.record.state === 'missed');
    if (!target) return fail('CODE_REPLAYED', '你已签到过本次值班');
    const late = lateMinutes(target.window.startAt, ctx.now);
    const outcome = await dutyRepo.checkIn(recordBaseOf(target.shift, target.date, target.window, memberId), { at: ctx.now, code: input.code, late });
    if (!outcome.ok) {
      if (outcome.code === 'ALREADY') return fail('CODE_REPLAYED', '你已签到过本次值班');
      if (outcome.code === 'SWAPPED') return fail('NOT_ON_DUTY', '这次值班已换给其他党员');
      await dutyRepo.releaseCode(input.code, memberId, 'in');
      return fail('CONFLICT');
    }
    return ok({ stationName: target.shift.stationName, phase: 'in' as const, lateMinutes: late, earlyMinutes: 0, hours: null });
  }

  const userId = actor.user?._id ?? '';
  const target = open.find((o) => o.record?.state === 'checkedIn');
  if (!target?.record) {
    const done = open.find((o) => o.record?.state === 'completed');
    // A check-out whose settlement never committed (lost to contention, or the function died) is settled by the next scan.
    const owed = done?.record && done.record.hours === null && done.record.entryId === null && ctx.now.getTime() - new Date(done.record.checkOutAt ?? ctx.now).getTime() > SETTLE_OWED_AFTER_MS;
    if (done?.record && owed) {
      const settled = await settleDuty(done.record, userId, done.shift.createdBy, ctx.now);
      if (settled.ok && !settled.already) {
        return ok({ stationName: done.shift.stationName, phase: 'out' as const, lateMinutes: done.record.late, earlyMinutes: done.record.early, hours: settled.hours, ...(settled.notCounted ? { notCounted: settled.notCounted } : {}) });
      }
    }
    if (done) return fail('CODE_REPLAYED', '你已签退过本次值班');
    return fail('WRONG_PHASE');
  }
  const early = earlyMinutes(target.window.endAt, ctx.now);
  const out = await dutyRepo.checkOut(target.record._id, { at: ctx.now, code: input.code, early, workLog: input.workLog });
  if (!out.ok) {
    if (out.code === 'ALREADY') return fail('CODE_REPLAYED', '你已签退过本次值班');
    if (out.code === 'WRONG_PHASE') return fail('WRONG_PHASE');
    await dutyRepo.releaseCode(input.code, memberId, 'out');
    return fail('CONFLICT');
  }
  const stationName = target.shift.stationName;
  const reply = { stationName, phase: 'out' as const, lateMinutes: target.record.late, earlyMinutes: early };
  if (attendanceHours(target.window, new Date(out.value.checkInAt ?? ctx.now), ctx.now) === 0) {
    await dutyRepo.settleNothing(out.value._id);
    return ok({ ...reply, hours: 0 });
  }
  const settled = await settleDuty(out.value, userId, target.shift.createdBy, ctx.now);
  // Lost to contention: the check-out stands and the next scan (or a counselor's correction) settles it.
  if (!settled.ok) return fail(settled.code);
  return ok({ ...reply, hours: settled.hours, ...(settled.notCounted ? { notCounted: settled.notCounted } : {}) });
};
