import { cstDate, DAY_MS } from '../../../../src/shared/domain/china-time';
import { instanceWindow, missedBy, weekdayOf } from '../../../../src/shared/domain/duty';
import { dutyRepo, type DutyShiftDoc } from '../../../_common/repositories/checkin-duty';
import { SWEEP_GRACE_MS } from '../../../_common/sweep';
import { recordBaseOf } from './common';

/** The timer trigger's name in cloudfunctions/checkin/config.json. */
export const DUTY_TRIGGER = 'duty-missed';
const PAGE = 100;

/**
 * The missed-shift sweep (timer trigger, every 10 minutes): every dated shift of today and yesterday
 * (China time) whose start + grace has passed without a check-in becomes `missed` for each member on
 * it (the taker, when a swap moved it). Records have fixed ids and only `scheduled` ones (or none)
 * change, so running it again, or twice at once, changes nothing more. Expired station codes go too.
 */
export async function sweepMissedDuty(now: Date): Promise<{ missed: number; codes: number; codeUses: number }> {
  // CloudBase has no TTL: station codes (one every 20 s per display) and their uses go an hour after expiry.
  const removed = await dutyRepo.removeCodesBefore(new Date(now.getTime() - SWEEP_GRACE_MS));
  let missed = 0;
  for (const date of [cstDate(new Date(now.getTime() - DAY_MS)), cstDate(now)]) {
    const weekday = weekdayOf(date);
    if (!weekday) continue;
    let afterId: string | null = null;
    for (;;) {
      const shifts: DutyShiftDoc[] = await dutyRepo.shiftsOfWeekday(weekday, afterId, PAGE);
      for (const shift of shifts) missed += await sweepShift(shift, date, now);
      if (shifts.length < PAGE) break;
      afterId = shifts[shifts.length - 1]._id;
    }
  }
  return { missed, ...removed };
}

async function sweepShift(shift: DutyShiftDoc, date: string, now: Date): Promise<number> {
  const window = instanceWindow(shift, date);
  if (!window || !missedBy(window.startAt, now)) return 0;
  let missed = 0;
  for (const memberId of shift.memberIds) {
    const base = recordBaseOf(shift, date, window, memberId);
    const record = await dutyRepo.recordById(base._id);
    let holder = memberId;
    if (record?.state === 'swapped' && record.viaSwap) {
      const swap = await dutyRepo.swapById(record.viaSwap);
      if (!swap) continue;
      holder = swap.toMemberId;
    } else if (record && record.state !== 'scheduled') continue;
    if ((await dutyRepo.markMissed(recordBaseOf(shift, date, window, holder), now)).ok) missed += 1;
  }
  return missed;
}
