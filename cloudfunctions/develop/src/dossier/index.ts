import type { developDossierContract } from '../../../../src/shared/contract/develop-dossier';
import type { Handlers } from '../../../_common/router';
import { issueDossier } from './issue-dossier';
import { dossierFile, listDossiers } from './list-dossiers';
import { verifyDossier } from './verify-dossier';

/** The dossier section's handlers (grouped by subject in the files beside this one). */
export const dossierHandlers: Handlers<typeof developDossierContract> = { issueDossier, verifyDossier, listDossiers, dossierFile };
