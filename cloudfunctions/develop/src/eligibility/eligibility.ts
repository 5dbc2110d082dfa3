import type { developEligibilityContract } from '../../../../src/shared/contract/develop-eligibility';
import { memberForFacts, type FactMemberDoc } from '../../../_common/repositories/develop-facts';
import { fail, ok } from '../../../_common/result';
import type { Actor, Handler } from '../../../_common/router';

type Refusal = ReturnType<typeof fail>;
import { inScope } from '../../../_common/scope';
import { computeFor } from './compute';


/** The member an actor asks about: a member themself (memberId omitted or their own), a counselor in their buildings, an admin anyone. */
export async function memberInReach(actor: Actor, memberId: string | undefined): Promise<{ refusal: Refusal } | { refusal: null; member: FactMemberDoc }> {
  const id = memberId ?? actor.user?.memberId ?? null;
  if (!id) return { refusal: fail('NOT_FOUND', '请选择要查看的党员或积极分子') };
  if (actor.role === 'member' && id !== actor.user?.memberId) return { refusal: fail('FORBIDDEN', '只能查看自己的发展条件') };
  const member = await memberForFacts(id);
  if (!member) return { refusal: fail('NOT_FOUND', '没有找到这名党员或积极分子') };
  if (actor.role !== 'member' && !inScope(actor, member.buildingId)) return { refusal: fail('FORBIDDEN', '只能查看自己负责楼栋的党员') };
  return { refusal: null, member };
}

/** The checklist and the points ledger, computed now (the projection for the counselor's list is updated with them). */
export const eligibility: Handler<typeof developEligibilityContract.eligibility> = async ({ memberId }, { now, actor }) => {
  const reach = await memberInReach(await actor(), memberId);
  if (reach.refusal) return reach.refusal;
  const { member } = reach;
  const { checklist, ledger } = await computeFor(member, now);
  return ok({
    member: {
      id: member._id, name: member.name, status: member.status, roomLabel: `${member.buildingName} ${member.roomNumber}`,
      probationStartedAt: member.probationStartedAt ? new Date(member.probationStartedAt).toISOString() : null,
    },
    checklist,
    ledger: { lines: ledger.lines.map((l) => ({ ...l, at: l.at.toISOString() })), total: ledger.total, truncated: ledger.truncated },
    computedAt: now.toISOString(),
  });
};
