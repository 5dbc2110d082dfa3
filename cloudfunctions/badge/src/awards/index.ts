import type { badgeAwardsContract } from '../../../../src/shared/contract/badge-awards';
import type { Handlers } from '../../../_common/router';

/** The awards section's handlers (grouped by subject in the files beside this one). */
export const awardsHandlers: Handlers<typeof badgeAwardsContract> = {};
