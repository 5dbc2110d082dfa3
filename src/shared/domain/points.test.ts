import { DEFAULT_POINT_RULES, duplicateKind, pointsLedger, type PointSource } from './points';

const src = (kind: PointSource['kind'], at: string, units = 1, id = `${kind}-${at}`): PointSource => ({ kind, units, at: new Date(at), label: id, source: { collection: 'c', id } });

describe('pointsLedger', () => {
  it('sums its lines, oldest first, and a kind without a rule earns nothing', () => {
    const ledger = pointsLedger([src('visit', '2026-10-02T00:00:00Z'), src('hour', '2026-10-01T00:00:00Z', 2.5)], [{ kind: 'hour', points: 2, capPerTerm: null }]);
    expect(ledger.lines.map((l) => [l.kind, l.points])).toEqual([['hour', 5]]);
    expect(ledger.total).toBe(5);
  });

  it('caps a rule per term (in absolute value, deductions too) and starts again next term', () => {
    const rules = [{ kind: 'hour' as const, points: 1, capPerTerm: 5 }, { kind: 'flag' as const, points: -4, capPerTerm: 6 }];
    const ledger = pointsLedger([
      src('hour', '2026-09-01T00:00:00Z', 4), src('hour', '2026-10-01T00:00:00Z', 4), src('hour', '2026-11-01T00:00:00Z', 1),
      src('hour', '2027-03-01T00:00:00Z', 3), src('flag', '2026-09-05T00:00:00Z'), src('flag', '2026-10-05T00:00:00Z'),
    ], rules);
    expect(ledger.lines.map((l) => [l.kind, l.termKey, l.points, l.capped])).toEqual([
      ['hour', '2026-2027-1', 4, false], ['flag', '2026-2027-1', -4, false], ['hour', '2026-2027-1', 1, true], ['flag', '2026-2027-1', -2, true],
      ['hour', '2026-2027-1', 0, true], ['hour', '2026-2027-2', 3, false],
    ]);
    expect(ledger.total).toBe(ledger.lines.reduce((s, l) => s + l.points, 0));
  });

  it('the default rules name each kind once', () => {
    expect(duplicateKind(DEFAULT_POINT_RULES)).toBeNull();
    expect(duplicateKind([{ kind: 'star', points: 1, capPerTerm: null }, { kind: 'star', points: 2, capPerTerm: null }])).toBe('star');
  });
});
