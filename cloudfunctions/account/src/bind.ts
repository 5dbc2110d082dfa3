import type { accountContract } from '../../../src/shared/contract/account';
import { RATE_LIMITS } from '../../../src/shared/domain/rate-limits';
import { newId } from '../../_common/ids';
import { consume } from '../../_common/rate-limit';
import { membersRepo, type OwnProfileDoc } from '../../_common/repositories/members';
import { accountsRepo } from '../../_common/repositories/accounts';
import { rosterRepo } from '../../_common/repositories/roster';
import { usersRepo, type UserDoc } from '../../_common/repositories/users';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { meOf } from './me-view';
import { sameName } from './names';
import { claimIsStale } from './roster-claim';

/**
 * A guest binds to a roster entry: the entry's claim, the new user (the unique openid index settles a
 * double bind), the member profile's link and the audit record are one transaction
 * (repositories/accounts.ts): of users racing for one entry exactly one wins, and nothing is left half
 * done or unaudited.
 */
export const bind: Handler<typeof accountContract.bind> = async ({ studentNo, name }, { caller, now, actor }) => {
  // Every attempt counts, right or wrong, so student numbers cannot be tried in bulk.
  const limited = await consume(RATE_LIMITS.bindAttempt, caller.openid, now);
  if (!limited.ok) return limited;
  if ((await actor()).user) return fail('ALREADY_BOUND');

  const entry = await rosterRepo.byStudentNo(studentNo);
  // Unknown number and wrong name answer alike, so which numbers exist cannot be learnt.
  if (!entry || !sameName(name, entry.name)) return fail('ROSTER_MISMATCH');
  // Told only to someone who knows both the number and the name.
  if (entry.leftAt) return fail('ROSTER_MISMATCH', '该学号的同学已离校，不能再绑定');
  // Held and not stale: answered without a transaction (the transaction checks again).
  if (entry.boundUserId && !claimIsStale(entry, now)) return fail('ALREADY_BOUND');

  const member: OwnProfileDoc | null = entry.memberStatus ? await membersRepo.ownProfileByRosterId(entry._id) : null;
  const user: UserDoc = {
    _id: newId(), openid: caller.openid, role: entry.memberStatus ? 'member' : 'student', name: entry.name,
    rosterId: entry._id, memberId: member?._id ?? null, buildingIds: [], buildingId: entry.buildingId, createdAt: now, updatedAt: now,
  };
  const outcome = await accountsRepo.bind(
    { entryId: entry._id, user, memberId: user.memberId, by: { actorOpenid: caller.openid, actorRole: 'guest' }, mayTakeOver: (e) => claimIsStale(e, now) },
    now,
  );
  if (outcome === 'taken' || outcome === 'already-bound') return fail('ALREADY_BOUND');
  // Others kept writing the entry through every retry: if one of them holds it now, that is the answer.
  if (outcome === 'conflict') return (await rosterRepo.byId(entry._id))?.boundUserId ? fail('ALREADY_BOUND') : fail('CONFLICT');
  return ok(await meOf(user, now, { roster: entry, member }));
};
