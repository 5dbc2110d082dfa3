import type { ApplicationView } from '../../../../src/shared/contract/badge-applications';
import type { ApplicationDoc } from '../../../_common/repositories/badge-applications';

const iso = (at: Date | string) => new Date(at).toISOString();

/** An application as the applicant and the reviewing counselor read it; photo URLs are minted by the caller after its checks. */
export function applicationView(a: ApplicationDoc, photoUrls: Map<string, string> | null): ApplicationView {
  return {
    id: a._id,
    roomId: a.roomId,
    roomLabel: a.roomLabel,
    buildingId: a.buildingId,
    termKey: a.termKey,
    applicantName: a.applicantName,
    statement: a.statement,
    photoUrls: photoUrls ? a.photoFileIds.map((f) => photoUrls.get(f)).filter((u): u is string => !!u) : [],
    status: a.status,
    submittedAt: iso(a.submittedAt),
    decision: a.decision ? { at: iso(a.decision.at), reason: a.decision.reason } : null,
    declines: (a.declines ?? []).map((d) => ({ at: iso(d.at), reason: d.reason })),
  };
}
