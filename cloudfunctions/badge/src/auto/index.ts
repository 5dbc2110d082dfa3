import type { badgeAutoContract } from '../../../../src/shared/contract/badge-auto';
import type { Handlers } from '../../../_common/router';

/** The auto section's handlers (grouped by subject in the files beside this one). */
export const autoHandlers: Handlers<typeof badgeAutoContract> = {};
