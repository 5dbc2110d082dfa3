import type { inspectionsContract } from '../../../../src/shared/contract/checkin-inspections';
import { inspectionsRepo } from '../../../_common/repositories/checkin-inspections';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { checklistInForce } from './views';

/** The checklist in force: the school's own once an admin saved one, the shared default before. */
export const inspectionChecklist: Handler<typeof inspectionsContract.inspectionChecklist> = async () => {
  const { items, updatedAt } = await checklistInForce();
  return ok({ items, updatedAt: updatedAt ? updatedAt.toISOString() : null });
};

/** An admin replaces the checklist (audited); past inspections keep the items they were scored on. */
export const setChecklist: Handler<typeof inspectionsContract.setChecklist> = async ({ items }, { caller, now, actor }) => {
  const me = await actor();
  const outcome = await inspectionsRepo.setChecklist(items, { actorOpenid: caller.openid, actorRole: me.role, userId: me.user?._id ?? caller.openid }, now);
  if (!outcome.ok) return fail('CONFLICT', '检查表刚被他人修改，请刷新后重试');
  return ok({ items: outcome.value.items, updatedAt: now.toISOString() });
};
