import type { volunteerContract } from '../../../src/shared/contract/volunteer';
import { memberHoursRepo } from '../../_common/repositories/member-hours';
import { fail, ok } from '../../_common/result';
import { termAt } from '../../_common/terms';
import type { Handler } from '../../_common/router';
import { ownMember } from './own-member';
import { overallTotals, probationOf, termTotals } from './totals';

/** The member home: pre-aggregated totals from the member document (two reads, no entry scan). */
export const myProgress: Handler<typeof volunteerContract.myProgress> = async (_input, ctx) => {
  const own = await ownMember(ctx);
  if (!own) return fail('NOT_FOUND', '没有找到你的党员档案');
  const member = await memberHoursRepo.hoursOf(own.memberId);
  if (!member) return fail('NOT_FOUND', '没有找到你的党员档案');
  const term = await termAt(ctx.now);
  const probation = probationOf(member, ctx.now);
  return ok({
    term: { key: term.key, label: term.label },
    thisTerm: termTotals(member, term.key),
    overall: overallTotals(member),
    probation: probation && { ...probation, dueAt: probation.dueAt.toISOString() },
  });
};
