import type { developDossierContract } from '../../../../src/shared/contract/develop-dossier';
import type { Handlers } from '../../../_common/router';

/** The dossier section's handlers (grouped by subject in the files beside this one). */
export const dossierHandlers: Handlers<typeof developDossierContract> = {};
