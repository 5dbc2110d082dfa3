import type { ActionContext } from '../../_common/router';
import type { UserDoc } from '../../_common/repositories/users';

/** The caller's member profile comes from their user document, never from the input. */
export async function ownMember(ctx: ActionContext): Promise<{ user: UserDoc; memberId: string } | null> {
  const { user } = await ctx.actor();
  if (!user?.memberId) return null;
  return { user, memberId: user.memberId };
}
