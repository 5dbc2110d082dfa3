import type { badgeAutoContract, BackfillProgress } from '../../../../src/shared/contract/badge-auto';
import {
  advanceBackfill, backfillMember, backfillRun, milestoneBadges, membersAfter, milestonesOwed, startBackfill, type BackfillRunDoc,
} from '../../../_common/repositories/badge-auto';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';

const DEFAULT_CHUNK = 50;
/** Members awarded at once within a chunk (each its own small transaction). */
const PARALLEL = 5;

const progress = (run: BackfillRunDoc, chunk: { scanned: number; awarded: number; existing: number }): BackfillProgress => ({
  ...chunk,
  totalScanned: run.scanned,
  totalAwarded: run.awarded,
  done: run.done,
  startedAt: new Date(run.startedAt).toISOString(),
  finishedAt: run.finishedAt ? new Date(run.finishedAt).toISOString() : null,
});

/**
 * The one-time milestone backfill, one bounded chunk of members (by `_id`) per call from the place
 * the server keeps; the page calls until `done`. Members already holding their milestones cost no
 * transaction; the others are awarded in one transaction each (deterministic ids: exactly once,
 * alongside live approvals and reruns). A chunk with a member whose transaction kept conflicting
 * is not passed: the next call does it again (awarding nobody twice).
 */
export const backfillMilestones: Handler<typeof badgeAutoContract.backfillMilestones> = async ({ limit, restart }, ctx) => {
  const actor = await ctx.actor();
  const milestones = await milestoneBadges();
  if (!milestones.length) return fail('INVALID_STATE', '徽章目录中没有启用的志愿时长里程碑徽章，无需补发');
  const existingRun = await backfillRun();
  const run = restart || !existingRun ? await startBackfill(ctx.now) : existingRun;
  const none = { scanned: 0, awarded: 0, existing: 0 };
  if (run.done) return ok(progress(run, none));

  const page = await membersAfter(run.cursor, limit ?? DEFAULT_CHUNK);
  const owed = page.items.filter((m) => milestonesOwed(m, milestones).length > 0);
  const by = { actorOpenid: ctx.caller.openid, actorRole: actor.role, by: actor.user?._id ?? ctx.caller.openid };
  const chunk = { scanned: page.items.length, awarded: 0, existing: 0 };
  let conflicted = false;
  const worker = async () => {
    for (let m = owed.shift(); m; m = owed.shift()) {
      const outcome = await backfillMember(m._id, milestones, by, ctx.now);
      if (outcome === 'conflict') conflicted = true;
      else {
        chunk.awarded += outcome.awarded;
        chunk.existing += outcome.existing;
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  if (conflicted) return ok(progress(run, chunk));
  const last = page.items[page.items.length - 1]?._id ?? run.cursor;
  const moved = await advanceBackfill(run.cursor, { cursor: last, done: !page.more, scanned: chunk.scanned, awarded: chunk.awarded }, ctx.now);
  // Another call moved the place at the same time (it did this chunk too): answer the place as it is.
  return ok(progress(moved ?? (await backfillRun()) ?? run, chunk));
};
