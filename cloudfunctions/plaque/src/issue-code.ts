import { randomBytes } from 'node:crypto';
import type { plaqueContract } from '../../../src/shared/contract/plaque';
import { plaqueCodeFrom } from '../../../src/shared/domain/plaque-code';
import { plaquesRepo } from '../../_common/repositories/plaques';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';

/**
 * An admin retires a room's code (a photographed or defaced plaque) and issues a new one: 80 random
 * bits, so neither guessable nor sequential. The old code then answers CODE_RETIRED on a scan.
 */
export const issueCode: Handler<typeof plaqueContract.issueCode> = async ({ roomId }, { caller, now, actor }) => {
  const me = await actor();
  const code = plaqueCodeFrom(randomBytes(10));
  const outcome = await plaquesRepo.reissue(roomId, code, now, { actorOpenid: caller.openid, actorRole: me.role });
  if (outcome.ok) return ok({ code: outcome.after.plaqueCode });
  return outcome.reason === 'room-missing' ? fail('NOT_FOUND', '没有找到这个寝室') : fail('CONFLICT');
};
