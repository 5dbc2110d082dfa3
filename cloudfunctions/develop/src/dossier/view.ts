import type { DossierItem, DossierRecord } from '../../../../src/shared/contract/develop-dossier';
import type { DossierDoc } from '../../../_common/repositories/develop-dossier';

/** The issue record as the verification page shows it: nothing the pack itself does not print. */
export function recordView(d: DossierDoc): DossierRecord {
  return { id: d._id, memberName: d.memberName, issuedByName: d.issuedByName, issuedAt: new Date(d.at).toISOString(), digest: d.digest };
}

export function itemView(d: DossierDoc): DossierItem {
  return { ...recordView(d), memberId: d.memberId, entriesLeftOut: d.entriesLeftOut };
}
