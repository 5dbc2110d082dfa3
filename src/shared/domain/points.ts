/**
 * Development points (学生党员发展积分制, seed 002: 把社区积分作为党员发展的重要参考): rules the school
 * configures, and the ledger that applies them to a member's records, every line naming the record
 * it comes from. A reference for the branch, never an automatic decision. Pure: the eligibility page
 * shows the same rules the function applies.
 */
import { termOf } from './term';

/** What a rule pays for: an approved hour, a 每月之星, a current badge, a confirmed visit, a completed duty shift, a 脏乱差 flag. */
export const POINT_KINDS = ['hour', 'star', 'badge', 'visit', 'duty', 'flag'] as const;
export type PointKind = (typeof POINT_KINDS)[number];
export const pointKindLabels: Record<PointKind, string> = {
  hour: '每认定 1 小时志愿服务', star: '每次每月之星', badge: '每个徽章', visit: '每次确认的联系寝室走访', duty: '每次完成的值班', flag: '寝室被评为“脏乱差”（扣分）',
};

export interface PointRule {
  kind: PointKind;
  /** Points per unit (an hour, a star …); negative for a deduction. */
  points: number;
  /** At most this many points (in absolute value) per term from this rule; null: no cap. */
  capPerTerm: number | null;
}

/** The rules a school starts with, until an admin saves its own. */
export const DEFAULT_POINT_RULES: readonly PointRule[] = [
  { kind: 'hour', points: 1, capPerTerm: 40 },
  { kind: 'star', points: 10, capPerTerm: null },
  { kind: 'badge', points: 5, capPerTerm: 20 },
  { kind: 'visit', points: 2, capPerTerm: 20 },
  { kind: 'duty', points: 1, capPerTerm: 20 },
  { kind: 'flag', points: -10, capPerTerm: null },
];

/** One record that may earn points. `units`: hours for `hour`, 1 otherwise. */
export interface PointSource {
  kind: PointKind;
  units: number;
  at: Date;
  label: string;
  source: { collection: string; id: string };
}

export interface LedgerLine {
  kind: PointKind;
  label: string;
  termKey: string;
  at: Date;
  units: number;
  /** What this line adds (negative: a deduction); 0 once the term's cap for its rule is reached. */
  points: number;
  /** The line was cut (or zeroed) by the rule's per-term cap. */
  capped: boolean;
  source: { collection: string; id: string };
}

export interface Ledger {
  lines: LedgerLine[];
  /** Always the sum of the lines' points. */
  total: number;
}

/** Half-point precision: hours come in half-hour steps. */
const half = (n: number) => Math.round(n * 2) / 2;

/**
 * Applies the rules to the sources, oldest first: each line earns `units × points`, cut so that a
 * rule's points within one term never pass its cap (in absolute value). A kind without a rule earns
 * nothing and shows no line. The total is the sum of the lines.
 */
export function pointsLedger(sources: readonly PointSource[], rules: readonly PointRule[], termAt: (at: Date) => { key: string } = termOf): Ledger {
  const byKind = new Map(rules.map((r) => [r.kind, r]));
  const used = new Map<string, number>();
  const lines: LedgerLine[] = [];
  const ordered = [...sources].sort((a, b) => a.at.getTime() - b.at.getTime() || a.source.id.localeCompare(b.source.id));
  for (const s of ordered) {
    const rule = byKind.get(s.kind);
    if (!rule || rule.points === 0) continue;
    const termKey = termAt(s.at).key;
    const raw = half(s.units * rule.points);
    let points = raw;
    let capped = false;
    if (rule.capPerTerm !== null) {
      const key = `${s.kind}:${termKey}`;
      const so = used.get(key) ?? 0;
      const room = Math.max(0, rule.capPerTerm - so);
      if (Math.abs(raw) > room) {
        points = Math.sign(raw) * room;
        capped = true;
      }
      used.set(key, so + Math.abs(points));
    }
    lines.push({ kind: s.kind, label: s.label, termKey, at: s.at, units: s.units, points, capped, source: s.source });
  }
  return { lines, total: half(lines.reduce((sum, l) => sum + l.points, 0)) };
}

/** A rule set is valid when each kind appears at most once. */
export function duplicateKind(rules: readonly PointRule[]): PointKind | null {
  const seen = new Set<PointKind>();
  for (const r of rules) {
    if (seen.has(r.kind)) return r.kind;
    seen.add(r.kind);
  }
  return null;
}
