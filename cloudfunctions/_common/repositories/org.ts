import { Collections } from '../collections';
import type { BuildingDoc, RoomDoc } from '../docs';
import { database } from '../sdk';
import { first } from './base';

/** The places of the organisation model: buildings and their rooms. */

const BUILDING_FIELDS = { communityId: true, communityName: true, name: true, floors: true } as const;
const ROOM_FIELDS = { buildingId: true, floor: true, number: true, plaqueCode: true, plaqueIssuedAt: true } as const;
/** The server SDK's largest page. */
const PAGE = 1000;

const coll = (name: string) => database().collection(name);

export const orgRepo = {
  /** Every building: a school has tens, never near a page. */
  async buildings(): Promise<BuildingDoc[]> {
    const { data } = await coll(Collections.buildings).field(BUILDING_FIELDS).limit(PAGE).get();
    return data as BuildingDoc[];
  },

  buildingById(id: string): Promise<BuildingDoc | null> {
    return first<BuildingDoc>(coll(Collections.buildings).doc(id).field(BUILDING_FIELDS).get());
  },

  roomById(id: string): Promise<RoomDoc | null> {
    return first<RoomDoc>(coll(Collections.rooms).doc(id).field(ROOM_FIELDS).get());
  },

  /** A building's rooms by floor and number (index by_building_floor), page by page past 1000. */
  async roomsInBuilding(buildingId: string): Promise<RoomDoc[]> {
    const rooms: RoomDoc[] = [];
    for (;;) {
      const { data } = await coll(Collections.rooms)
        .where({ buildingId })
        .field(ROOM_FIELDS)
        .orderBy('floor', 'asc')
        .orderBy('number', 'asc')
        .skip(rooms.length)
        .limit(PAGE)
        .get();
      rooms.push(...(data as RoomDoc[]));
      if (data.length < PAGE) return rooms;
    }
  },

  /** Names of buildings by id, in one read (summaries and existence checks). */
  async buildingsByIds(ids: string[]): Promise<Array<Pick<BuildingDoc, '_id' | 'name'>>> {
    if (ids.length === 0) return [];
    const { data } = await coll(Collections.buildings).where({ _id: database().command.in(ids) }).field({ name: true }).limit(PAGE).get();
    return data as Array<Pick<BuildingDoc, '_id' | 'name'>>;
  },

  /** Where rooms are, by id, in one read. */
  async roomsByIds(ids: string[]): Promise<Array<Pick<RoomDoc, '_id' | 'buildingId' | 'floor' | 'number'>>> {
    if (ids.length === 0) return [];
    const { data } = await coll(Collections.rooms)
      .where({ _id: database().command.in(ids) })
      .field({ buildingId: true, floor: true, number: true })
      .limit(PAGE)
      .get();
    return data as Array<Pick<RoomDoc, '_id' | 'buildingId' | 'floor' | 'number'>>;
  },
};
