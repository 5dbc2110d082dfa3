import type { inspectionsContract } from '../../../../src/shared/contract/checkin-inspections';
import { monthKeyOf } from '../../../../src/shared/domain/inspection';
import { inspectionsRepo } from '../../../_common/repositories/checkin-inspections';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { narrowedScope } from './views';

/** Inspections of the month, rooms flagged now and ratings by floor: pre-aggregated, a few reads whatever the size. */
export const inspectionDashboard: Handler<typeof inspectionsContract.inspectionDashboard> = async ({ month, buildingId }, { now, actor }) => {
  const scope = narrowedScope(await actor(), buildingId);
  if (!scope) return fail('FORBIDDEN', '只能查看自己负责的楼栋');
  const key = month ?? monthKeyOf(now);
  if (!scope.all && scope.ids.length === 0) return ok({ month: key, inspections: 0, flaggedNow: 0, byFloor: [] });
  const [stats, flaggedNow] = await Promise.all([inspectionsRepo.floorStats(key, scope), inspectionsRepo.flaggedCount(scope)]);
  const byFloor = stats.map((s) => ({ buildingId: s.buildingId, buildingName: s.buildingName, floor: s.floor, ...s.counts }));
  return ok({ month: key, inspections: byFloor.reduce((n, f) => n + f.excellent + f.good + f.pass + f.failing, 0), flaggedNow, byFloor });
};
