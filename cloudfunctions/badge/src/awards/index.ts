import type { badgeAwardsContract } from '../../../../src/shared/contract/badge-awards';
import type { Handlers } from '../../../_common/router';
import { badgeCatalogue, saveBadge } from './catalogue';
import { awardBadge, revokeAward } from './give';
import { buildingAwards, holderAwards } from './history';
import { awardYearStar } from './year-star';

/** The awards section's handlers (grouped by subject in the files beside this one). */
export const awardsHandlers: Handlers<typeof badgeAwardsContract> = { badgeCatalogue, saveBadge, awardBadge, revokeAward, awardYearStar, holderAwards, buildingAwards };
