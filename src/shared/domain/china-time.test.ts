import { EntryInput, volunteerContract } from '../contract/volunteer';
import { checkActivityWindow, presenceSpan } from './activity';
import { cstDate, cstInstant, cstTime, isCalendarDate, isClockTime } from './china-time';
import { isTermKey, termOf } from './term';
import { attendanceHours, checkEntry, hoursBetween, parseEntryTime } from './volunteer';

/** Dates are real calendar dates (issue 7, point 2): one strict parse, refused everywhere else. */

const NOW = cstInstant('2026-12-01', '20:00')!;
const input = (o: Record<string, string>) => ({ title: '楼道卫生清扫', category: 'hygiene', place: '智园1号楼', date: '2026-11-30', start: '09:00', end: '11:00', ...o });

describe('calendar dates', () => {
  it.each([
    ['2099-13-81', false],
    ['2026-11-31', false],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2026-00-10', false],
    ['2026-12-00', false],
    ['2026-12-31', true],
    ['2026-1-05', false],
    ['26-11-30', false],
    ['2026-11-30T00:00', false],
    ['', false],
  ])('%s is a date: %s', (date, real) => {
    expect(isCalendarDate(date)).toBe(real);
    expect(cstInstant(date, '09:00') !== null).toBe(real);
    expect(EntryInput.safeParse(input({ date })).success).toBe(real);
  });
});

describe('clock times', () => {
  it.each([
    ['00:00', true],
    ['23:59', true],
    ['24:00', false],
    ['23:60', false],
    ['9:00', false],
    ['09:00:00', false],
    ['-1:00', false],
  ])('%s is a time: %s', (time, real) => {
    expect(isClockTime(time)).toBe(real);
    expect(cstInstant('2026-11-30', time) !== null).toBe(real);
    expect(EntryInput.safeParse(input({ start: time, end: '23:59' })).success).toBe(real);
    expect(EntryInput.safeParse(input({ start: '00:00', end: time })).success).toBe(real);
  });

  it('a refused date or time says so in Chinese', () => {
    const date = EntryInput.safeParse(input({ date: '2026-11-31' }));
    expect(!date.success && date.error.issues[0].message).toBe('日期不存在');
    const time = EntryInput.safeParse(input({ end: '24:00' }));
    expect(!time.success && time.error.issues[0].message).toMatch(/时间格式为 HH:mm/);
  });
});

