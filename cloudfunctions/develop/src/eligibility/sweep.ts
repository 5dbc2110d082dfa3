import { pointsRepo } from '../../../_common/repositories/develop-points';
import type { MemberStatus } from '../../../../src/shared/model';
import { computeFor } from './compute';

/** The timer that keeps the points projection fresh (config.json `triggers`). */
export const POINTS_TRIGGER = 'develop-points-sweep';
/** Members recomputed per firing (hourly): a school's few hundred activists and candidates go round within a day. */
export const SWEEP_BATCH = 40;
const ORDER: MemberStatus[] = ['activist', 'candidate', 'probationary'];

/**
 * Recomputes the next SWEEP_BATCH members' checklists and points (activists, candidates, then
 * probationary members, each by `_id`), resuming where the last firing stopped, and starting over
 * after the last one.
 */
export async function sweepPoints(now: Date): Promise<{ computed: number; next: { status: MemberStatus; afterId: string | null } }> {
  let cursor = (await pointsRepo.sweepCursor()) ?? { status: ORDER[0], afterId: null };
  let computed = 0;
  for (let steps = 0; steps < ORDER.length && computed < SWEEP_BATCH; steps += 1) {
    const want = SWEEP_BATCH - computed;
    const batch = await pointsRepo.sweepBatch(cursor.status, cursor.afterId, want);
    for (const member of batch) {
      await computeFor(member, now);
      computed += 1;
    }
    const last = batch[batch.length - 1];
    if (last && batch.length === want) {
      cursor = { status: cursor.status, afterId: last._id };
      break;
    }
    cursor = { status: ORDER[(ORDER.indexOf(cursor.status) + 1) % ORDER.length], afterId: null };
  }
  await pointsRepo.setSweepCursor(cursor, now);
  return { computed, next: cursor };
}
