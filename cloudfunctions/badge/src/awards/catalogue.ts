import type { badgeAwardsContract } from '../../../../src/shared/contract/badge-awards';
import { catalogueEditProblem, catalogueFullMessage } from '../../../../src/shared/domain/badge-rules';
import { CATALOGUE_MAX } from '../../../../src/shared/domain/badges';
import { badgesRepo, catalogue } from '../../../_common/repositories/badges';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { defOf, defView } from './views';

/** The school's catalogue: read whole (at most CATALOGUE_MAX), edited by an admin, audited. */

export const badgeCatalogue: Handler<typeof badgeAwardsContract.badgeCatalogue> = async () => ok({ items: (await catalogue()).map(defView) });

export const saveBadge: Handler<typeof badgeAwardsContract.saveBadge> = async (def, { caller, now, actor }) => {
  const me = await actor();
  const all = await catalogue();
  const existing = all.find((d) => d._id === def.code);
  const problem = catalogueEditProblem(def, existing ? defOf(existing) : null, all.length, CATALOGUE_MAX);
  if (problem) return fail(problem.code, problem.message);
  const outcome = await badgesRepo.saveDef(def, { actorOpenid: caller.openid, actorRole: me.role }, now, { max: CATALOGUE_MAX, counted: all.length });
  if (outcome.ok) return ok({ done: true as const });
  // Another admin's new badge took the last place between the read above and this transaction.
  return outcome.code === 'FULL' ? fail('INVALID_STATE', catalogueFullMessage(CATALOGUE_MAX)) : fail('CONFLICT');
};
