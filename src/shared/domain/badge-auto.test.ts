import { monthEnded, previousMonth } from './badge-auto';

describe('when a month’s 文明寝室 may be settled (China time)', () => {
  it.each([
    ['2026-11', '2026-11-30T15:59:59Z', false], // 23:59:59 on 30 Nov in China
    ['2026-11', '2026-11-30T16:00:00Z', true], // 00:00 on 1 Dec in China
    ['2026-12', '2026-12-15T00:00:00Z', false],
    ['2025-12', '2026-01-01T00:00:00Z', true],
  ])('%s at %s: %s', (month, at, ended) => expect(monthEnded(month, new Date(at))).toBe(ended));

  it.each([
    ['2026-12-01T01:00:00+08:00', '2026-11'],
    ['2027-01-01T00:00:00+08:00', '2026-12'],
    ['2026-12-31T23:59:59+08:00', '2026-11'],
  ])('the month before %s is %s', (at, month) => expect(previousMonth(new Date(at))).toBe(month));
});
