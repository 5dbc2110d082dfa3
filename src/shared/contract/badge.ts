import type { FunctionContract } from './define';
import { badgeApplicationsContract } from './badge-applications';
import { badgeAutoContract } from './badge-auto';
import { badgeAwardsContract } from './badge-awards';

/**
 * Badges (function `badge`, issue 11): the catalogue and awards by hand, automatic awards, and
 * 党员示范寝室 applications. Three sections, one contract: action names are unique across them
 * (badge.test.ts checks).
 */
export const badgeSections = { awards: badgeAwardsContract, auto: badgeAutoContract, applications: badgeApplicationsContract } as const;

export const badgeContract = { ...badgeAwardsContract, ...badgeAutoContract, ...badgeApplicationsContract } satisfies FunctionContract;
