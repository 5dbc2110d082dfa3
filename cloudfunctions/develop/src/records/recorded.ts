import type { DevelopStepDoc } from '../../../_common/repositories/develop-records';
import type { Actor } from '../../../_common/router';

type RecordedBy = Pick<DevelopStepDoc, 'byUserId' | 'byName' | 'at'>;

/** Who wrote a timeline record and when: the staff member's user, or an admin's openid as 管理员. */
export function recordedBy(me: Actor, openid: string, now: Date): RecordedBy {
  return { byUserId: me.user?._id ?? openid, byName: me.user?.name ?? '管理员', at: now };
}

/**
 * A record about a step already on the timeline (its correction or its withdrawal): it keeps the step's
 * person, building and stage and names the step it corrects; the step itself is never changed.
 */
export function recordAbout(
  step: DevelopStepDoc,
  record: { _id: string; kind: 'correction' | 'withdrawal'; date: string; reason: string },
  by: RecordedBy,
): DevelopStepDoc {
  const { rosterId, memberId, buildingId, stage } = step;
  return { ...record, rosterId, memberId, buildingId, stage, correctsId: step._id, note: null, ...by };
}
