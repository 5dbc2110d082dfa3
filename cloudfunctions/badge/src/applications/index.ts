import type { badgeApplicationsContract } from '../../../../src/shared/contract/badge-applications';
import type { Handlers } from '../../../_common/router';
import { applyModelRoom, myRoomApplication } from './apply';
import { decideApplication, pendingApplications } from './review';

/** The applications section's handlers (grouped by subject in the files beside this one). */
export const applicationsHandlers: Handlers<typeof badgeApplicationsContract> = { applyModelRoom, myRoomApplication, pendingApplications, decideApplication };
