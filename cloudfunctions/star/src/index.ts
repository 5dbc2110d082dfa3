import { starContract } from '../../../src/shared/contract/star';
import { callerOf } from '../../_common/caller';
import { functionNow } from '../../_common/clock';
import { createRouter } from '../../_common/router';
import { createRound } from './create-round';
import { exportTally } from './export-tally';
import { decideNomination, eligibleMembers, nominate, selfNominate } from './nominations';
import { answerObjection, object, objections } from './objections';
import { publish } from './publish';
import { round } from './round';
import { rounds } from './rounds';
import { close } from './tally';
import { roundsDue } from './timer';
import { vote } from './vote';
import { yearStars } from './year-stars';

const router = createRouter(starContract, {
  createRound,
  rounds,
  round,
  eligibleMembers,
  nominate,
  selfNominate,
  decideNomination,
  vote,
  close,
  publish,
  object,
  objections,
  answerObjection,
  exportTally,
  yearStars,
});

/** CloudBase's timer trigger calls with `{Type: 'Timer', TriggerName, Time}` and no user identity. */
function isTimer(event: unknown): boolean {
  return !!event && typeof event === 'object' && (event as { Type?: unknown }).Type === 'Timer';
}

/**
 * The star function's actions, or its timer (config.json, every 5 minutes): tally rounds whose voting
 * ended, make final the stars whose 公示 ended. A timer event is honoured only without a WeChat
 * identity: a mini-program call always carries one, so no user can fake it.
 */
export async function main(event: unknown, context: unknown) {
  if (isTimer(event) && !callerOf(context).openid) {
    const done = await roundsDue(functionNow());
    console.log('[star] rounds due', JSON.stringify(done));
    return { ok: true, data: done };
  }
  return router(event, context);
}
