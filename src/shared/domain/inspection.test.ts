import {
  Checklist, DEFAULT_CHECKLIST, daysOpen, flagBlocksStep, inspectionEffect, isCivilisedRoom, monthKeyOf, nextStatus, ratingOf, rectifyDeadline, scoreInspection,
} from './inspection';

const full = DEFAULT_CHECKLIST.map((i) => ({ id: i.id, score: i.maxScore }));

describe('inspection rules', () => {
  it('the default checklist is valid and out of 100', () => {
    expect(Checklist.safeParse(DEFAULT_CHECKLIST).success).toBe(true);
    expect(DEFAULT_CHECKLIST.reduce((s, i) => s + i.maxScore, 0)).toBe(100);
  });

  it.each([
    [100, 'excellent'], [90, 'excellent'], [89.9, 'good'], [75, 'good'], [74.9, 'pass'], [60, 'pass'], [59.9, 'failing'], [0, 'failing'],
  ])('%s%% is rated %s', (percent, rating) => expect(ratingOf(percent)).toBe(rating));

  it('scores every item once, within its range, and derives the rating', () => {
    expect(scoreInspection(DEFAULT_CHECKLIST, full)).toEqual({ ok: true, total: 100, max: 100, percent: 100, rating: 'excellent' });
    const low = full.map((s) => ({ ...s, score: Math.floor(s.score / 2) }));
    expect(scoreInspection(DEFAULT_CHECKLIST, low)).toMatchObject({ ok: true, rating: 'failing' });
    expect(scoreInspection(DEFAULT_CHECKLIST, full.slice(1))).toMatchObject({ ok: false, message: expect.stringContaining('地面') });
    expect(scoreInspection(DEFAULT_CHECKLIST, [...full, full[0]])).toMatchObject({ ok: false });
    expect(scoreInspection(DEFAULT_CHECKLIST, full.map((s, i) => (i === 0 ? { ...s, score: 21 } : s)))).toMatchObject({ ok: false, message: expect.stringContaining('0到20') });
    expect(scoreInspection(DEFAULT_CHECKLIST, [...full.slice(1), { id: 'pets', score: 1 }])).toMatchObject({ ok: false });
  });

  it('only a different inspector clears a flag; the flagger may not re-inspect', () => {
    expect(inspectionEffect(null, 'u1', 'failing')).toBe('flag');
    expect(inspectionEffect(null, 'u1', 'good')).toBe('none');
    expect(inspectionEffect({ flagged: false, flaggedBy: null }, 'u1', 'pass')).toBe('none');
    expect(inspectionEffect({ flagged: true, flaggedBy: 'u1' }, 'u1', 'excellent')).toBe('SAME_INSPECTOR');
    expect(inspectionEffect({ flagged: true, flaggedBy: 'u1' }, 'u2', 'pass')).toBe('clear');
    expect(inspectionEffect({ flagged: true, flaggedBy: 'u1' }, 'u2', 'failing')).toBe('stillFlagged');
  });

  it('development goes one step at a time, and a flag blocks every step and conversion', () => {
    expect(nextStatus('activist')).toBe('candidate');
    expect(nextStatus('candidate')).toBe('probationary');
    expect(nextStatus('probationary')).toBe('full');
    expect(nextStatus('full')).toBeNull();
    expect(['candidate', 'probationary', 'full'].every((s) => flagBlocksStep(s as 'full'))).toBe(true);
    expect(flagBlocksStep('activist')).toBe(false);
  });

  it('deadline, days open, month key in China time, 文明寝室', () => {
    const at = new Date('2026-11-30T16:30:00Z'); // 2026-12-01 00:30 China time
    expect(rectifyDeadline(at).toISOString()).toBe('2026-12-07T16:30:00.000Z');
    expect(daysOpen(at, new Date('2026-12-03T16:29:00Z'))).toBe(2);
    expect(monthKeyOf(at)).toBe('2026-12');
    expect(isCivilisedRoom([])).toBe(false);
    expect(isCivilisedRoom(['excellent', 'excellent'])).toBe(true);
    expect(isCivilisedRoom(['excellent', 'good'])).toBe(false);
  });
});
