import { badgeContract } from '../../../src/shared/contract/badge';
import { createRouter } from '../../_common/router';
import { withTimers } from '../../_common/timer';
import { applicationsHandlers } from './applications';
import { autoHandlers, CIVIL_TRIGGER, civilRoomsDue } from './auto';
import { awardsHandlers } from './awards';

const router = createRouter(badgeContract, { ...awardsHandlers, ...autoHandlers, ...applicationsHandlers });

/** The badge actions, or the timer that settles last month's 文明寝室 a bounded part per firing (config.json `civil-rooms`). */
export const main = withTimers('badge', router, { [CIVIL_TRIGGER]: civilRoomsDue });
