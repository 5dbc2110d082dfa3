import type { accountContract } from '../../../src/shared/contract/account';
import { audit } from '../../_common/audit';
import { membersRepo } from '../../_common/repositories/members';
import { rosterRepo } from '../../_common/repositories/roster';
import { usersRepo } from '../../_common/repositories/users';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';

/**
 * An admin releases a user: the user document goes (a user without one is a guest, the only way this
 * system represents guests), the roster entry is freed and the member profile unlinked. A counselor
 * is unbound the same way, which removes the role. The user goes first: if the call is cut off after
 * that, the entry is held by nobody, which a later bind takes over (roster-claim.ts); never the
 * reverse, which could leave two users on one entry.
 */
export const unbind: Handler<typeof accountContract.unbind> = async ({ userId, reason }, { caller, now, actor }) => {
  const target = await usersRepo.byId(userId);
  if (!target) return fail('NOT_FOUND', '没有找到这个用户');
  // Admins are provisioned by the school at deployment; one admin must not lock out another (or themself).
  if (target.role === 'admin') return fail('FORBIDDEN', '不能解绑管理员');

  if ((await usersRepo.remove(target._id)) !== 1) return fail('NOT_FOUND', '没有找到这个用户');
  if (target.rosterId) await rosterRepo.release(target.rosterId, target._id);
  if (target.memberId) await membersRepo.unlinkUser(target.memberId, target._id);

  const { role } = await actor();
  await audit({ actorOpenid: caller.openid, actorRole: role, action: 'account.unbind', target: { collection: 'users', id: target._id }, before: target, after: null, reason }, now);
  return ok({ done: true as const });
};
