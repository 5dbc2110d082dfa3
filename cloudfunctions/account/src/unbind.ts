import type { accountContract } from '../../../src/shared/contract/account';
import { accountsRepo } from '../../_common/repositories/accounts';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';

/**
 * An admin releases a user: the user document goes (a user without one is a guest, the only way this
 * system represents guests), the roster entry is freed and the member profile unlinked. A counselor
 * is unbound the same way, which removes the role. All of it and its audit record are one
 * transaction (repositories/accounts.ts), so no entry is left held by a user who is gone.
 */
export const unbind: Handler<typeof accountContract.unbind> = async ({ userId, reason }, { caller, now, actor }) => {
  const { role } = await actor();
  const outcome = await accountsRepo.unbind({ userId, reason, by: { actorOpenid: caller.openid, actorRole: role } }, now);
  if (outcome.ok) return ok({ done: true as const });
  if (outcome.reason === 'admin') return fail('FORBIDDEN', '不能解绑管理员');
  if (outcome.reason === 'conflict') return fail('CONFLICT');
  return fail('NOT_FOUND', '没有找到这个用户');
};
