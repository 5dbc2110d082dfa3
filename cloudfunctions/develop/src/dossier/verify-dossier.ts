import type { developDossierContract } from '../../../../src/shared/contract/develop-dossier';
import { dossierIdOf } from '../../../../src/shared/domain/dossier';
import { RATE_LIMITS } from '../../../../src/shared/domain/rate-limits';
import { consume } from '../../../_common/rate-limit';
import { dossiersRepo } from '../../../_common/repositories/develop-dossier';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { recordView } from './view';

const UNKNOWN = '没有找到这份材料的出具记录：二维码可能被伪造或材料已被篡改，请向出具的辅导员核实';

/** Anyone who scans a pack: the issue record by its id, or NOT_FOUND (a forged id reads nothing). */
export const verifyDossier: Handler<typeof developDossierContract.verifyDossier> = async ({ id }, ctx) => {
  const limited = await consume(RATE_LIMITS.dossierVerify, ctx.caller.openid, ctx.now);
  if (!limited.ok) return limited;
  const dossierId = dossierIdOf({ id });
  const doc = dossierId ? await dossiersRepo.byId(dossierId) : null;
  return doc ? ok(recordView(doc)) : fail('NOT_FOUND', UNKNOWN);
};
