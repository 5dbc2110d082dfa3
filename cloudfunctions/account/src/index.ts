import { accountContract } from '../../../src/shared/contract/account';
import { createRouter } from '../../_common/router';
import { fail } from '../../_common/result';

const notYet = async () => fail('UNKNOWN_ACTION');

export const main = createRouter(accountContract, {
  me: notYet,
  bind: notYet,
  redeemInvite: notYet,
  createInvite: notYet,
  listUsers: notYet,
  unbind: notYet,
  setConsent: notYet,
  updateProfile: notYet,
});
