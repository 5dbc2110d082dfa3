import type { developEligibilityContract } from '../../../../src/shared/contract/develop-eligibility';
import type { Handlers } from '../../../_common/router';

/** The eligibility section's handlers (grouped by subject in the files beside this one). */
export const eligibilityHandlers: Handlers<typeof developEligibilityContract> = {};
