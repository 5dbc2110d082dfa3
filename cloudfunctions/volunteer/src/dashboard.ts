import { OVERDUE_SHOWN, type volunteerContract } from '../../../src/shared/contract/volunteer';
import { overdueStartBound } from '../../../src/shared/domain/volunteer';
import { entriesRepo } from '../../_common/repositories/entries';
import { memberHoursRepo } from '../../_common/repositories/member-hours';
import { ok } from '../../_common/result';
import { termAt } from '../../_common/terms';
import type { Handler } from '../../_common/router';
import { buildingScope } from '../../_common/scope';
import { probationOf } from './totals';

const DAY_MS = 24 * 60 * 60 * 1000;
const NO_BRANCH = { id: '', name: '未分配支部' };

/**
 * The counselor's buildings (an admin's: all): backlog (a count and the oldest submission), this
 * term's hours by branch (summed by the database: one aggregate, however many members), and the
 * probationary members past their conversion date (an index read of the earliest starts). The
 * behind-pace list is its own paged action (behind-pace.ts).
 */
export const dashboard: Handler<typeof volunteerContract.dashboard> = async (_input, ctx) => {
  const scope = buildingScope(await ctx.actor());
  const term = await termAt(ctx.now);
  const [backlog, groups, late] = await Promise.all([
    entriesRepo.backlog(scope),
    memberHoursRepo.termHoursByBranch(scope, term.key),
    // The bound over-selects by a few days; each member is then checked with the rule itself.
    memberHoursRepo.probationaryPage(scope, null, OVERDUE_SHOWN + 10, overdueStartBound(ctx.now)),
  ]);

  const branches = new Map<string, { branchId: string; branchName: string; hours: number }>();
  for (const g of groups) {
    const key = g.branchId ?? NO_BRANCH.id;
    const branch = branches.get(key) ?? { branchId: key, branchName: g.branchName ?? NO_BRANCH.name, hours: 0 };
    branch.hours += g.hours;
    branches.set(key, branch);
  }
  const overdue = [];
  for (const m of late.items) {
    const progress = probationOf(m, ctx.now);
    if (progress && progress.overdueDays > 0) overdue.push({ memberId: m._id, name: m.name, total: progress.total, dueAt: progress.dueAt.toISOString(), overdueDays: progress.overdueDays });
  }
  overdue.sort((a, b) => b.overdueDays - a.overdueDays || a.name.localeCompare(b.name));
  return ok({
    backlog: backlog.count,
    oldestPendingDays: backlog.oldestSubmittedAt ? Math.max(0, Math.floor((ctx.now.getTime() - backlog.oldestSubmittedAt.getTime()) / DAY_MS)) : null,
    branches: [...branches.values()].sort((a, b) => b.hours - a.hours || a.branchName.localeCompare(b.branchName)),
    overdue: overdue.slice(0, OVERDUE_SHOWN),
    overdueMore: late.more || overdue.length > OVERDUE_SHOWN,
  });
};
