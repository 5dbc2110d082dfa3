import type { developEligibilityContract } from '../../../../src/shared/contract/develop-eligibility';
import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import { DAY_MS } from '../../../../src/shared/domain/china-time';
import { CONVERSION_DUE_WITHIN_DAYS, PROBATION_HOURS } from '../../../../src/shared/domain/eligibility';
import { conversionDue } from '../../../../src/shared/domain/volunteer';
import { decodeCursor, decodeKeyCursor, encodeCursor, encodeKeyCursor } from '../../../_common/cursor';
import { pointsRepo } from '../../../_common/repositories/develop-points';
import { fail, ok } from '../../../_common/result';
import type { Actor, Handler } from '../../../_common/router';
import { buildingScope, inScope } from '../../../_common/scope';

const BAD_CURSOR = '分页参数无效，请刷新列表';
const FLAG_BLOCKER = '寝室“脏乱差”未整改';

function scopeOf(actor: Actor, buildingId: string | undefined) {
  if (buildingId === undefined) return buildingScope(actor);
  return inScope(actor, buildingId) ? { all: false as const, ids: [buildingId] } : null;
}

/** Probation began before this instant ⇔ conversion is due within CONVERSION_DUE_WITHIN_DAYS of `now` (or overdue). */
function dueBound(now: Date): Date {
  const bound = new Date(now.getTime() + CONVERSION_DUE_WITHIN_DAYS * DAY_MS);
  bound.setUTCMonth(bound.getUTCMonth() - 12);
  return bound;
}

/**
 * Probationary members due for 转正 within 60 days (overdue first: earliest start first), each with
 * what blocks conversion now: hours under 50 (kept totals) and a flagged room (read live).
 */
export const conversionsDue: Handler<typeof developEligibilityContract.conversionsDue> = async ({ buildingId, cursor, limit }, { now, actor }) => {
  const scope = scopeOf(await actor(), buildingId);
  if (!scope) return fail('FORBIDDEN', '只能查看自己负责的楼栋');
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
  const page = await pointsRepo.probationaryDue(scope, dueBound(now), after, limit ?? PAGE_LIMIT_DEFAULT);
  const flagged = await pointsRepo.flagged(page.items.map((m) => m.roomId));
  const last = page.items[page.items.length - 1];
  return ok({
    items: page.items.map((m) => {
      const start = new Date(m.probationStartedAt as Date);
      const due = conversionDue(start);
      const hours = (m.hoursOverall?.verified ?? 0) + (m.hoursOverall?.selfReported ?? 0);
      const blockers = [
        ...(hours < PROBATION_HOURS ? [`志愿服务还差 ${PROBATION_HOURS - hours} 小时`] : []),
        ...(flagged.has(m.roomId) ? [FLAG_BLOCKER] : []),
      ];
      return {
        id: m._id, name: m.name, roomLabel: `${m.buildingName} ${m.roomNumber}`, probationStartedAt: start.toISOString(), dueAt: due.toISOString(),
        daysLeft: Math.ceil((due.getTime() - now.getTime()) / DAY_MS), hours, blockers,
      };
    }),
    nextCursor: page.more && last ? encodeCursor(new Date(last.probationStartedAt as Date), last._id) : null,
  });
};

/**
 * Activists or candidates by points as last computed (the eligibility view and the hourly sweep
 * compute them; each item says when), with the blockers found then, the room's flag read live. A
 * member whose status changed since is left out of this page (the next computation moves them).
 */
export const developingByPoints: Handler<typeof developEligibilityContract.developingByPoints> = async ({ status, buildingId, cursor, limit }, { actor }) => {
  const scope = scopeOf(await actor(), buildingId);
  if (!scope) return fail('FORBIDDEN', '只能查看自己负责的楼栋');
  const after = cursor === undefined ? null : decodeKeyCursor(cursor);
  if (cursor !== undefined && (!after || !Number.isFinite(Number(after.key)))) return fail('INVALID_INPUT', BAD_CURSOR);
  const page = await pointsRepo.byPoints(scope, status, after, limit ?? PAGE_LIMIT_DEFAULT);
  const ids = page.items.map((p) => p._id);
  const [current, flagged] = await Promise.all([pointsRepo.membersNow(ids), pointsRepo.flagged(page.items.map((p) => p.roomId))]);
  const statusNow = new Map(current.map((m) => [m._id, m.status]));
  const last = page.items[page.items.length - 1];
  return ok({
    items: page.items.filter((p) => statusNow.get(p._id) === p.status).map((p) => ({
      id: p._id, name: p.name, roomLabel: p.roomLabel, status: p.status, points: p.points, computedAt: new Date(p.computedAt).toISOString(),
      blockers: [...p.blockers, ...(flagged.has(p.roomId) ? [FLAG_BLOCKER] : [])],
    })),
    nextCursor: page.more && last ? encodeKeyCursor(String(last.points), last._id) : null,
  });
};
