import { DOSSIER_VERIFY_PAGE } from '../../../../src/shared/domain/dossier';
import type { Result } from '../../../_common/result';
import { unlimitedCode } from '../../../_common/wx-code';

/**
 * The pack's QR: a mini-program code that opens the verification page with the issue id as `scene`
 * (WeChat's wxacode.getUnlimited, as the plaques' codes; the local CloudBase answers a plain QR of
 * the same page and scene). pdfkit embeds the PNG as it comes.
 */
export function dossierQr(id: string): Promise<Result<Buffer>> {
  return unlimitedCode({ scene: id, page: DOSSIER_VERIFY_PAGE, width: 280 });
}
