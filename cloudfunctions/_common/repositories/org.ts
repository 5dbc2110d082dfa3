import { Collections } from '../collections';
import type { BuildingDoc, RoomDoc } from '../docs';
import type { KeyCursor } from '../cursor';
import { database } from '../sdk';
import { byIdsIn, first } from './base';

/** The places of the organisation model: buildings and their rooms. */

const BUILDING_FIELDS = { communityId: true, communityName: true, name: true, floors: true, sortKey: true, copiesPending: true } as const;
const ROOM_FIELDS = { buildingId: true, floor: true, number: true, plaqueCode: true, plaqueIssuedAt: true, closedAt: true } as const;
/** Closed rooms (organisation admin) drop out of pickers: a page may then hold fewer than `limit` while more follow. */
const open = (page: { items: RoomDoc[]; more: boolean }, includeClosed: boolean): RoomsPage => ({
  items: includeClosed ? page.items : page.items.filter((r) => !r.closedAt),
  more: page.more,
  lastRead: page.items[page.items.length - 1],
});
/** `lastRead`: the last room read (open or closed), where the next page starts. */
export type RoomsPage = { items: RoomDoc[]; more: boolean; lastRead: RoomDoc | undefined };
/** The server SDK's largest page. */
const PAGE = 1000;

const coll = (name: string) => database().collection(name);

export const orgRepo = {
  /**
   * Buildings by (sortKey, _id), one community's (index by_community_sort) or all (by_sort), `limit`
   * after the cursor, plus one to know if a page follows.
   */
  async buildingsPage(communityId: string | null, after: KeyCursor | null, limit: number): Promise<{ items: BuildingDoc[]; more: boolean }> {
    const _ = database().command;
    const base = communityId ? { communityId } : {};
    const where = after ? _.and([base, _.or([{ sortKey: _.gt(after.key) }, { sortKey: after.key, _id: _.gt(after.id) }])]) : base;
    const { data } = await coll(Collections.buildings).where(where).field(BUILDING_FIELDS).orderBy('sortKey', 'asc').orderBy('_id', 'asc').limit(limit + 1).get();
    const docs = data as BuildingDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /** Every building of a community (a round's scope), page by page: a community holds tens, never stops at a page. */
  async buildingsOfCommunity(communityId: string): Promise<BuildingDoc[]> {
    return this.everyBuilding(communityId);
  },

  /** Every building (an admin's pickers), or one community's, in sort order, page by page: never stops at a page. */
  async everyBuilding(communityId: string | null = null): Promise<BuildingDoc[]> {
    const all: BuildingDoc[] = [];
    let after: KeyCursor | null = null;
    for (;;) {
      const page = await this.buildingsPage(communityId, after, 100);
      all.push(...page.items);
      const last = page.items[page.items.length - 1];
      if (!page.more || !last) return all;
      after = { key: last.sortKey, id: last._id };
    }
  },

  /** Buildings by id, however many (a counselor's scope). */
  buildingsWithIds(ids: string[]): Promise<BuildingDoc[]> {
    return byIdsIn<BuildingDoc>(Collections.buildings, ids, BUILDING_FIELDS);
  },

  buildingById(id: string): Promise<BuildingDoc | null> {
    return first<BuildingDoc>(coll(Collections.buildings).doc(id).field(BUILDING_FIELDS).get());
  },

  roomById(id: string): Promise<RoomDoc | null> {
    return first<RoomDoc>(coll(Collections.rooms).doc(id).field(ROOM_FIELDS).get());
  },

  /** A building's every room by floor and number, page by page (the inspection picker marks the flagged ones; a building holds hundreds, never stops at a page). */
  async roomsInBuilding(buildingId: string): Promise<RoomDoc[]> {
    const rooms: RoomDoc[] = [];
    let after: { floor: number; number: string; id: string } | null = null;
    for (;;) {
      const page = await this.roomsPage(buildingId, after, 1000, undefined, true);
      rooms.push(...page.items.filter((r) => !r.closedAt));
      const last = page.lastRead;
      if (!page.more || !last) return rooms;
      after = { floor: last.floor, number: last.number, id: last._id };
    }
  },

  /**
   * A building's rooms (one floor's, when given) by (floor, number, _id) (index by_building_floor),
   * `limit` after the cursor (the last room of the previous page), plus one to know if a page follows.
   */
  async roomsPage(buildingId: string, after: { floor: number; number: string; id: string } | null, limit: number, floor?: number, includeClosed = false): Promise<RoomsPage> {
    const _ = database().command;
    if (floor !== undefined) {
      // The floor is pinned: the order is (number, _id), which the index gives right after it.
      const base = { buildingId, floor };
      const where = after ? _.and([base, _.or([{ number: _.gt(after.number) }, { number: after.number, _id: _.gt(after.id) }])]) : base;
      const { data } = await coll(Collections.rooms).where(where).field(ROOM_FIELDS).orderBy('number', 'asc').orderBy('_id', 'asc').limit(limit + 1).get();
      const docs = data as RoomDoc[];
      return open({ items: docs.slice(0, limit), more: docs.length > limit }, includeClosed);
    }
    const where = after
      ? _.and([
          { buildingId },
          _.or([
            { floor: _.gt(after.floor) },
            { floor: after.floor, number: _.gt(after.number) },
            { floor: after.floor, number: after.number, _id: _.gt(after.id) },
          ]),
        ])
      : { buildingId };
    const { data } = await coll(Collections.rooms)
      .where(where)
      .field(ROOM_FIELDS)
      .orderBy('floor', 'asc')
      .orderBy('number', 'asc')
      .orderBy('_id', 'asc')
      .limit(limit + 1)
      .get();
    const docs = data as RoomDoc[];
    return open({ items: docs.slice(0, limit), more: docs.length > limit }, includeClosed);
  },

  /** Names of buildings by id, in one read (summaries and existence checks). */
  async buildingsByIds(ids: string[]): Promise<Array<Pick<BuildingDoc, '_id' | 'name' | 'floors'>>> {
    if (ids.length === 0) return [];
    const { data } = await coll(Collections.buildings).where({ _id: database().command.in(ids) }).field({ name: true, floors: true }).limit(PAGE).get();
    return data as Array<Pick<BuildingDoc, '_id' | 'name' | 'floors'>>;
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
