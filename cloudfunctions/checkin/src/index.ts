import { checkinContract } from '../../../src/shared/contract/checkin';
import { createRouter } from '../../_common/router';
import { withTimers } from '../../_common/timer';
import { DUTY_TRIGGER, dutyHandlers, sweepMissedDuty } from './duty';
import { inspectionsHandlers } from './inspections';
import { visitsHandlers } from './visits';

const router = createRouter(checkinContract, { ...dutyHandlers, ...visitsHandlers, ...inspectionsHandlers });

/** The check-in actions, or the timer that marks missed duty shifts (config.json `duty-missed`). */
export const main = withTimers('checkin', router, { [DUTY_TRIGGER]: sweepMissedDuty });
