import type { visitsContract } from '../../../../src/shared/contract/checkin-visits';
import type { Handlers } from '../../../_common/router';

/** The visits section's handlers (one file per action beside this one). */
export const visitsHandlers: Handlers<typeof visitsContract> = {};
