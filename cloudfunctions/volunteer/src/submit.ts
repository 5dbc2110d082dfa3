import type { volunteerContract } from '../../../src/shared/contract/volunteer';
import { entriesRepo } from '../../_common/repositories/entries';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { checkAndCount } from './entry-rules';
import { entriesOf } from './entry-view';
import { ownMember } from './own-member';

/**
 * Sends the caller's draft or returned entry for review after the shared rules pass on the server
 * (each refusal its own code). `subscribe` records the one notification the member granted.
 */
export const submit: Handler<typeof volunteerContract.submit> = async ({ id, subscribe }, ctx) => {
  const own = await ownMember(ctx);
  if (!own) return fail('NOT_FOUND', '没有找到你的党员档案');
  const entry = await entriesRepo.byId(id);
  if (!entry || entry.memberId !== own.memberId) return fail('NOT_FOUND', '没有找到这条志愿服务记录');
  if (entry.status !== 'draft' && entry.status !== 'returned') return fail('INVALID_STATE');

  const counted = await checkAndCount(own.memberId, entry, id, entry.status, (hours) => ({
    status: 'pending' as const, hours, submittedAt: ctx.now, notifyOnReview: subscribe, approvedHours: null, updatedAt: ctx.now,
  }), ctx.now);
  if (!counted.ok) return fail(counted.code);
  return ok({ entry: (await entriesOf([{ ...entry, ...counted.value }]))[0] });
};
