import { plaqueCodeFrom } from '../../src/shared/domain/plaque-code';
import { buildingSortKey } from '../../src/shared/domain/building-order';
import type { BranchDoc, BuildingDoc, CommunityDoc, GroupDoc, PlaqueDoc, RoomDoc } from '../../cloudfunctions/_common/docs';
import type { Prng } from './prng';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface DemoPlaces {
  communities: CommunityDoc[];
  buildings: BuildingDoc[];
  rooms: RoomDoc[];
  plaques: PlaqueDoc[];
  branches: BranchDoc[];
  groups: GroupDoc[];
}

export const PLACES = { community: '智园社区', buildings: ['智园1号楼', '智园2号楼'], floors: 6, roomsPerFloor: 25, retiredCodes: 3 };

/**
 * 智园社区: two buildings of 6 floors with 25 rooms each (101..125, ..., 601..625), a branch per
 * building and a group per floor. Plaques are issued just before `termStart`; a few rooms had their
 * code reissued, so their old codes exist as retired plaques.
 *
 * Demo codes come from the seeded PRNG, so anyone with this repository can compute them. That is fine
 * for demo data only: a real deployment issues codes from crypto.randomBytes (80 random bits each).
 */
export function generatePlaces(rng: Prng, termStart: Date): DemoPlaces {
  const issuedAt = new Date(termStart.getTime() - 7 * DAY_MS);
  const community: CommunityDoc = { _id: 'zhiyuan', name: PLACES.community };
  const out: DemoPlaces = { communities: [community], buildings: [], rooms: [], plaques: [], branches: [], groups: [] };
  const codes = new Set<string>();
  const newCode = () => {
    for (;;) {
      const code = plaqueCodeFrom(rng.bytes(10));
      if (!codes.has(code)) {
        codes.add(code);
        return code;
      }
    }
  };

  PLACES.buildings.forEach((name, b) => {
    const building: BuildingDoc = {
      _id: `zy${b + 1}`, communityId: community._id, communityName: community.name, name, floors: PLACES.floors, sortKey: buildingSortKey(community.name, name),
    };
    const branch: BranchDoc = { _id: `${building._id}-branch`, buildingId: building._id, name: `${name}党支部` };
    out.buildings.push(building);
    out.branches.push(branch);
    for (let floor = 1; floor <= PLACES.floors; floor += 1) {
      out.groups.push({ _id: `${building._id}-f${floor}`, branchId: branch._id, buildingId: building._id, floor, name: `${name}${floor}层党小组` });
      for (let n = 1; n <= PLACES.roomsPerFloor; n += 1) {
        const number = String(floor * 100 + n);
        const room: RoomDoc = { _id: `${building._id}-${number}`, buildingId: building._id, floor, number, plaqueCode: newCode(), plaqueIssuedAt: issuedAt };
        out.rooms.push(room);
        out.plaques.push({
          _id: room.plaqueCode,
          roomId: room._id,
          buildingId: building._id,
          status: 'active',
          issuedAt,
          retiredAt: null,
          room: { number, floor, buildingName: name },
        });
      }
    }
  });

  // A few doors lost their plaque last term: the old code is retired, the room carries a newer one.
  const oldIssuedAt = new Date(termStart.getTime() - 200 * DAY_MS);
  for (const room of rng.shuffle(out.rooms).slice(0, PLACES.retiredCodes)) {
    const active = out.plaques.find((p) => p._id === room.plaqueCode)!;
    out.plaques.push({ ...active, _id: newCode(), status: 'retired', issuedAt: oldIssuedAt, retiredAt: issuedAt, room: { ...active.room } });
  }
  return out;
}
