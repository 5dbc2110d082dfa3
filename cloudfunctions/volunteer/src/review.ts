import type { volunteerContract } from '../../../src/shared/contract/volunteer';
import { reviewCommentRequired } from '../../../src/shared/domain/review';
import { entriesRepo } from '../../_common/repositories/entries';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { entriesOf } from './entry-view';
import { sendReviewNotice } from './notify';
import { reviewerOf } from './reviewer';

const NEEDS_COMMENT = '驳回、退回或少于申报时长通过时，请填写说明';

/**
 * A counselor approves (possibly fewer hours, with a comment), rejects or returns a pending entry of
 * their buildings, never their own. One transaction changes the entry, adds the hours and audits;
 * of two reviews at once one commits and the other answers INVALID_STATE (or CONFLICT).
 */
export const review: Handler<typeof volunteerContract.review> = async ({ id, decision, approvedHours, comment }, ctx) => {
  // The claimed hours are known only in the transaction, which applies the rule again with them.
  if (reviewCommentRequired(decision, approvedHours ?? 0, approvedHours) && !comment) return fail('INVALID_INPUT', NEEDS_COMMENT);
  if (decision !== 'approve' && approvedHours !== undefined) return fail('INVALID_INPUT', '只有通过时才能填写认定时长');
  const reviewer = await reviewerOf(ctx);
  if (!reviewer) return fail('NOT_BOUND');
  const outcome = await entriesRepo.review({ id, decision, approvedHours, comment, reviewer, action: `volunteer.review.${decision}`, now: ctx.now });
  if (!outcome.ok) {
    if (outcome.code === 'NOT_FOUND') return fail('NOT_FOUND', '没有找到这条志愿服务记录');
    if (outcome.code === 'FORBIDDEN') return fail('FORBIDDEN', '不能审核自己的志愿服务记录');
    if (outcome.code === 'INVALID_INPUT') return fail('INVALID_INPUT', `认定时长须为0.5小时的整数倍且不超过申报时长；${NEEDS_COMMENT}`);
    return fail(outcome.code);
  }
  if (outcome.value.notify) await sendReviewNotice(outcome.value.entry);
  return ok({ entry: (await entriesOf([outcome.value.entry]))[0] });
};
