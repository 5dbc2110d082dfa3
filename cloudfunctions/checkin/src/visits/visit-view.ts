import type { Visit } from '../../../../src/shared/contract/checkin-visits';
import { confirmDeadline, visitState } from '../../../../src/shared/domain/visits';
import { decodeCursor, encodeCursor, type PageCursor } from '../../../_common/cursor';
import type { VisitDoc } from '../../../_common/repositories/checkin-visits';

export const BAD_CURSOR = '分页参数无效，请刷新列表';

/** A stored visit as every reader sees it: its state derives from the status and the clock. */
export function visitView(v: VisitDoc, now: Date): Visit {
  const at = new Date(v.at);
  return {
    id: v._id,
    memberId: v.memberId,
    memberName: v.memberName,
    roomId: v.roomId,
    roomNumber: v.roomNumber,
    topic: v.topic,
    note: v.note,
    at: at.toISOString(),
    deadline: confirmDeadline(at).toISOString(),
    state: visitState(v.status, at, now),
    makeUp: v.makeUp !== null,
    correction: v.correction ? { state: v.correction.status, reason: v.correction.reason, at: new Date(v.correction.at).toISOString() } : null,
  };
}

/** The cursor of a page, or undefined when the caller sent one this server did not hand out. */
export function pageCursor(cursor: string | undefined): PageCursor | null | undefined {
  if (cursor === undefined) return null;
  return decodeCursor(cursor) ?? undefined;
}

export function nextVisitCursor(page: { items: VisitDoc[]; more: boolean }): string | null {
  const last = page.items[page.items.length - 1];
  return page.more && last ? encodeCursor(new Date(last.at), last._id) : null;
}
