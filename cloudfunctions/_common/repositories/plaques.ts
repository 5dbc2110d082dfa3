import type { AuditEntry } from '../audit';
import { Collections } from '../collections';
import type { BuildingDoc, PlaqueDoc, RoomDoc } from '../docs';
import { database } from '../sdk';
import { auditIn } from './audit';
import { inTransaction, isTxConflict, type Tx } from './base';

const coll = () => database().collection(Collections.plaques);

export type ReissueOutcome =
  | { ok: true; before: { plaqueCode: string; plaqueIssuedAt: Date }; after: { plaqueCode: string; plaqueIssuedAt: Date } }
  | { ok: false; reason: 'room-missing' | 'conflict' };

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
};
