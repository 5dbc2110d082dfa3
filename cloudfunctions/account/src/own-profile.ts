import { membersRepo, type OwnProfileDoc } from '../../_common/repositories/members';
import type { UserDoc } from '../../_common/repositories/users';
import type { Actor } from '../../_common/router';

/**
 * The caller's own member profile: found only through their user document, never from input, so a
 * member can change nobody's profile but their own.
 */
export async function ownProfileOf(actor: Actor): Promise<{ user: UserDoc; member: OwnProfileDoc } | null> {
  if (!actor.user?.memberId) return null;
  const member = await membersRepo.ownProfile(actor.user.memberId);
  return member ? { user: actor.user, member } : null;
}
