/**
 * A phone set to Los Angeles: the environment sets TZ on the worker before the file runs.
 * @jest-environment <rootDir>/tests/timezone-environment.js
 * @jest-environment-options {"timezone": "America/Los_Angeles"}
 */

import { checkForm, defaultSpan, emptyForm } from '../member/log/form';
import { formatCst, formatDate, formatDateTime } from './format';
import { nextHalfHour, todayCst } from './volunteer';

/** Times are China Standard Time everywhere, whatever the phone's time zone (issue 7, item 10). */
describe('China time on a phone in another time zone', () => {
  const threeAmBeijing = '2026-11-20T03:00:00+08:00';

  it('really runs in Los Angeles (the phone’s clock says the day before, 11:00)', () => {
    const d = new Date(threeAmBeijing);
    expect([d.getDate(), d.getHours()]).toEqual([19, 11]);
  });

  it('shows an activity at 03:00 China time as 03:00 on its China date', () => {
    expect(formatDateTime(threeAmBeijing)).toBe('2026-11-20 03:00');
    expect(formatDateTime('2026-11-19T19:00:00Z')).toBe('2026-11-20 03:00');
    expect(formatCst(new Date(threeAmBeijing), 'HH:mm')).toBe('03:00');
    expect(formatCst(threeAmBeijing, 'MM-DD HH:mm')).toBe('11-20 03:00');
    expect(formatDate(threeAmBeijing)).toBe('2026-11-20');
    expect(formatDate('2026-12-31T23:30:00+08:00')).toBe('2026-12-31');
  });

  it('shows nothing for a missing or broken instant', () => {
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('not a date')).toBe('');
    expect(formatCst(undefined)).toBe('');
  });

  it('defaults the activity pickers to China time', () => {
    const now = new Date('2026-11-20T03:10:00+08:00');
    expect(todayCst(now)).toBe('2026-11-20');
    expect(nextHalfHour(0, now)).toBe('03:00');
    expect(nextHalfHour(2, now)).toBe('05:00');
    expect(nextHalfHour(2, new Date('2026-11-20T22:40:00+08:00'))).toBe('23:30');
  });
});

describe('the log form’s default time', () => {
  const filled = (now: Date) => ({ ...emptyForm(now), title: '楼道卫生清扫', category: 'hygiene' as const, place: '智园1号楼' });

  it('is 14:00-16:00 of yesterday before 16:00 China time, of today from 16:00', () => {
    expect(defaultSpan(new Date('2026-11-20T10:00:00+08:00'))).toEqual({ date: '2026-11-19', start: '14:00', end: '16:00' });
    expect(defaultSpan(new Date('2026-11-20T15:59:00+08:00'))).toEqual({ date: '2026-11-19', start: '14:00', end: '16:00' });
    expect(defaultSpan(new Date('2026-11-20T16:00:00+08:00'))).toEqual({ date: '2026-11-20', start: '14:00', end: '16:00' });
    expect(defaultSpan(new Date('2026-11-20T00:05:00+08:00'))).toEqual({ date: '2026-11-19', start: '14:00', end: '16:00' });
    expect(defaultSpan(new Date('2026-03-01T09:00:00+08:00')).date).toBe('2026-02-28');
  });

  it('passes the shared rules (never "future") at every half hour of a China day', () => {
    for (let half = 0; half < 48; half += 1) {
      const now = new Date(Date.parse('2026-11-20T00:00:00+08:00') + half * 30 * 60 * 1000 + 60 * 1000);
      const check = checkForm(filled(now), [], undefined, now);
      expect({ at: now.toISOString(), ok: check.ok }).toEqual({ at: now.toISOString(), ok: true });
    }
  });
});
