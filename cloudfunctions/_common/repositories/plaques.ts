import type { AuditEntry } from '../audit';
import { Collections } from '../collections';
import type { BuildingDoc, MemberDoc, PlaqueDoc, RoomDoc } from '../docs';
import { database } from '../sdk';
import { auditIn } from './audit';
import { inTransaction, isTxConflict, type Tx, ID_BATCH } from './base';

const coll = () => database().collection(Collections.plaques);

export type ReissueOutcome =
  | { ok: true; before: { plaqueCode: string; plaqueIssuedAt: Date }; after: { plaqueCode: string; plaqueIssuedAt: Date } }
  | { ok: false; reason: 'room-missing' | 'conflict' };

export type BulkReissueOutcome = { ok: true; reissued: number } | { ok: false; reason: 'conflict' };

/** Who asked, for the audit record written in the same transaction. */
export type Reissuer = Pick<AuditEntry, 'actorOpenid' | 'actorRole'>;

export const plaquesRepo = {
  /** The code on a door: one read by `_id`. */
  async byCode(code: string): Promise<PlaqueDoc | null> {
    const { data } = await coll().doc(code).get();
    return (data[0] as PlaqueDoc | undefined) ?? null;
  },

  /**
   * Retires the room's active code and makes `code` the new one, in one transaction with its audit
   * record. Two concurrent reissues both write the room and its old plaque, so the second conflicts
   * at write time; the SDK retries it on a fresh snapshot, where it retires the first one's code.
   * Either way exactly one code stays active.
   */
  async reissue(roomId: string, code: string, now: Date, by: Reissuer): Promise<ReissueOutcome> {
    const outcome = await inTransaction(async (tx: Tx): Promise<ReissueOutcome> => {
      const room = (await tx.collection(Collections.rooms).doc<RoomDoc>(roomId).get()).data;
      if (!room) return { ok: false, reason: 'room-missing' };
      const building = (await tx.collection(Collections.buildings).doc<BuildingDoc>(room.buildingId).get()).data;
      const old = tx.collection(Collections.plaques).doc<PlaqueDoc>(room.plaqueCode);
      if ((await old.get()).data?.status === 'active') await old.update({ status: 'retired', retiredAt: now });
      const plaque: PlaqueDoc = {
        _id: code,
        roomId,
        buildingId: room.buildingId,
        status: 'active',
        issuedAt: now,
        retiredAt: null,
        room: { number: room.number, floor: room.floor, buildingName: building?.name ?? '' },
        // The new code shows the room's badges and its flag as the old one did (issue 11).
        roomAwards: room.roomAwards ?? [],
        roomFlagged: room.roomFlagged === true,
      };
      await tx.collection(Collections.plaques).add(plaque);
      await tx.collection(Collections.rooms).doc<RoomDoc>(roomId).update({ plaqueCode: code, plaqueIssuedAt: now });
      const before = { plaqueCode: room.plaqueCode, plaqueIssuedAt: room.plaqueIssuedAt };
      const after = { plaqueCode: code, plaqueIssuedAt: now };
      const entry: AuditEntry = { ...by, action: 'plaque.issueCode', target: { collection: Collections.rooms, id: roomId }, buildingId: room.buildingId, before, after };
      await auditIn(tx, entry, now);
      return { ok: true, before, after };
    });
    // Retries used up: someone else kept reissuing this room's code at the same moment.
    return isTxConflict(outcome) ? { ok: false, reason: 'conflict' } : outcome;
  },

  /**
   * A building's bulk reissue (after its codes leaked), one bounded chunk of its rooms in one
   * transaction with one audit record naming every room's old and new code. A room whose code was
   * issued at or after `since` (this run's start: an earlier try of the same chunk, or an admin's
   * single reissue meanwhile) keeps it, so a retried or resumed run never reissues a room twice.
   * `codes` holds a fresh code for each room, in order.
   */
  async reissueRooms(
    building: Pick<BuildingDoc, '_id' | 'name'>,
    roomIds: string[],
    codes: string[],
    since: Date,
    now: Date,
    by: Reissuer,
  ): Promise<BulkReissueOutcome> {
    const outcome = await inTransaction(async (tx: Tx): Promise<BulkReissueOutcome> => {
      const before: Record<string, string> = {};
      const after: Record<string, string> = {};
      for (const [i, roomId] of roomIds.entries()) {
        const room = (await tx.collection(Collections.rooms).doc<RoomDoc>(roomId).get()).data;
        if (!room || room.buildingId !== building._id || new Date(room.plaqueIssuedAt) >= since) continue;
        const old = tx.collection(Collections.plaques).doc<PlaqueDoc>(room.plaqueCode);
        if ((await old.get()).data?.status === 'active') await old.update({ status: 'retired', retiredAt: now });
        const code = codes[i];
        const plaque: PlaqueDoc = {
          _id: code,
          roomId,
          buildingId: building._id,
          status: 'active',
          issuedAt: now,
          retiredAt: null,
          room: { number: room.number, floor: room.floor, buildingName: building.name },
          roomAwards: room.roomAwards ?? [],
          roomFlagged: room.roomFlagged === true,
        };
        await tx.collection(Collections.plaques).add(plaque);
        await tx.collection(Collections.rooms).doc<RoomDoc>(roomId).update({ plaqueCode: code, plaqueIssuedAt: now });
        before[roomId] = room.plaqueCode;
        after[roomId] = code;
      }
      const reissued = Object.keys(after).length;
      if (reissued > 0) {
        const entry: AuditEntry = { ...by, action: 'plaque.reissueBuilding', target: { collection: Collections.buildings, id: building._id }, before: { codes: before }, after: { codes: after } };
        await auditIn(tx, entry, now);
      }
      return { ok: true, reissued };
    });
    return isTxConflict(outcome) ? { ok: false, reason: 'conflict' } : outcome;
  },

  /**
   * Which of these rooms show someone on their plaque: rooms in a consenting member's `plaqueRoomIds`
   * (their own and their linked rooms), people who left the school excluded. One index-served read
   * (by_plaque_room_public) for a part of a building's rooms.
   */
  async roomsWithPublicMembers(roomIds: string[]): Promise<Set<string>> {
    const shown = new Set<string>();
    if (roomIds.length === 0) return shown;
    const _ = database().command;
    const wanted = new Set(roomIds);
    for (let skip = 0; ; skip += ID_BATCH) {
      const { data } = await database()
        .collection(Collections.members)
        .where({ plaqueRoomIds: _.in(roomIds), 'consent.public': true })
        .field({ plaqueRoomIds: true, consent: true, leftAt: true })
        .skip(skip)
        .limit(ID_BATCH)
        .get();
      const members = data as Array<Pick<MemberDoc, '_id' | 'plaqueRoomIds' | 'consent' | 'leftAt'>>;
      for (const m of members) {
        if (m.consent?.public !== true || m.leftAt) continue;
        for (const id of m.plaqueRoomIds ?? []) if (wanted.has(id)) shown.add(id);
      }
      if (members.length < ID_BATCH) return shown;
    }
  },
};
