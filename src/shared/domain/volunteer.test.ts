import { presenceSpan } from './activity';
import { cstDate, cstInstant as cstInstantOrNull } from './china-time';
import {
  approvedHoursValid,
  attendanceHours,
  checkEntry,
  conversionDue,
  countingOthers,
  fingerprintOf,
  hoursBetween,
  hoursProgress,
  type OtherEntry,
} from './volunteer';

const cstInstant = (date: string, time: string) => cstInstantOrNull(date, time)!;

/** Now: 15 October 2026, 20:00 China Standard Time. */
const NOW = cstInstant('2026-10-15', '20:00');
const entry = (o: Partial<{ date: string; start: string; end: string; category: string; title: string }> = {}) => ({
  date: '2026-10-14', start: '09:00', end: '11:00', category: 'hygiene', title: '楼道卫生清扫', ...o,
});
const other = (o: Partial<ReturnType<typeof entry>> & { hours?: number } = {}): OtherEntry => {
  const e = entry(o);
  return { id: `o-${e.date}-${e.start}`, date: e.date, start: e.start, end: e.end, hours: o.hours ?? hoursBetween(e.start, e.end)!, fingerprint: fingerprintOf(e) };
};

describe('hoursBetween: whole half hours, rounded down', () => {
  it.each([
    ['09:00', '11:00', 2],
    ['09:00', '09:30', 0.5],
    ['09:00', '09:59', 0.5],
    ['09:00', '10:29', 1],
    ['08:15', '20:15', 12],
    ['00:00', '23:59', 23.5],
    ['09:00', '09:29', null],
    ['11:00', '09:00', null],
    ['09:00', '09:00', null],
  ])('%s-%s -> %s', (start, end, hours) => expect(hoursBetween(start, end)).toBe(hours));
});

describe('checkEntry: each refusal its own code', () => {
  it.each<[string, ReturnType<typeof entry>, OtherEntry[], string | number]>([
    ['a two-hour entry yesterday', entry(), [], 2],
    ['ending right now', entry({ date: '2026-10-15', start: '18:00', end: '20:00' }), [], 2],
    ['a span under half an hour', entry({ start: '09:00', end: '09:20' }), [], 'ENTRY_TIME_INVALID'],
    ['end before start', entry({ start: '11:00', end: '09:00' }), [], 'ENTRY_TIME_INVALID'],
    ['ending a minute from now', entry({ date: '2026-10-15', start: '19:00', end: '20:01' }), [], 'ENTRY_IN_FUTURE'],
    ['tomorrow', entry({ date: '2026-10-16' }), [], 'ENTRY_IN_FUTURE'],
    ['30 days ago exactly', entry({ date: '2026-09-15', start: '20:00', end: '21:00' }), [], 1],
    ['31 days ago', entry({ date: '2026-09-14' }), [], 'ENTRY_TOO_LATE'],
    ['identical to another', entry(), [other()], 'ENTRY_DUPLICATE'],
    ['identical but for case and spaces', entry({ title: ' 楼道 卫生清扫 ' }), [other()], 'ENTRY_DUPLICATE'],
    ['overlapping another', entry({ title: '朋辈辅导', start: '10:30', end: '12:00' }), [other()], 'ENTRY_OVERLAP'],
    ['touching another', entry({ title: '朋辈辅导', start: '11:00', end: '12:00' }), [other()], 1],
    ['same time on another day', entry({ date: '2026-10-13' }), [other()], 2],
    ['over 12 hours that day', entry({ title: '夜间巡查', start: '18:00', end: '22:00' }), [other({ start: '08:00', end: '17:00' })], 'DAILY_LIMIT'],
    ['exactly 12 hours that day', entry({ title: '夜间巡查', start: '18:00', end: '21:00' }), [other({ start: '08:00', end: '17:00' })], 3],
    ['over 12 counting granted hours only', entry({ title: '夜间巡查', start: '18:00', end: '22:00' }), [other({ start: '08:00', end: '17:00', hours: 8 })], 4],
  ])('%s', (_label, e, others, expected) => {
    const result = checkEntry(e, others, NOW);
    expect(result).toEqual(typeof expected === 'number' ? { ok: true, value: expected } : { ok: false, code: expected });
  });
});

describe('approvedHoursValid: fewer hours in half-hour steps, never more', () => {
  it.each([
    [4, 4, true],
    [4, 2.5, true],
    [4, 0, true],
    [4, 4.5, false],
    [4, 2.25, false],
    [4, -1, false],
  ])('claimed %s, approved %s -> %s', (claimed, approved, valid) => expect(approvedHoursValid(claimed, approved)).toBe(valid));
});

