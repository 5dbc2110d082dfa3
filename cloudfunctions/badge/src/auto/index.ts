import type { badgeAutoContract } from '../../../../src/shared/contract/badge-auto';
import type { Handlers } from '../../../_common/router';
import { autoAwards } from './auto-awards';
import { backfillMilestones } from './backfill';
import { civilRoomsRun, settleCivilRooms } from './civil-rooms';

export { CIVIL_TRIGGER, civilRoomsDue } from './civil-rooms';

/**
 * The auto section's handlers. Milestones and 每月之星 need none: they are awarded in the approval's,
 * settlement's and finalisation's own transactions (cloudfunctions/_common/repositories/badge-auto.ts);
 * `backfillMilestones` gives the milestones members passed before milestones existed, once.
 */
export const autoHandlers: Handlers<typeof badgeAutoContract> = { settleCivilRooms, civilRoomsRun, backfillMilestones, autoAwards };
