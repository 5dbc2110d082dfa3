import type { MemberDoc, RoomDoc } from '../../cloudfunctions/_common/docs';
import type { VisitLinkDoc } from '../../cloudfunctions/_common/repositories/checkin-visits';
import { newCoverage, newRoomCoverage, type LinkCoverageDoc, type RoomCoverageDoc } from '../../cloudfunctions/_common/visit-coverage-docs';

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

/** The coverage projections of those links (as setLinks writes them): one per link, one per linked room. */
export function generateVisitCoverage(links: VisitLinkDoc[], rooms: RoomDoc[]): { links: LinkCoverageDoc[]; rooms: RoomCoverageDoc[] } {
  const byRoom = new Map<string, VisitLinkDoc[]>();
  for (const l of links) byRoom.set(l.roomId, [...(byRoom.get(l.roomId) ?? []), l]);
  const roomDocs = new Map(rooms.map((r) => [r._id, r]));
  return {
    links: links.map((l) => newCoverage(l)),
    rooms: [...byRoom].flatMap(([roomId, ls]) => {
      const room = roomDocs.get(roomId);
      return room ? [newRoomCoverage(room, ls.map((l) => ({ id: l.memberId, name: l.memberName })))] : [];
    }),
  };
}
