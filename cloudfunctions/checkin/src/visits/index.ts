import type { visitsContract } from '../../../../src/shared/contract/checkin-visits';
import type { Handlers } from '../../../_common/router';
import { answerVisit } from './answer-visit';
import { correctVisit } from './correct-visit';
import { makeUpVisit } from './make-up-visit';
import { memberLinks } from './member-links';
import { memberVisits } from './member-visits';
import { myVisits } from './my-visits';
import { pendingVisits } from './pending-visits';
import { recordVisit } from './record-visit';
import { roomCoverage } from './room-coverage';
import { setLinks } from './set-links';
import { visitCoverage } from './visit-coverage';

/** The visits section's handlers (one file per action beside this one). */
export const visitsHandlers: Handlers<typeof visitsContract> = {
  setLinks,
  memberLinks,
  recordVisit,
  pendingVisits,
  answerVisit,
  myVisits,
  memberVisits,
  visitCoverage,
  roomCoverage,
  correctVisit,
  makeUpVisit,
};
