import type { developEligibilityContract } from '../../../../src/shared/contract/develop-eligibility';
import type { Handlers } from '../../../_common/router';
import { eligibility } from './eligibility';
import { correctExperience, memberExperiences, recordExperience } from './experiences';
import { conversionsDue, developingByPoints } from './lists';
import { pointRules, setPointRules } from './rules';

export { POINTS_TRIGGER, sweepPoints } from './sweep';

/** The eligibility section's handlers (grouped by subject in the files beside this one). */
export const eligibilityHandlers: Handlers<typeof developEligibilityContract> = {
  eligibility, memberExperiences, recordExperience, correctExperience, pointRules, setPointRules, conversionsDue, developingByPoints,
};
