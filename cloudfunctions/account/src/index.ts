import { accountContract } from '../../../src/shared/contract/account';
import { createRouter } from '../../_common/router';
import { auditLog } from './audit-log';
import { bind } from './bind';
import { createInvite } from './create-invite';
import { listUsers } from './list-users';
import { markLeft } from './mark-left';
import { me } from './me';
import { myData } from './my-data';
import { redeemInvite } from './redeem-invite';
import { setConsent } from './set-consent';
import { unbind } from './unbind';
import { updateProfile } from './update-profile';

export const main = createRouter(accountContract, { me, bind, redeemInvite, createInvite, listUsers, unbind, setConsent, updateProfile, auditLog, markLeft, myData });
