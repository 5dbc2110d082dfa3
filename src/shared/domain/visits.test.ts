import { cstAt } from './china-time';
import { MAKE_UP_MAX_DAYS, makeUpDateProblem, makeUpDateRange, makeUpInstant } from './visits';

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
