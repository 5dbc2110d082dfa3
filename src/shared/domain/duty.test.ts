import { cstInstant } from './china-time';
import { checkShiftTimes, coverageDelta, earlyMinutes, instanceWindow, lateMinutes, missedBy, openInstance, weekdayOf, weekOf } from './duty';

const at = (date: string, time: string) => cstInstant(date, time)!;

describe('duty rules', () => {
  it('weekdays and weeks are China ones, Monday first', () => {
    expect(weekdayOf('2026-11-16')).toBe(1);
    expect(weekdayOf('2026-11-18')).toBe(3);
    expect(weekdayOf('2026-11-22')).toBe(7);
    expect(weekdayOf('2026-11-31')).toBeNull();
    expect(weekOf('2026-11-22')).toBe('2026-11-16');
    expect(weekOf('2026-11-16')).toBe('2026-11-16');
    expect(weekOf('2027-01-01')).toBe('2026-12-28');
  });

  it('a shift is 30 min to 12 h inside one day', () => {
    expect(checkShiftTimes({ weekday: 3, start: '15:00', end: '17:00' })).toBeNull();
    expect(checkShiftTimes({ weekday: 3, start: '17:00', end: '15:00' })).toBe('SHIFT_TIME_INVALID');
    expect(checkShiftTimes({ weekday: 3, start: '15:00', end: '15:20' })).toBe('SHIFT_TIME_INVALID');
    expect(checkShiftTimes({ weekday: 8, start: '15:00', end: '17:00' })).toBe('SHIFT_TIME_INVALID');
    expect(checkShiftTimes({ weekday: 1, start: '06:00', end: '18:30' })).toBe('SHIFT_TIME_INVALID');
  });

  it('a dated shift exists only on its weekday; check-in opens 15 min early, check-out closes 1 h late', () => {
    const shift = { weekday: 3, start: '15:00', end: '17:00' };
    expect(instanceWindow(shift, '2026-11-19')).toBeNull();
    expect(instanceWindow(shift, '2026-11-18')).toEqual({ startAt: at('2026-11-18', '15:00'), endAt: at('2026-11-18', '17:00') });
    expect(openInstance(shift, 'in', at('2026-11-18', '14:44'))).toBeNull();
    expect(openInstance(shift, 'in', at('2026-11-18', '14:45'))).toMatchObject({ date: '2026-11-18' });
    expect(openInstance(shift, 'in', at('2026-11-18', '17:00'))).toBeNull();
    expect(openInstance(shift, 'out', at('2026-11-18', '17:59'))).not.toBeNull();
    expect(openInstance(shift, 'out', at('2026-11-18', '18:00'))).toBeNull();
  });

  it('late, early and missed count past the grace minutes', () => {
    const start = at('2026-11-18', '15:00');
    const end = at('2026-11-18', '17:00');
    expect(lateMinutes(start, at('2026-11-18', '15:10'))).toBe(0);
    expect(lateMinutes(start, at('2026-11-18', '15:11'))).toBe(11);
    expect(earlyMinutes(end, at('2026-11-18', '16:50'))).toBe(0);
    expect(earlyMinutes(end, at('2026-11-18', '16:30'))).toBe(30);
    expect(missedBy(start, at('2026-11-18', '15:10'))).toBe(false);
    expect(missedBy(start, at('2026-11-18', '15:11'))).toBe(true);
  });

  it("a record's move changes the week's coverage by its difference only", () => {
    expect(coverageDelta(null, { state: 'missed', late: 0, early: 0 })).toEqual({ staffed: 0, missed: 1, late: 0, early: 0 });
    expect(coverageDelta({ state: 'missed', late: 0, early: 0 }, { state: 'checkedIn', late: 30, early: 0 })).toEqual({ staffed: 1, missed: -1, late: 1, early: 0 });
    expect(coverageDelta({ state: 'checkedIn', late: 30, early: 0 }, { state: 'completed', late: 30, early: 20 })).toEqual({ staffed: 0, missed: 0, late: 0, early: 1 });
    expect(coverageDelta({ state: 'scheduled', late: 0, early: 0 }, { state: 'swapped', late: 0, early: 0 })).toEqual({ staffed: 0, missed: 0, late: 0, early: 0 });
  });
});
