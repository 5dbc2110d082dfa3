import type { accountContract } from '../../../src/shared/contract/account';
import { leavingRepo } from '../../_common/repositories/leaving';
import { membersRepo } from '../../_common/repositories/members';
import { rosterRepo } from '../../_common/repositories/roster';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { toIso } from './me-view';

/**
 * An admin marks a person as left (graduated, transferred, withdrew): from this call on they are on
 * no plaque, wall, candidate list or running 公示, and their WeChat binding has no powers (the router
 * sees a guest). Audited with the admin's reason; the same call again changes nothing.
 */
export const markLeft: Handler<typeof accountContract.markLeft> = async ({ studentNo, reason }, { caller, now, actor }) => {
  const { role } = await actor();
  const entry = await rosterRepo.byStudentNo(studentNo);
  if (!entry) return fail('NOT_FOUND', '花名册中没有这个学号');
  if (entry.leftAt) return ok({ leftAt: toIso(entry.leftAt) as string, alreadyLeft: true });
  const member = entry.memberStatus ? await membersRepo.ownProfileByRosterId(entry._id) : null;
  const outcome = await leavingRepo.markLeft({ rosterId: entry._id, memberId: member?._id ?? null }, now, { actorOpenid: caller.openid, actorRole: role }, 'admin', reason);
  if (outcome.ok) return ok({ leftAt: outcome.value.leftAt.toISOString(), alreadyLeft: outcome.value.alreadyLeft });
  if (outcome.code === 'NOT_FOUND') return fail('NOT_FOUND', '花名册中没有这个学号');
  return fail('CONFLICT', '这条花名册记录刚刚被修改过，请刷新后重试');
};
