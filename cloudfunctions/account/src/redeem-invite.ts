import type { accountContract } from '../../../src/shared/contract/account';
import { INVITE_CODE_PATTERN } from '../../../src/shared/domain/plaque-code';
import { RATE_LIMITS } from '../../../src/shared/domain/rate-limits';
import { newId } from '../../_common/ids';
import { consume } from '../../_common/rate-limit';
import { accountsRepo } from '../../_common/repositories/accounts';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { meOf } from './me-view';

/**
 * A guest or student joins as a counselor with a one-time code. The code's use, the user change and
 * the audit record are one transaction (repositories/accounts.ts), so reuse and races fail alike. A
 * student's roster binding is released: a user has one role, and a counselor holds buildings, not a
 * roster entry (members cannot redeem: that would detach their profile from the plaque).
 */
export const redeemInvite: Handler<typeof accountContract.redeemInvite> = async ({ code, name }, { caller, now, actor }) => {
  const limited = await consume(RATE_LIMITS.inviteAttempt, caller.openid, now);
  if (!limited.ok) return limited;
  const { user: before, role } = await actor();
  if (before && before.role !== 'student') return fail('FORBIDDEN');
  if (!INVITE_CODE_PATTERN.test(code)) return fail('INVITE_INVALID');

  const outcome = await accountsRepo.redeemInvite(
    { code, userId: before?._id ?? newId(), openid: caller.openid, student: before, name, by: { actorOpenid: caller.openid, actorRole: role } },
    now,
  );
  if (outcome.ok) return ok(await meOf(outcome.user, now));
  if (outcome.reason === 'invalid') return fail('INVITE_INVALID');
  if (outcome.reason === 'already-bound') return fail('ALREADY_BOUND');
  return fail('CONFLICT');
};
