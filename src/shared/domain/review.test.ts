import { reviewCommentRequired } from './review';
import { hoursProgress, overdueDays } from './volunteer';

describe('review comment rule', () => {
  it.each([
    ['approve', 4, undefined, false],
    ['approve', 4, 4, false],
    ['approve', 4, 3.5, true],
    ['approve', 4, 0, true],
    ['reject', 4, undefined, true],
    ['return', 4, undefined, true],
  ] as const)('%s of %s h approving %s h: comment required %s', (decision, claimed, approved, required) => {
    expect(reviewCommentRequired(decision, claimed, approved)).toBe(required);
  });
});

describe('conversion overdue', () => {
  it.each([
    ['2026-12-01T10:00:00+08:00', '2026-12-01T23:59:00+08:00', 0],
    ['2026-12-01T10:00:00+08:00', '2026-11-20T09:00:00+08:00', 0],
    ['2026-12-01T10:00:00+08:00', '2026-12-02T00:01:00+08:00', 1],
    ['2026-06-01T00:00:00+08:00', '2026-12-01T12:00:00+08:00', 183],
    // 23:30 UTC is already the next day in China.
    ['2026-11-30T12:00:00+08:00', '2026-11-30T23:30:00Z', 1],
  ])('due %s, now %s: %s days overdue', (due, now, days) => {
    expect(overdueDays(new Date(due), new Date(now))).toBe(days);
  });
  it('hoursProgress carries it', () => {
    expect(hoursProgress(10, new Date('2025-06-01T00:00:00+08:00'), new Date('2026-06-11T08:00:00+08:00')).overdueDays).toBe(10);
    expect(hoursProgress(10, new Date('2026-06-01T00:00:00+08:00'), new Date('2026-06-11T08:00:00+08:00')).overdueDays).toBe(0);
  });
});
