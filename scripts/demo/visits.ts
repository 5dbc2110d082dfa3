import type { MemberDoc, RoomDoc } from '../../cloudfunctions/_common/docs';
import type { VisitLinkDoc } from '../../cloudfunctions/_common/repositories/checkin-visits';

/**
 * The link records behind the demo members' linked rooms (联系寝室): one open record per member and
 * room since the term began, as if a counselor had set them then, so the coverage dashboard has rows.
 */
export function generateVisitLinks(members: MemberDoc[], rooms: RoomDoc[], since: Date): VisitLinkDoc[] {
  const numbers = new Map(rooms.map((r) => [r._id, r]));
  return members.flatMap((m) =>
    m.linkedRoomIds.map((roomId) => ({
      _id: `link-${m._id}-${roomId}`,
      memberId: m._id,
      memberName: m.name,
      roomId,
      roomNumber: numbers.get(roomId)?.number ?? '',
      buildingId: numbers.get(roomId)?.buildingId ?? m.buildingId,
      from: since,
      until: null,
      createdBy: 'demo',
      endedBy: null,
      reason: null,
    })),
  );
}
