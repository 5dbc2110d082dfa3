import type { volunteerContract } from '../../../src/shared/contract/volunteer';
import { milestoneBadges } from '../../_common/repositories/badge-auto';
import { entriesRepo, type ReviewOutcome } from '../../_common/repositories/entries';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { sendReviewNotice } from './notify';
import { reviewerOf } from './reviewer';

/** Members approved in parallel; one member's entries one after another (they share the totals). */
const PARALLEL_MEMBERS = 5;

/**
 * Approves a selection as claimed, in one call: one read of the selection, then one transaction per
 * entry (the same as `review`), so one entry's conflict or refusal never holds back the others. An
 * id not pending, not in scope or the caller's own is skipped with its code.
 */
export const bulkApprove: Handler<typeof volunteerContract.bulkApprove> = async ({ ids }, ctx) => {
  const reviewer = await reviewerOf(ctx);
  if (!reviewer) return fail('NOT_BOUND');
  const unique = [...new Set(ids)];
  const found = new Map((await entriesRepo.byIds(unique)).map((e) => [e._id, e]));
  const skipped: Array<{ id: string; code: string }> = [];
  const byMember = new Map<string, string[]>();
  for (const id of unique) {
    const e = found.get(id);
    if (!e || !(reviewer.scope.all || reviewer.scope.ids.includes(e.buildingId))) skipped.push({ id, code: 'NOT_FOUND' });
    else if (e.userId === reviewer.userId) skipped.push({ id, code: 'FORBIDDEN' });
    else if (e.status !== 'pending') skipped.push({ id, code: 'INVALID_STATE' });
    else byMember.set(e.memberId, [...(byMember.get(e.memberId) ?? []), id]);
  }

  // The milestone badges once for the whole selection (each approval's transaction awards those it crosses).
  const milestones = byMember.size ? await milestoneBadges() : [];
  const outcomes = new Map<string, ReviewOutcome>();
  const queues = [...byMember.values()];
  const worker = async () => {
    for (let q = queues.shift(); q; q = queues.shift()) {
      for (const id of q) {
        outcomes.set(id, await entriesRepo.review({ id, decision: 'approve', reviewer, action: 'volunteer.bulkApprove', now: ctx.now, milestones }));
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_MEMBERS }, worker));

  const approved: string[] = [];
  for (const id of unique) {
    const outcome = outcomes.get(id);
    if (!outcome) continue;
    if (!outcome.ok) {
      skipped.push({ id, code: outcome.code });
      continue;
    }
    approved.push(id);
    if (outcome.value.notify) await sendReviewNotice(outcome.value.entry);
  }
  return ok({ approved, skipped });
};
