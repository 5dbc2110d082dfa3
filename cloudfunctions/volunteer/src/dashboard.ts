import type { volunteerContract } from '../../../src/shared/contract/volunteer';
import { termOf } from '../../../src/shared/domain/term';
import { entriesRepo } from '../../_common/repositories/entries';
import { memberHoursRepo } from '../../_common/repositories/member-hours';
import { ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { buildingScope } from '../../_common/scope';
import { probationOf } from './totals';

const DAY_MS = 24 * 60 * 60 * 1000;
const NO_BRANCH = { id: '', name: '未分配支部' };

/**
 * The counselor's buildings (an admin's: all): backlog (a count and the oldest submission), this
 * term's hours by branch, probationary members behind pace and those past their conversion date, from the members' pre-aggregated
 * totals (one read of the members in scope, no entry scan).
 */
export const dashboard: Handler<typeof volunteerContract.dashboard> = async (_input, ctx) => {
  const scope = buildingScope(await ctx.actor());
  const term = termOf(ctx.now);
  const [backlog, members] = await Promise.all([entriesRepo.backlog(scope), memberHoursRepo.inScope(scope)]);

  const branches = new Map<string, { branchId: string; branchName: string; hours: number }>();
  const behindPace = [];
  const overdue = [];
  for (const m of members) {
    const key = m.branchId ?? NO_BRANCH.id;
    const branch = branches.get(key) ?? { branchId: key, branchName: m.branchName ?? NO_BRANCH.name, hours: 0 };
    branch.hours += m.hours?.[term.key] ?? 0;
    branches.set(key, branch);
    const progress = probationOf(m, ctx.now);
    if (!progress) continue;
    const dueAt = progress.dueAt.toISOString();
    if (progress.behindPace) behindPace.push({ memberId: m._id, name: m.name, total: progress.total, expectedByNow: progress.expectedByNow, dueAt, overdueDays: progress.overdueDays });
    if (progress.overdueDays > 0) overdue.push({ memberId: m._id, name: m.name, total: progress.total, dueAt, overdueDays: progress.overdueDays });
  }
  behindPace.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  overdue.sort((a, b) => b.overdueDays - a.overdueDays || a.name.localeCompare(b.name));
  return ok({
    backlog: backlog.count,
    oldestPendingDays: backlog.oldestSubmittedAt ? Math.max(0, Math.floor((ctx.now.getTime() - backlog.oldestSubmittedAt.getTime()) / DAY_MS)) : null,
    branches: [...branches.values()].sort((a, b) => b.hours - a.hours || a.branchName.localeCompare(b.branchName)),
    behindPace,
    overdue,
  });
};
