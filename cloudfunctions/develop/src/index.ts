import { developContract } from '../../../src/shared/contract/develop';
import { createRouter } from '../../_common/router';
import { withTimers } from '../../_common/timer';
import { dossierHandlers } from './dossier';
import { eligibilityHandlers, POINTS_TRIGGER, sweepPoints } from './eligibility';
import { recordsHandlers } from './records';

const router = createRouter(developContract, { ...recordsHandlers, ...eligibilityHandlers, ...dossierHandlers });

/**
 * The develop actions, or the timer that recomputes development points every 5 minutes (config.json
 * `develop-points-sweep`): the members events marked dirty, then the next steps of the full pass.
 */
export const main = withTimers('develop', router, { [POINTS_TRIGGER]: sweepPoints });
