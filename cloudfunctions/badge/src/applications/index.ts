import type { badgeApplicationsContract } from '../../../../src/shared/contract/badge-applications';
import type { Handlers } from '../../../_common/router';

/** The applications section's handlers (grouped by subject in the files beside this one). */
export const applicationsHandlers: Handlers<typeof badgeApplicationsContract> = {};