describe('attendance, conversion and pace', () => {
  const window = { startAt: cstInstant('2026-10-10', '09:00'), endAt: cstInstant('2026-10-10', '12:00') };
  it.each([
    ['the whole activity', '08:50', '12:10', 3],
    ['60% exactly', '09:00', '10:48', 1.5],
    ['under 60%', '09:00', '10:47', 0],
    ['signed out before signing in', '11:00', '10:00', 0],
  ])('%s', (_l, inAt, outAt, hours) => expect(attendanceHours(window, cstInstant('2026-10-10', inAt), cstInstant('2026-10-10', outAt))).toBe(hours));

  it('conversion is due a year after probation began; pace is linear', () => {
    const start = new Date('2026-01-15T00:00:00Z');
    expect(conversionDue(start).toISOString()).toBe('2027-01-15T00:00:00.000Z');
    const halfway = new Date((start.getTime() + conversionDue(start).getTime()) / 2);
    expect(hoursProgress(20, start, halfway)).toMatchObject({ target: 50, total: 20, remaining: 30, expectedByNow: 25, behindPace: true });
    expect(hoursProgress(30, start, halfway)).toMatchObject({ behindPace: false });
    expect(hoursProgress(55, start, new Date('2028-01-01T00:00:00Z'))).toMatchObject({ remaining: 0, expectedByNow: 50, behindPace: false });
  });

  it('dates are China Standard Time', () => {
    expect(cstDate(new Date('2026-10-14T16:30:00Z'))).toBe('2026-10-15');
    expect(cstInstant('2026-10-15', '00:30').toISOString()).toBe('2026-10-14T16:30:00.000Z');
  });
});

describe('presence spans of organised activities', () => {
  it('stay on one day: presence past midnight (China time) ends at 23:59 of the first day', () => {
    const w = { startAt: new Date('2026-10-10T22:00:00+08:00'), endAt: new Date('2026-10-11T02:00:00+08:00') };
    expect(presenceSpan(w, new Date('2026-10-10T22:30:00+08:00'), new Date('2026-10-11T01:00:00+08:00'))).toEqual({ date: '2026-10-10', start: '22:30', end: '23:59' });
    expect(presenceSpan(w, new Date('2026-10-10T21:00:00+08:00'), new Date('2026-10-10T23:00:00+08:00'))).toEqual({ date: '2026-10-10', start: '22:00', end: '23:00' });
  });
});

describe('countingOthers: which entries count toward a day, with which hours (page and server alike)', () => {
  // An approved 09:00-19:00 entry: 10 hours claimed, 6 granted.
  const approved = { ...entry({ start: '09:00', end: '19:00' }), id: 'a', status: 'approved', hours: 10, approvedHours: 6 };
  const table: Array<[status: string, counts: boolean]> = [
    ['draft', false], ['pending', true], ['approved', true], ['rejected', false], ['returned', false], ['withdrawn', false],
  ];
  it.each(table)('a %s entry counts: %s', (status, counts) => {
    const e = { ...entry({ start: '19:00', end: '21:00' }), id: 'x', status, hours: 2, approvedHours: status === 'approved' ? 2 : null };
    expect(countingOthers([e]).map((o) => o.id)).toEqual(counts ? ['x'] : []);
    expect(countingOthers([e], 'x')).toEqual([]);
  });

  it('an approved entry weighs the hours granted, a pending one the hours claimed', () => {
    expect(countingOthers([approved])[0]).toMatchObject({ hours: 6, fingerprint: fingerprintOf(approved) });
    expect(countingOthers([{ ...approved, status: 'pending', approvedHours: null }])[0]).toMatchObject({ hours: 10 });
    // Granted 6 of 10: a further 4.5 hours that day fits (6 + 4.5 <= 12) though 10 + 4.5 would not.
    const earlier = entry({ date: '2026-10-13', start: '19:00', end: '23:59' });
    expect(checkEntry(earlier, countingOthers([{ ...approved, date: '2026-10-13' }]), NOW)).toEqual({ ok: true, value: 4.5 });
    expect(checkEntry(earlier, countingOthers([{ ...approved, date: '2026-10-13', status: 'pending', approvedHours: null }]), NOW)).toEqual({ ok: false, code: 'DAILY_LIMIT' });
  });

  it('a returned entry on the same time neither overlaps nor duplicates the new one', () => {
    const returned = { ...entry(), id: 'r', status: 'returned', hours: 2, approvedHours: null };
    expect(checkEntry(entry(), countingOthers([returned]), NOW)).toEqual({ ok: true, value: 2 });
    expect(checkEntry(entry(), countingOthers([{ ...returned, status: 'pending' }]), NOW)).toEqual({ ok: false, code: 'ENTRY_DUPLICATE' });
  });
});
