import { plaqueContract } from '../../../src/shared/contract/plaque';
import { createRouter } from '../../_common/router';
import { fail } from '../../_common/result';
import { view } from './view';

const notYet = async () => fail('UNKNOWN_ACTION');

export const main = createRouter(plaqueContract, {
  view,
  buildings: notYet,
  wall: notYet,
  sendFeedback: notYet,
  listFeedback: notYet,
  closeFeedback: notYet,
  rooms: notYet,
  issueCode: notYet,
  qrCode: notYet,
});
