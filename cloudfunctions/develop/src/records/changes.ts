import type { developRecordsContract } from '../../../../src/shared/contract/develop-records';
import { cstDate } from '../../../../src/shared/domain/china-time';
import { membershipChangeRefusal, previousStage, stepDateRefusal, withdrawRefusal } from '../../../../src/shared/domain/development';
import { newId } from '../../../_common/ids';
import { developRecordsRepo, withdrawalId } from '../../../_common/repositories/develop-records';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
import { recordAbout, recordedBy } from './recorded';

/**
 * A step recorded by mistake is withdrawn (issue 11 gap): a record of its own with the reason, never a
 * delete. Only the step the person stands at; the status goes back to the stage before it and a running
 * 公示 of the step closes, in one transaction.
 */
export const withdrawStep: Handler<typeof developRecordsContract.withdrawStep> = async ({ stepId, reason }, { caller, now, actor }) => {
  const me = await actor();
  const step = await developRecordsRepo.step(stepId);
  if (!step || step.kind !== 'step') return fail('NOT_FOUND', '没有找到这条发展步骤（更正和撤回记录本身不能撤回）');
  if (!inScope(me, step.buildingId)) return fail('FORBIDDEN', '只能撤回自己负责楼栋学生的记录');
  const previous = previousStage(step.stage);
  const withdrawal = recordAbout(step, { _id: withdrawalId(step._id), kind: 'withdrawal', date: cstDate(now), reason }, recordedBy(me, caller.openid, now));
  const outcome = await developRecordsRepo.withdraw(
    {
      step,
      withdrawal,
      previous,
      refusal: (person, hasMember) => withdrawRefusal(person.name, person.stage, step.stage, hasMember),
      by: { actorOpenid: caller.openid, actorRole: me.role },
    },
    now,
  );
  if (outcome.ok) return ok({ withdrawalId: withdrawal._id, stepId: step._id, stage: previous, noticeClosed: outcome.value.noticeClosed });
  if (outcome.code === 'REFUSED') return fail('INVALID_STATE', outcome.message);
  if (outcome.code === 'NOT_FOUND') return fail('NOT_FOUND', '没有找到这名学生的发展记录');
  return fail('CONFLICT', '这名学生的发展记录刚被他人更新，请刷新后重试');
};

/**
 * 转入/转出支部 and 党小组变更 (issue 12 point 3): recorded on the member's timeline with date and reason
 * by a counselor of the member's building or an admin; the member document changes in the same
 * transaction, audited.
 */
export const changeMembership: Handler<typeof developRecordsContract.changeMembership> = async ({ memberId, kind, branchId, groupId, date, reason }, { caller, now, actor }) => {
  const me = await actor();
  const member = await developRecordsRepo.member(memberId);
  if (!member) return fail('NOT_FOUND', '没有找到这名党员的档案');
  if (!inScope(me, member.buildingId)) return fail('FORBIDDEN', '只能办理自己负责楼栋党员的组织关系');
  const dateRefusal = stepDateRefusal(date, cstDate(now), null);
  if (dateRefusal) return fail('INVALID_INPUT', dateRefusal);
  if (kind === 'transferOut' && (branchId || groupId)) return fail('INVALID_INPUT', '转出支部不需要选择支部或党小组');
  if (kind === 'group' && branchId) return fail('INVALID_INPUT', '党小组变更只需选择新的党小组');
  const stepId = newId();
  const outcome = await developRecordsRepo.changeMembership(
    {
      memberId,
      kind,
      branchId: branchId ?? null,
      groupId: groupId ?? null,
      record: { _id: stepId, kind: 'change', date, correctsId: null, reason, note: null, ...recordedBy(me, caller.openid, now) },
      refusal: (current, branch, group) => membershipChangeRefusal(current.name, kind, current, branch, group),
      by: { actorOpenid: caller.openid, actorRole: me.role },
    },
    now,
  );
  if (outcome.ok) return ok({ stepId, branchName: outcome.value.after.branchName, groupName: outcome.value.after.groupName });
  if (outcome.code === 'REFUSED') return fail('INVALID_STATE', outcome.message);
  if (outcome.code === 'NOT_FOUND') return fail('NOT_FOUND', '没有找到这名党员、所选支部或党小组');
  return fail('CONFLICT', '这名党员的档案刚被他人更新，请刷新后重试');
};

/** The branches of a building in scope with their groups, for the change form. */
export const membershipOptions: Handler<typeof developRecordsContract.membershipOptions> = async ({ buildingId }, { actor }) => {
  if (!inScope(await actor(), buildingId)) return fail('FORBIDDEN', '只能办理自己负责楼栋党员的组织关系');
  const { branches, groups } = await developRecordsRepo.branchesOf(buildingId);
  return ok({
    branches: branches.map((b) => ({ id: b._id, name: b.name, groups: groups.filter((g) => g.branchId === b._id).map((g) => ({ id: g._id, name: g.name })) })),
  });
};
