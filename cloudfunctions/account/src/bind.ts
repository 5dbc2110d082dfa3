import type { accountContract } from '../../../src/shared/contract/account';
import { RATE_LIMITS } from '../../../src/shared/domain/rate-limits';
import { audit } from '../../_common/audit';
import { isDuplicateKey } from '../../_common/db-errors';
import { newId } from '../../_common/ids';
import { consume } from '../../_common/rate-limit';
import { membersRepo, type OwnProfileDoc } from '../../_common/repositories/members';
import { rosterRepo } from '../../_common/repositories/roster';
import { usersRepo, type UserDoc } from '../../_common/repositories/users';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { meOf } from './me-view';
import { sameName } from './names';
import { claimEntry } from './roster-claim';

/**
 * A guest binds to a roster entry: claim the entry (conditional update), then create the user (the
 * unique openid index settles a double bind), then link the member profile. A failed insert gives the
 * claim back, so no entry is left held by nobody.
 */
export const bind: Handler<typeof accountContract.bind> = async ({ studentNo, name }, { caller, now, actor }) => {
  // Every attempt counts, right or wrong, so student numbers cannot be tried in bulk.
  const limited = await consume(RATE_LIMITS.bindAttempt, caller.openid, now);
  if (!limited.ok) return limited;
  if ((await actor()).user) return fail('ALREADY_BOUND');

  const entry = await rosterRepo.byStudentNo(studentNo);
  // Unknown number and wrong name answer alike, so which numbers exist cannot be learnt.
  if (!entry || !sameName(name, entry.name)) return fail('ROSTER_MISMATCH');

  const userId = newId();
  if (!(await claimEntry(entry, userId, now))) return fail('ALREADY_BOUND');

  let user: UserDoc;
  let member: OwnProfileDoc | null = null;
  try {
    member = entry.memberStatus ? await membersRepo.ownProfileByRosterId(entry._id) : null;
    user = {
      _id: userId, openid: caller.openid, role: entry.memberStatus ? 'member' : 'student', name: entry.name,
      rosterId: entry._id, memberId: member?._id ?? null, buildingIds: [], createdAt: now, updatedAt: now,
    };
    await usersRepo.insert(user);
  } catch (err) {
    // If even the release fails, the claim is stale-held and roster-claim.ts takes it over later.
    await rosterRepo.release(entry._id, userId).catch(() => false);
    if (isDuplicateKey(err)) return fail('ALREADY_BOUND');
    throw err;
  }
  if (user.memberId) await membersRepo.linkUser(user.memberId, userId);

  const { _id, ...after } = user;
  await audit({ actorOpenid: caller.openid, actorRole: 'guest', action: 'account.bind', target: { collection: 'users', id: _id }, before: null, after }, now);
  return ok(await meOf(user, now, { roster: entry, member }));
};
