import { exportRangeOf } from './export-range';
import { cstAt } from './china-time';

/** The days an hours export covers: one term, optionally narrowed; the card and the function agree. */
const NOW = cstAt('2026-12-01', '20:00');

describe('exportRangeOf', () => {
  it.each([
    [{}, { ok: true, value: { termKey: '2026-2027-1' } }],
    [{ termKey: '2025-2026-2' }, { ok: true, value: { termKey: '2025-2026-2' } }],
    [{ from: '2026-09-01', to: '2026-09-30' }, { ok: true, value: { termKey: '2026-2027-1', from: '2026-09-01', to: '2026-09-30' } }],
    // The term follows the days when none is named, whatever today is.
    [{ from: '2026-03-01' }, { ok: true, value: { termKey: '2025-2026-2', from: '2026-03-01' } }],
    [{ to: '2027-01-31' }, { ok: true, value: { termKey: '2026-2027-1', to: '2027-01-31' } }],
    [{ from: '2026-09-30', to: '2026-09-01' }, { ok: false, message: '开始日期不能晚于结束日期' }],
    [{ from: '2026-07-01', to: '2026-09-01' }, { ok: false, message: '开始和结束日期需在同一学期内（2025-2026学年第二学期）' }],
    [{ termKey: '2026-2027-1', from: '2026-07-31' }, { ok: false, message: '日期 2026-07-31 不在所选学期（2026-2027-1）内' }],
  ])('%j -> %j', (input, expected) => {
    expect(exportRangeOf(input, NOW)).toEqual(expected);
  });
});
