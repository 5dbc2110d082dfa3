import type { volunteerContract } from '../../../src/shared/contract/volunteer';
import { entriesRepo } from '../../_common/repositories/entries';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { entriesOf } from './entry-view';
import { ownMember } from './own-member';

/**
 * Withdraws the caller's pending entry. Conditional on it still being pending: against an approval
 * at the same moment exactly one wins, and the loser answers INVALID_STATE.
 */
export const withdraw: Handler<typeof volunteerContract.withdraw> = async ({ id }, ctx) => {
  const own = await ownMember(ctx);
  if (!own) return fail('NOT_FOUND', '没有找到你的党员档案');
  const entry = await entriesRepo.byId(id);
  if (!entry || entry.memberId !== own.memberId) return fail('NOT_FOUND', '没有找到这条志愿服务记录');
  if (entry.status !== 'pending') return fail('INVALID_STATE');
  const changes = { status: 'withdrawn' as const, notifyOnReview: false, updatedAt: ctx.now };
  if (!(await entriesRepo.updateIf(id, own.memberId, 'pending', changes)).ok) return fail('INVALID_STATE');
  return ok({ entry: (await entriesOf([{ ...entry, ...changes }]))[0] });
};
