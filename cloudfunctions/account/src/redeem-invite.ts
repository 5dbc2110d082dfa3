import type { accountContract } from '../../../src/shared/contract/account';
import { INVITE_CODE_PATTERN } from '../../../src/shared/domain/plaque-code';
import { RATE_LIMITS } from '../../../src/shared/domain/rate-limits';
import { audit } from '../../_common/audit';
import { isDuplicateKey } from '../../_common/db-errors';
import { newId } from '../../_common/ids';
import { consume } from '../../_common/rate-limit';
import { invitesRepo } from '../../_common/repositories/invites';
import { rosterRepo } from '../../_common/repositories/roster';
import { usersRepo, type UserDoc } from '../../_common/repositories/users';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { meOf } from './me-view';

/**
 * A guest or student joins as a counselor with a one-time code. The code is used by a conditional
 * update (unused, unexpired), so reuse and races fail alike. A student's roster binding is released:
 * a user has one role, and a counselor holds buildings, not a roster entry (members cannot redeem:
 * that would detach their profile from the plaque).
 */
export const redeemInvite: Handler<typeof accountContract.redeemInvite> = async ({ code, name }, { caller, now, actor }) => {
  const limited = await consume(RATE_LIMITS.inviteAttempt, caller.openid, now);
  if (!limited.ok) return limited;
  const { user: before, role } = await actor();
  if (before && before.role !== 'student') return fail('FORBIDDEN');

  const userId = before?._id ?? newId();
  if (!INVITE_CODE_PATTERN.test(code) || !(await invitesRepo.claim(code, userId, now))) return fail('INVITE_INVALID');
  const invite = await invitesRepo.byCode(code);
  const changes = { role: 'counselor' as const, name, rosterId: null, memberId: null, buildingIds: invite?.buildingIds ?? [], updatedAt: now };

  let after: UserDoc;
  if (!before) {
    after = { _id: userId, openid: caller.openid, createdAt: now, ...changes };
    try {
      await usersRepo.insert(after);
    } catch (err) {
      // The same WeChat user bound or redeemed at the same moment: give the code back.
      await invitesRepo.release(code, userId).catch(() => false);
      if (isDuplicateKey(err)) return fail('ALREADY_BOUND');
      throw err;
    }
  } else {
    // Only if still a student: an unbind or another redeem in between must not be overwritten.
    if (!(await usersRepo.updateIfRole(before._id, 'student', changes))) {
      await invitesRepo.release(code, userId);
      return fail('CONFLICT');
    }
    after = { ...before, ...changes };
    if (before.rosterId) await rosterRepo.release(before.rosterId, before._id);
  }

  await audit(
    { actorOpenid: caller.openid, actorRole: role, action: 'account.redeemInvite', target: { collection: 'users', id: userId }, before, after: { ...after, invite: code } },
    now,
  );
  return ok(await meOf(after, now));
};
