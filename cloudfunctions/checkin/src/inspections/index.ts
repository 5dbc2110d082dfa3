import type { inspectionsContract } from '../../../../src/shared/contract/checkin-inspections';
import type { Handlers } from '../../../_common/router';

/** The inspections section's handlers (one file per action beside this one). */
export const inspectionsHandlers: Handlers<typeof inspectionsContract> = {};
