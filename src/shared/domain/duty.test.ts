import { cstInstant } from './china-time';
import { changeFromError, checkShiftTimes, coverageDelta, dutyServiceSpan, earlyMinutes, instanceClock, instanceWindow, lateMinutes, missedBy, openInstance, scanDates, shiftTimeLabel, weekdayOf, weekOf } from './duty';

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

  it('a shift is 30 min to 12 h; it may end on the next day', () => {
    expect(checkShiftTimes({ weekday: 3, start: '15:00', end: '17:00' })).toBeNull();
    expect(checkShiftTimes({ weekday: 3, start: '17:00', end: '15:00' })).toBe('SHIFT_TIME_INVALID');
    expect(checkShiftTimes({ weekday: 3, start: '15:00', end: '15:20' })).toBe('SHIFT_TIME_INVALID');
    expect(checkShiftTimes({ weekday: 8, start: '15:00', end: '17:00' })).toBe('SHIFT_TIME_INVALID');
    expect(checkShiftTimes({ weekday: 1, start: '06:00', end: '18:30' })).toBe('SHIFT_TIME_INVALID');
    expect(checkShiftTimes({ weekday: 3, start: '22:00', end: '08:00' })).toBeNull();
    expect(checkShiftTimes({ weekday: 3, start: '23:50', end: '00:10' })).toBe('SHIFT_TIME_INVALID');
    expect(checkShiftTimes({ weekday: 3, start: '18:00', end: '06:30' })).toBe('SHIFT_TIME_INVALID');
    expect(checkShiftTimes({ weekday: 3, start: '15:00', end: '15:00' })).toBe('SHIFT_TIME_INVALID');
    expect(shiftTimeLabel({ start: '22:00', end: '08:00' })).toBe('22:00-次日08:00');
    expect(shiftTimeLabel({ start: '15:00', end: '17:00' })).toBe('15:00-17:00');
  });

  it('a night shift belongs to the day it starts: its window, scans after midnight, corrections and the service day', () => {
    const night = { weekday: 3, start: '22:00', end: '08:00' };
    const window = { startAt: at('2026-11-18', '22:00'), endAt: at('2026-11-19', '08:00') };
    expect(instanceWindow(night, '2026-11-18')).toEqual(window);
    expect(instanceWindow(night, '2026-11-19')).toBeNull();
    expect(openInstance(night, 'in', at('2026-11-18', '21:45'))).toMatchObject({ date: '2026-11-18' });
    expect(openInstance(night, 'in', at('2026-11-19', '00:30'))).toMatchObject({ date: '2026-11-18' });
    expect(openInstance(night, 'out', at('2026-11-19', '08:59'))).toMatchObject({ date: '2026-11-18' });
    expect(openInstance(night, 'out', at('2026-11-19', '09:00'))).toBeNull();
    // A shift starting just after midnight takes check-ins from 23:55 the evening before.
    const early = { weekday: 4, start: '00:10', end: '02:00' };
    expect(openInstance(early, 'in', at('2026-11-18', '23:55'))).toMatchObject({ date: '2026-11-19' });
    expect(scanDates(at('2026-11-18', '15:00'))).toEqual(['2026-11-18']);
    expect(scanDates(at('2026-11-19', '07:00'))).toEqual(['2026-11-18', '2026-11-19']);
    expect(scanDates(at('2026-11-18', '23:50'))).toEqual(['2026-11-18', '2026-11-19']);
    expect(instanceClock(night, '2026-11-18', '23:00')).toEqual(at('2026-11-18', '23:00'));
    expect(instanceClock(night, '2026-11-18', '07:30')).toEqual(at('2026-11-19', '07:30'));
    expect(instanceClock({ weekday: 3, start: '15:00', end: '17:00' }, '2026-11-18', '07:30')).toEqual(at('2026-11-18', '07:30'));
    // Hours count toward the evening the shift starts, even for a presence that began after midnight.
    expect(dutyServiceSpan(window, at('2026-11-18', '22:05'), at('2026-11-19', '08:00'))).toEqual({ date: '2026-11-18', start: '22:05', end: '23:59' });
    expect(dutyServiceSpan(window, at('2026-11-19', '00:30'), at('2026-11-19', '08:00'))).toEqual({ date: '2026-11-18', start: '22:00', end: '23:59' });
  });

  it('a shift holds from its `from` until its `until`; changes take effect from today on, never on a started instance', () => {
    const shift = { weekday: 3, start: '15:00', end: '17:00', from: '2026-11-18', until: '2026-12-02' };
    expect(instanceWindow(shift, '2026-11-11')).toBeNull();
    expect(instanceWindow(shift, '2026-11-18')).not.toBeNull();
    expect(instanceWindow(shift, '2026-11-25')).not.toBeNull();
    expect(instanceWindow(shift, '2026-12-02')).toBeNull();
    const open = { weekday: 3, start: '15:00', end: '17:00' };
    expect(changeFromError(open, '2026-11-17', at('2026-11-18', '10:00'))).toBe('PAST');
    expect(changeFromError(open, '2026-11-18', at('2026-11-18', '10:00'))).toBeNull();
    expect(changeFromError(open, '2026-11-18', at('2026-11-18', '15:00'))).toBe('STARTED');
    expect(changeFromError(open, '2026-11-19', at('2026-11-18', '15:00'))).toBeNull();
    expect(changeFromError(shift, '2026-11-25', at('2026-11-18', '10:00'))).toBe('ENDED');
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