describe('parseEntryTime: the date, the hours and the term from one parse', () => {
  it.each<[string, { date: string; start: string; end: string }, string | { hours: number; termKey: string; startAt: string }]>([
    ['a real day', { date: '2026-11-30', start: '09:00', end: '11:00' }, { hours: 2, termKey: '2026-2027-1', startAt: '2026-11-30T01:00:00.000Z' }],
    ['29 February of a leap year', { date: '2028-02-29', start: '09:00', end: '21:00' }, { hours: 12, termKey: '2027-2028-2', startAt: '2028-02-29T01:00:00.000Z' }],
    ['the first minutes of a term (China time)', { date: '2027-02-01', start: '00:00', end: '01:00' }, { hours: 1, termKey: '2026-2027-2', startAt: '2027-01-31T16:00:00.000Z' }],
    ['month 13, day 81', { date: '2099-13-81', start: '00:00', end: '12:00' }, 'INVALID_INPUT'],
    ['31 November', { date: '2026-11-31', start: '08:00', end: '20:00' }, 'INVALID_INPUT'],
    ['29 February of a common year', { date: '2026-02-29', start: '09:00', end: '11:00' }, 'INVALID_INPUT'],
    ['24:00', { date: '2026-11-30', start: '20:00', end: '24:00' }, 'INVALID_INPUT'],
    ['23:60', { date: '2026-11-30', start: '20:00', end: '23:60' }, 'INVALID_INPUT'],
    ['a span under half an hour', { date: '2026-11-30', start: '09:00', end: '09:20' }, 'ENTRY_TIME_INVALID'],
  ])('%s', (_label, time, expected) => {
    const parsed = parseEntryTime(time);
    if (typeof expected === 'string') return expect(parsed).toEqual({ ok: false, code: expected });
    if (!parsed.ok) throw new Error(parsed.code);
    expect({ hours: parsed.value.hours, termKey: parsed.value.termKey, startAt: parsed.value.startAt.toISOString() }).toEqual(expected);
  });

  it('verified presence across a term boundary: date and term both from the instant presence began', () => {
    const w = { startAt: cstInstant('2027-01-31', '23:00')!, endAt: new Date(cstInstant('2027-01-31', '23:00')!.getTime() + 2 * 3_600_000) };
    const span = presenceSpan(w, w.startAt, w.endAt);
    expect(span).toEqual({ date: '2027-01-31', start: '23:00', end: '23:59' });
    const parsed = parseEntryTime(span, { hours: attendanceHours(w, w.startAt, w.endAt) });
    expect(parsed.ok && { hours: parsed.value.hours, termKey: parsed.value.termKey }).toEqual({ hours: 2, termKey: '2026-2027-1' });
    // The sign-out's instant is already in the next term: it no longer decides.
    expect(termOf(w.endAt).key).toBe('2026-2027-2');
  });

  it('checkEntry refuses what the parse refuses, before any other rule', () => {
    const e = { category: 'hygiene', title: '楼道卫生清扫' };
    expect(checkEntry({ ...e, date: '2099-13-81', start: '00:00', end: '12:00' }, [], NOW)).toEqual({ ok: false, code: 'INVALID_INPUT' });
    expect(checkEntry({ ...e, date: '2026-11-31', start: '08:00', end: '20:00' }, [], NOW)).toEqual({ ok: false, code: 'INVALID_INPUT' });
    // 12-01 is a real day: 31 November is not a second copy of it.
    expect(checkEntry({ ...e, date: '2026-12-01', start: '08:00', end: '20:00' }, [], NOW)).toEqual({ ok: true, value: 12 });
    expect(() => checkEntry({ ...e, date: '2026-11-30', start: '08:00', end: '10:00' }, [], new Date(NaN))).toThrow(RangeError);
  });

  it('hoursBetween refuses times that are not times', () => {
    expect(hoursBetween('20:00', '24:00')).toBeNull();
    expect(hoursBetween('20:00', '23:60')).toBeNull();
    expect(hoursBetween('xx:00', '23:00')).toBeNull();
  });
});

describe('rules refuse a non-finite instant', () => {
  const bad = new Date(NaN);
  it('termOf never makes NaN-NaN-2', () => {
    expect(() => termOf(bad)).toThrow(RangeError);
    expect(isTermKey('NaN-NaN-2')).toBe(false);
    expect(isTermKey('2026-2028-1')).toBe(false);
    expect(isTermKey('2026-2027-2')).toBe(true);
    expect(volunteerContract.exportHours.input.safeParse({ termKey: '2026-2028-1' }).success).toBe(false);
  });

  it('China time of an invalid instant throws instead of printing NaN', () => {
    expect(() => cstDate(bad)).toThrow(RangeError);
    expect(() => cstTime(bad)).toThrow(RangeError);
    expect(() => presenceSpan({ startAt: bad, endAt: bad }, bad, bad)).toThrow(RangeError);
  });

  it('activities: an invalid window is refused and earns nothing', () => {
    const w = { startAt: cstInstant('2026-11-30', '09:00')!, endAt: bad };
    expect(checkActivityWindow(w, NOW)).toBe('ACTIVITY_WINDOW_INVALID');
    expect(attendanceHours(w, w.startAt, NOW)).toBe(0);
    expect(attendanceHours({ startAt: w.startAt, endAt: NOW }, bad, NOW)).toBe(0);
  });
});
