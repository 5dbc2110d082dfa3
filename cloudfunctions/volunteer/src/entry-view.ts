import type { Entry } from '../../../src/shared/contract/volunteer';
import type { VolunteerCategory } from '../../../src/shared/contract/volunteer';
import type { VolunteerEntryDoc } from '../../_common/docs';
import { photoUrls } from '../../_common/photos';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** The entry as the contract shows it; `urls` from one storage call for the whole list. */
export function entryOf(doc: VolunteerEntryDoc, urls: Map<string, string>): Entry {
  return {
    id: doc._id,
    title: doc.title,
    category: doc.category as VolunteerCategory,
    date: doc.date,
    start: doc.start,
    end: doc.end,
    hours: doc.hours,
    place: doc.place,
    description: doc.description,
    photoUrls: doc.photoFileIds.flatMap((id) => (urls.has(id) ? [urls.get(id)!] : [])),
    photoFileIds: doc.photoFileIds,
    witnessName: doc.witnessName,
    witnessContact: doc.witnessContact,
    status: doc.status,
    approvedHours: doc.approvedHours,
    reviewComment: doc.reviewComment,
    reviewedAt: iso(doc.reviewedAt),
    submittedAt: iso(doc.submittedAt),
    verified: doc.verified,
  };
}

export async function entriesOf(docs: VolunteerEntryDoc[]): Promise<Entry[]> {
  const urls = await photoUrls(docs.flatMap((d) => d.photoFileIds));
  return docs.map((d) => entryOf(d, urls));
}
