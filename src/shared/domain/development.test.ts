import { announced, nextStage, stageVetoed, stepDateRefusal, stepOrderRefusal } from './development';

describe('development timeline rules', () => {
  it.each([
    [null, 'applied'],
    ['applied', 'activist'],
    ['activist', 'candidate'],
    ['candidate', 'probationary'],
    ['probationary', 'full'],
    ['full', null],
  ] as const)('after %s comes %s', (current, next) => {
    expect(nextStage(current)).toBe(next);
  });

  it.each([
    ['2026-11-10', '2026-11-20', null, null, null],
    ['2026-11-21', '2026-11-20', null, null, '日期不能晚于今天'],
    ['2026-11-01', '2026-11-20', '2026-11-02', null, '日期不能早于上一步的日期（2026-11-02）'],
    ['2026-11-02', '2026-11-20', '2026-11-02', null, null],
    ['2026-11-10', '2026-11-20', '2026-11-01', '2026-11-09', '日期不能晚于下一步的日期（2026-11-09）'],
  ])('date %s (today %s, before %s, after %s): %s', (date, today, before, after, refusal) => {
    expect(stepDateRefusal(date, today, before, after)).toBe(refusal);
  });

  it('order refusals say what the next step is', () => {
    expect(stepOrderRefusal('周敏', null, 'activist')).toBe('周敏尚未递交入党申请，下一步只能是“递交入党申请”');
    expect(stepOrderRefusal('周敏', 'full', 'full')).toBe('周敏已转为正式党员，时间线已完整');
    expect(stepOrderRefusal('周敏', 'candidate', 'probationary')).toBeNull();
  });

  it('the veto blocks developing and converting, not applying or becoming an activist; admission and conversion are announced', () => {
    expect(['applied', 'activist', 'candidate', 'probationary', 'full'].map((s) => stageVetoed(s as never))).toEqual([false, false, true, true, true]);
    expect(['applied', 'activist', 'candidate', 'probationary', 'full'].filter((s) => announced(s as never))).toEqual(['probationary', 'full']);
  });
});
