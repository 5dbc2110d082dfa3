import type { dutyContract } from '../../../../src/shared/contract/checkin-duty';
import type { Handlers } from '../../../_common/router';

/** The duty section's handlers (one file per action beside this one). */
export const dutyHandlers: Handlers<typeof dutyContract> = {};
