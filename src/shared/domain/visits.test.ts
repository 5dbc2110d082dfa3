import { cstAt } from './china-time';
import { behindThisMonth, coverageAfter, coverageFilterProblem, emptyCoverage, MAKE_UP_MAX_DAYS, makeUpDateProblem, makeUpDateRange, makeUpInstant, NEVER_MET } from './visits';

describe('make-up visit dates (补录)', () => {
  // 2026-12-02 09:30 in China.
  const now = cstAt('2026-12-02', '09:30');

  it.each([
    ['2026-12-02', null],
    ['2026-12-01', null],
    ['2026-11-02', null],
    ['2026-11-01', `只能补录${MAKE_UP_MAX_DAYS}天内的走访`],
    ['2026-12-03', '补录走访的日期不能晚于今天'],
    ['2026-11-31', '请选择补录走访的日期'],
    ['', '请选择补录走访的日期'],
  ])('%s -> %s', (date, problem) => {
    expect(makeUpDateProblem(date, now)).toBe(problem);
  });

  it('the picker offers exactly the dates the rule accepts', () => {
    const { start, end } = makeUpDateRange(now);
    expect([start, end]).toEqual(['2026-11-02', '2026-12-02']);
    expect(makeUpDateProblem(start, now)).toBeNull();
    expect(makeUpDateProblem(end, now)).toBeNull();
  });

  it('stores noon of the date, or now while today’s noon is ahead', () => {
    expect(makeUpInstant('2026-12-01', now)).toEqual(cstAt('2026-12-01', '12:00'));
    expect(makeUpInstant('2026-12-02', now)).toEqual(now);
    expect(makeUpInstant('2026-12-02', cstAt('2026-12-02', '20:00'))).toEqual(cstAt('2026-12-02', '12:00'));
  });
});

describe('coverage counts (the filters’ projection)', () => {
  it('tracks per month and overall, the latest month that met the target, and whether ever visited', () => {
    let c = emptyCoverage();
    expect(c).toEqual({ months: {}, confirmed: 0, lastMet: NEVER_MET, everVisited: false });
    c = coverageAfter(c, '2026-11', 1);
    expect(c).toEqual({ months: { '2026-11': 1 }, confirmed: 1, lastMet: '2026-11', everVisited: true });
    c = coverageAfter(c, '2026-12', 1);
    expect(c.lastMet).toBe('2026-12');
    // A correction voids December's visit: the latest met month falls back to November.
    c = coverageAfter(c, '2026-12', -1);
    expect(c).toEqual({ months: { '2026-11': 1 }, confirmed: 1, lastMet: '2026-11', everVisited: true });
    c = coverageAfter(c, '2026-11', -1);
    expect(c).toEqual({ months: {}, confirmed: 0, lastMet: NEVER_MET, everVisited: false });
  });

  it('meets a target of two only with two confirmed visits in the month', () => {
    const once = coverageAfter(emptyCoverage(), '2026-12', 1, 2);
    expect([once.lastMet, once.everVisited]).toEqual([NEVER_MET, true]);
    expect(coverageAfter(once, '2026-12', 1, 2).lastMet).toBe('2026-12');
  });

  it('is behind this month unless this month met it; the 未达标 filter is this month’s only', () => {
    expect(behindThisMonth(NEVER_MET, '2026-12')).toBe(true);
    expect(behindThisMonth('2026-11', '2026-12')).toBe(true);
    expect(behindThisMonth('2026-12', '2026-12')).toBe(false);
    const now = cstAt('2026-12-02', '09:30');
    expect(coverageFilterProblem('behind', '2026-12', now)).toBeNull();
    expect(coverageFilterProblem('behind', '2026-11', now)).toContain('只能筛选本月');
    expect(coverageFilterProblem('never', '2026-11', now)).toBeNull();
    expect(coverageFilterProblem(undefined, '2026-11', now)).toBeNull();
  });
});
