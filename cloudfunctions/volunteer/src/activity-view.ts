import type { ActivitySummary, VolunteerCategory } from '../../../src/shared/contract/volunteer';
import type { ActivityDoc } from '../../_common/docs';

/** The fields of an activity a counselor's list shows, copied one by one. */
export function activitySummaryOf(a: ActivityDoc): ActivitySummary {
  return {
    id: a._id,
    title: a.title,
    category: a.category as VolunteerCategory,
    place: a.place,
    buildingId: a.buildingId,
    startAt: new Date(a.startAt).toISOString(),
    endAt: new Date(a.endAt).toISOString(),
    createdAt: new Date(a.createdAt).toISOString(),
  };
}
