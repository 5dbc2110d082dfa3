import type { plaqueContract } from '../../../src/shared/contract/plaque';
import { PLAQUE_PAGE } from '../../../src/shared/domain/plaque-code';
import { orgRepo } from '../../_common/repositories/org';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { unlimitedCode } from '../../_common/wx-code';

/**
 * The mini-program code for a room's door: WeChat's unlimited code with the room's current plaque
 * code as its scene, opening the plaque page. Read-only (nothing to audit); the PNG goes back as
 * base64 (a 430 px code is about 10-30 KB, far below a reply's limit).
 */
export const qrCode: Handler<typeof plaqueContract.qrCode> = async ({ roomId }) => {
  const room = await orgRepo.roomById(roomId);
  if (!room) return fail('NOT_FOUND', '没有找到这个寝室');
  const png = await unlimitedCode({ scene: room.plaqueCode, page: PLAQUE_PAGE });
  if (!png.ok) return png;
  return ok({ code: room.plaqueCode, page: PLAQUE_PAGE, pngBase64: png.data.toString('base64') });
};
