import type { dutyContract } from '../../../../src/shared/contract/checkin-duty';
import type { Handlers } from '../../../_common/router';
import { dutyCoverage } from './coverage';
import { correctDuty, myDutyRecords } from './records';
import { dutyScan } from './scan';
import { changeShift, createShift, endShift, listShifts, myShifts, shiftCandidates } from './shifts';
import { createStation, issueStationKey, listStations, revokeStationKey, stationCode } from './stations';
import { answerSwap, listSwaps, mySwaps, requestSwap, swapCandidates } from './swaps';

export { DUTY_TRIGGER, sweepMissedDuty } from './sweep';

/** The duty section's handlers (grouped by subject in the files beside this one). */
export const dutyHandlers: Handlers<typeof dutyContract> = {
  createStation,
  listStations,
  issueStationKey,
  revokeStationKey,
  stationCode,
  createShift,
  changeShift,
  endShift,
  shiftCandidates,
  listShifts,
  myShifts,
  requestSwap,
  swapCandidates,
  answerSwap,
  mySwaps,
  listSwaps,
  dutyScan,
  myDutyRecords,
  correctDuty,
  dutyCoverage,
};
