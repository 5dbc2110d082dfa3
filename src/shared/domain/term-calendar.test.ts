import { cstAt } from './china-time';
import { termOf } from './term';
import { defaultPeriodsOf, termIn, validateCalendar, type TermPeriod } from './term-calendar';

const t = (key: string, start: string, end: string, label = `${key}学期`): TermPeriod => ({ key, label, start, end });

/** A school's real calendar: autumn from 1 September, a winter break that belongs to spring. */
const CAL = [t('2026-2027-1', '2026-09-01', '2027-01-17'), t('2026-2027-2', '2027-01-18', '2027-07-10'), t('2027-2028-1', '2027-08-30', '2028-01-20')];

describe('validateCalendar', () => {
  it('accepts a valid calendar and sorts it by start', () => {
    expect(validateCalendar([CAL[2], CAL[0], CAL[1]])).toEqual({ ok: true, value: CAL });
    expect(validateCalendar([])).toEqual({ ok: true, value: [] });
  });

  it.each([
    [[t('2026-1', '2026-09-01', '2027-01-17')], 0, '第1行：学期编号“2026-1”格式应为 2026-2027-1（学年-学年-1或2）'],
    [[t('2026-2027-3', '2026-09-01', '2027-01-17')], 0, '格式应为'],
    [[CAL[0], t('2026-2027-1', '2027-01-18', '2027-07-10')], 1, '第2行：学期 2026-2027-1 重复'],
    [[t('2026-2027-1', '2026-09-01', '2027-01-17', ' ')], 0, '第1行：请填写学期名称'],
    [[t('2026-2027-1', '2026-09-31', '2027-01-17')], 0, '第1行：日期无效'],
    [[t('2026-2027-1', '2027-01-17', '2026-09-01')], 0, '第1行：开始日期不能晚于结束日期'],
    [[t('2026-2027-1', '2025-09-01', '2026-01-17')], 0, '第1行：日期不在 2026-2027 学年内'],
    // Overlap, and a gap inside a school year.
    [[CAL[0], t('2026-2027-2', '2027-01-17', '2027-07-10')], 1, '学期 2026-2027-2 与 2026-2027-1 的日期重叠'],
    [[CAL[0], t('2026-2027-2', '2027-02-20', '2027-07-10')], 1, '同一学年内学期之间不能有空档：2026-2027-2 应从 2027-01-18 开始'],
    // Keys out of order with the dates.
    [[t('2026-2027-2', '2026-09-01', '2027-01-17'), t('2026-2027-1', '2027-01-18', '2027-07-10')], 1, '应排在'],
  ])('refuses %j at row %i', (calendar, index, message) => {
    const result = validateCalendar(calendar);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.index).toBe(index);
      expect(result.problem.message).toContain(message);
    }
  });

  it('allows the summer gap between school years', () => {
    expect(validateCalendar([CAL[1], CAL[2]]).ok).toBe(true);
  });
});

describe('termIn', () => {
  it('is the default rule, bit for bit, with no calendar', () => {
    for (const at of [cstAt('2026-08-01', '00:00'), cstAt('2027-01-31', '23:59'), cstAt('2027-02-01', '00:00'), new Date('2026-12-02T05:00:00Z')]) {
      expect(termIn(null, at)).toEqual(termOf(at));
      expect(termIn([], at)).toEqual(termOf(at));
    }
  });

  it('follows the calendar inside it, with start inclusive and end day inclusive', () => {
    expect(termIn(CAL, cstAt('2026-09-01', '00:00')).key).toBe('2026-2027-1');
    expect(termIn(CAL, cstAt('2027-01-17', '23:59')).key).toBe('2026-2027-1');
    // The default rule would still call this the autumn term.
    expect(termOf(cstAt('2027-01-18', '00:00')).key).toBe('2026-2027-1');
    const spring = termIn(CAL, cstAt('2027-01-18', '00:00'));
    expect(spring).toEqual({ key: '2026-2027-2', label: '2026-2027-2学期', start: cstAt('2027-01-18', '00:00'), end: cstAt('2027-07-11', '00:00') });
  });

  it('gives the summer gap to the coming term, and falls back to the default outside the calendar', () => {
    expect(termIn(CAL, cstAt('2027-08-01', '10:00')).key).toBe('2027-2028-1');
    expect(termIn(CAL, cstAt('2026-08-15', '10:00'))).toEqual(termOf(cstAt('2026-08-15', '10:00')));
    expect(termIn(CAL, cstAt('2028-03-01', '10:00'))).toEqual(termOf(cstAt('2028-03-01', '10:00')));
  });
});

describe('defaultPeriodsOf', () => {
  it('writes the default rule as a calendar that validates and gives the same terms', () => {
    const periods = defaultPeriodsOf(2026);
    expect(periods).toEqual([
      { key: '2026-2027-1', label: '2026-2027学年第一学期', start: '2026-08-01', end: '2027-01-31' },
      { key: '2026-2027-2', label: '2026-2027学年第二学期', start: '2027-02-01', end: '2027-07-31' },
    ]);
    expect(validateCalendar(periods).ok).toBe(true);
    for (const at of [cstAt('2026-08-01', '00:00'), cstAt('2027-01-31', '23:59'), cstAt('2027-07-31', '23:59')]) expect(termIn(periods, at)).toEqual(termOf(at));
  });
});
