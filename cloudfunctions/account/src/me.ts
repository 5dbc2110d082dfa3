import type { accountContract } from '../../../src/shared/contract/account';
import { ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { meOf } from './me-view';

/** Who the caller is: guests (no user document) get role guest and nulls. */
export const me: Handler<typeof accountContract.me> = async (_input, { now, actor }) => {
  const { user } = await actor();
  return ok(await meOf(user, now));
};
