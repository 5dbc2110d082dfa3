import { plaqueContract } from '../../../src/shared/contract/plaque';
import { createRouter } from '../../_common/router';
import { buildings } from './buildings';
import { closeFeedback } from './close-feedback';
import { issueCode } from './issue-code';
import { listFeedback } from './list-feedback';
import { myFeedback } from './my-feedback';
import { printBuilding } from './print/print-building';
import { reissueBuilding } from './print/reissue-building';
import { qrCode } from './qr-code';
import { rooms } from './rooms';
import { sendFeedback } from './send-feedback';
import { view } from './view';
import { wall } from './wall';

export const main = createRouter(plaqueContract, {
  view,
  buildings,
  wall,
  sendFeedback,
  listFeedback,
  closeFeedback,
  myFeedback,
  rooms,
  issueCode,
  qrCode,
  printBuilding,
  reissueBuilding,
});
