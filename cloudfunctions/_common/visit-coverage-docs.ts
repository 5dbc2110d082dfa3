import { emptyCoverage, type CoverageCounts } from '../../src/shared/domain/visits';

/*
 * The visit coverage projections (collections visits_coverage and visits_room_coverage), their ids
 * and their starting state: pure, so demo data and test worlds build the same documents the
 * repository (repositories/checkin-visits.ts) writes.
 */

/**
 * Coverage of one member's link to one room (`_id` member_room), kept across link records: whether
 * it is open now (and which record), and the confirmed counts the dashboard's filters read. Written
 * by setLinks and by every change of a confirmed count, in their transactions.
 */
export interface LinkCoverageDoc extends CoverageCounts {
  _id: string;
  buildingId: string;
  memberId: string;
  memberName: string;
  roomId: string;
  roomNumber: string;
  open: boolean;
  linkId: string | null;
  from: Date | null;
}

/** Coverage of one room (`_id` the room's): its linked members now and its confirmed counts (any member's visits). */
export interface RoomCoverageDoc extends CoverageCounts {
  _id: string;
  buildingId: string;
  roomNumber: string;
  open: boolean;
  members: Array<{ id: string; name: string }>;
}

export const linkCoverageId = (memberId: string, roomId: string) => `${memberId}_${roomId}`;

/** The projections of a link that starts now with no counts yet (setLinks, demo data, test worlds). */
export function newCoverage(link: { _id: string; memberId: string; memberName: string; roomId: string; roomNumber: string; buildingId: string; from: Date | null }): LinkCoverageDoc {
  const { memberId, memberName, roomId, roomNumber, buildingId } = link;
  return { _id: linkCoverageId(memberId, roomId), buildingId, memberId, memberName, roomId, roomNumber, open: true, linkId: link._id, from: link.from, ...emptyCoverage() };
}

export function newRoomCoverage(room: { _id: string; buildingId: string; number: string }, members: RoomCoverageDoc['members']): RoomCoverageDoc {
  return { _id: room._id, buildingId: room.buildingId, roomNumber: room.number, open: members.length > 0, members, ...emptyCoverage() };
}
