import { starContract } from '../../../src/shared/contract/star';
import { createRouter } from '../../_common/router';
import { withTimers } from '../../_common/timer';
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

/**
 * The star function's actions, or its timer (config.json, every 5 minutes): tally rounds whose voting
 * ended, make final the stars whose 公示 ended. A timer event is honoured only without a WeChat
 * identity: a mini-program call always carries one, so no user can fake it.
 */
export const main = withTimers('star', router, { 'rounds-due': roundsDue });
