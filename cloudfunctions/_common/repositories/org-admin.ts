import { randomBytes } from 'node:crypto';
import type { Auditor } from '../audit';
import { Collections } from '../collections';
import type { BranchDoc, BuildingDoc, CommunityDoc, GroupDoc, PlaqueDoc, RoomDoc, RosterDoc } from '../docs';
import type { UserDoc } from './users';
import { database } from '../sdk';
import { auditIn } from './audit';
import { first, inTransaction, isTxConflict, type Tx } from './base';
import { applied, refused, type RepoResult } from './outcome';

/**
 * The organisation admin's writes (function `org`): buildings, rooms, branches, groups, the term
 * calendar and counselors' scopes, each with its audit record in its own transaction; and the
 * bounded, resumable updates of the names other documents copy (members, active plaques).
 */

const coll = (name: string) => database().collection(name);
const _ = () => database().command;
const newId = (prefix: string) => `${prefix}${randomBytes(9).toString('hex')}`;

/** Where a rename's copies stand: the run (a new rename starts a new one), the copy being walked and the last `_id` done. */
export interface CopiesProgress {
  run: string;
  stage: number;
  after: string | null;
}

export type CopyKind = 'building' | 'branch' | 'group';

/** The copies of each kind's name: the collection, the index-served filter and the field the name is copied into. */
const COPIES: Record<CopyKind, Array<{ collection: string; where: (id: string) => object; field: string }>> = {
  building: [
    { collection: Collections.members, where: (id) => ({ buildingId: id }), field: 'buildingName' },
    // Retired plaques keep the name they were printed with.
    { collection: Collections.plaques, where: (id) => ({ buildingId: id, status: 'active' }), field: 'room.buildingName' },
  ],
  branch: [{ collection: Collections.members, where: (id) => ({ branchId: id }), field: 'branchName' }],
  group: [{ collection: Collections.members, where: (id) => ({ groupId: id }), field: 'groupName' }],
};
const SOURCE: Record<CopyKind, string> = { building: Collections.buildings, branch: Collections.branches, group: Collections.groups };
/** Copies updated per page: one read and one multi-document write by `_id`. */
const COPY_PAGE = 100;

type Named = { _id: string; name: string; copies?: CopiesProgress | null };

const BRANCH_FIELDS = { buildingId: true, name: true, closedAt: true } as const;
const GROUP_FIELDS = { branchId: true, buildingId: true, floor: true, name: true, closedAt: true } as const;
const ROOM_FIELDS = { buildingId: true, floor: true, number: true, plaqueCode: true, plaqueIssuedAt: true, closedAt: true } as const;

/** Whether anyone still lives in the room: a member profile or a roster entry not marked as left (index-served, bounded). */
async function roomHasResidents(roomId: string): Promise<boolean> {
  if ((await residentsOf(roomId)).length) return true;
  const { data } = await coll(Collections.roster).where({ roomId }).field({ leftAt: true }).limit(50).get();
  return (data as Array<Pick<RosterDoc, 'leftAt'>>).some((r) => !r.leftAt);
}

/** What keeps a branch or group from closing: its members, or (a branch) its open groups. Index-served, bounded. */
async function inUse(kind: 'branch' | 'group', id: string): Promise<'HAS_MEMBERS' | 'HAS_GROUPS' | null> {
  const field = kind === 'branch' ? 'branchId' : 'groupId';
  const { data: members } = await coll(Collections.members).where({ [field]: id }).field({ _id: true }).limit(1).get();
  if (members.length) return 'HAS_MEMBERS';
  if (kind === 'group') return null;
  const { data: groups } = await coll(Collections.groups).where({ branchId: id }).field({ closedAt: true }).limit(200).get();
  return (groups as Array<Pick<GroupDoc, 'closedAt'>>).some((g) => !g.closedAt) ? 'HAS_GROUPS' : null;
}

export const orgAdminRepo = {
  // ---- buildings ----

  communityById(id: string): Promise<CommunityDoc | null> {
    return first<CommunityDoc>(coll(Collections.communities).doc(id).field({ name: true }).get());
  },

  /** A building of the community with this sort key (the same name), if any: index by_community_sort. */
  async buildingWithSortKey(communityId: string, sortKey: string): Promise<BuildingDoc | null> {
    const { data } = await coll(Collections.buildings).where({ communityId, sortKey }).field({ name: true }).limit(1).get();
    return (data[0] as BuildingDoc | undefined) ?? null;
  },

  async createBuilding(building: BuildingDoc, by: Auditor, now: Date): Promise<RepoResult<null, 'CONFLICT'>> {
    const { _id, ...after } = building;
    const outcome = await inTransaction(async (tx) => {
      await tx.collection(Collections.buildings).add(building);
      await auditIn(tx, { ...by, action: 'org.createBuilding', target: { collection: Collections.buildings, id: _id }, before: null, after }, now);
      return applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /**
   * Changes a building (name, floors, community); a new name starts a new copies run, which
   * `syncCopies` carries out. Answers the building before and after.
   */
  async updateBuilding(
    id: string,
    change: Partial<Pick<BuildingDoc, 'name' | 'floors' | 'communityId' | 'communityName' | 'sortKey'>>,
    by: Auditor,
    now: Date,
  ): Promise<RepoResult<{ before: BuildingDoc; after: BuildingDoc }, 'NOT_FOUND' | 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx): Promise<RepoResult<{ before: BuildingDoc; after: BuildingDoc }, 'NOT_FOUND'>> => {
      const ref = tx.collection(Collections.buildings).doc<BuildingDoc & Named>(id);
      const before = (await ref.get()).data;
      if (!before) return refused('NOT_FOUND');
      const renamed = change.name !== undefined && change.name !== before.name;
      const copies: CopiesProgress | undefined = renamed ? { run: newId('run'), stage: 0, after: null } : undefined;
      await ref.update({ ...change, ...(copies ? { copies: _().set(copies), copiesPending: true } : {}) });
      const pick = (b: Partial<BuildingDoc>) => ({ name: b.name, floors: b.floors, communityId: b.communityId, communityName: b.communityName });
      await auditIn(tx, { ...by, action: 'org.updateBuilding', target: { collection: Collections.buildings, id }, before: pick(before), after: pick({ ...before, ...change }) }, now);
      return applied({ before, after: { ...before, ...change, ...(copies ? { copiesPending: true } : {}) } });
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /**
   * Carries a rename's copies forward by at most `pages` pages: each page reads the next copies by
   * `_id` (index-served), rewrites those that differ in one write by `_id`, and stores the progress
   * on the renamed document only if its run is still current (a newer rename starts over, and this
   * run stops). Answers whether copies remain; any call resumes where the last stopped.
   */
  async syncCopies(kind: CopyKind, id: string, pages: number): Promise<{ pending: boolean }> {
    const source = coll(SOURCE[kind]);
    for (let page = 0; page < pages; page += 1) {
      const doc = await first<Named & { copiesPending?: boolean }>(source.doc(id).field({ name: true, copies: true, copiesPending: true }).get());
      const progress = doc?.copies;
      if (!doc || !progress) return { pending: false };
      const step = COPIES[kind][progress.stage];
      if (!step) {
        // Every copy is done: clear the run, unless a newer rename replaced it meanwhile.
        await source.where({ _id: id, 'copies.run': progress.run }).update({ copies: null, copiesPending: false });
        continue;
      }
      const base = step.where(id);
      const where = progress.after ? _().and([base, { _id: _().gt(progress.after) }]) : base;
      const { data } = await coll(step.collection).where(where).field({ _id: true, [step.field]: true }).orderBy('_id', 'asc').limit(COPY_PAGE).get();
      const docs = data as Array<Record<string, unknown> & { _id: string }>;
      const stale = docs.filter((d) => valueAt(d, step.field) !== doc.name).map((d) => d._id);
      if (stale.length) await coll(step.collection).where({ _id: _().in(stale) }).update({ [step.field]: doc.name });
      const last = docs[docs.length - 1];
      const next: CopiesProgress = docs.length === COPY_PAGE && last ? { ...progress, after: last._id } : { run: progress.run, stage: progress.stage + 1, after: null };
      const { updated } = (await source.where({ _id: id, 'copies.run': progress.run }).update({ copies: _().set(next) })) as { updated: number };
      if (!updated) return { pending: true };
    }
    const doc = await first<Named>(source.doc(id).field({ copies: true }).get());
    return { pending: !!doc?.copies };
  },

  // ---- rooms ----

  /** The building's rooms with these numbers (any floor), by index by_building_number. */
  async roomsNumbered(buildingId: string, numbers: string[]): Promise<RoomDoc[]> {
    if (!numbers.length) return [];
    const { data } = await coll(Collections.rooms).where({ buildingId, number: _().in(numbers) }).field(ROOM_FIELDS).limit(numbers.length).get();
    return data as RoomDoc[];
  },

  roomById(id: string): Promise<RoomDoc | null> {
    return first<RoomDoc>(coll(Collections.rooms).doc(id).field(ROOM_FIELDS).get());
  },

  /**
   * Adds a floor's rooms, each with its plaque (the code made by `codeOf`), in one transaction with
   * one audit record. The transaction writes the building, so two adds to one building serialise:
   * the one retried sees the other's rooms and adds only what is still missing (the same range twice
   * adds nothing the second time).
   */
  async addRooms(
    building: Pick<BuildingDoc, '_id' | 'name'>,
    floor: number,
    numbers: string[],
    codeOf: () => string,
    by: Auditor,
    now: Date,
  ): Promise<RepoResult<{ added: string[]; existing: string[] }, 'NOT_FOUND' | 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx): Promise<RepoResult<{ added: string[]; existing: string[] }, 'NOT_FOUND'>> => {
      const ref = tx.collection(Collections.buildings).doc<BuildingDoc & { roomsChangedAt?: Date }>(building._id);
      if (!(await ref.get()).data) return refused('NOT_FOUND');
      const existing = new Set((await this.roomsNumbered(building._id, numbers)).map((r) => r.number));
      const added = numbers.filter((n) => !existing.has(n));
      if (!added.length) return applied({ added, existing: [...existing] });
      await ref.update({ roomsChangedAt: now });
      const ids: string[] = [];
      for (const number of added) {
        const code = codeOf();
        const room: RoomDoc = { _id: newId('r'), buildingId: building._id, floor, number, plaqueCode: code, plaqueIssuedAt: now, closedAt: null };
        const plaque: PlaqueDoc = {
          _id: code, roomId: room._id, buildingId: building._id, status: 'active', issuedAt: now, retiredAt: null,
          room: { number, floor, buildingName: building.name }, roomAwards: [], roomFlagged: false,
        };
        await tx.collection(Collections.rooms).add(room);
        await tx.collection(Collections.plaques).add(plaque);
        ids.push(room._id);
      }
      const target = { collection: Collections.buildings, id: building._id };
      await auditIn(tx, { ...by, action: 'org.addRooms', target, before: null, after: { floor, numbers: added, roomIds: ids } }, now);
      return applied({ added, existing: [...existing] });
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /**
   * Renames a room (number, floor) with its copies in the same transaction: the active plaque's room
   * and the residents' member profiles (a room holds a handful). The building is written too, so a
   * rename and an add of the same number serialise; the number must still be free when it commits.
   */
  async renameRoom(
    roomId: string,
    change: { number: string; floor: number },
    by: Auditor,
    now: Date,
  ): Promise<RepoResult<null, 'NOT_FOUND' | 'TAKEN' | 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx): Promise<RepoResult<null, 'NOT_FOUND' | 'TAKEN'>> => {
      const ref = tx.collection(Collections.rooms).doc<RoomDoc>(roomId);
      const room = (await ref.get()).data;
      if (!room) return refused('NOT_FOUND');
      const clash = (await this.roomsNumbered(room.buildingId, [change.number])).filter((r) => r._id !== roomId);
      if (clash.length) return refused('TAKEN');
      await tx.collection(Collections.buildings).doc(room.buildingId).update({ roomsChangedAt: now });
      await ref.update(change);
      const plaque = tx.collection(Collections.plaques).doc<PlaqueDoc>(room.plaqueCode);
      const current = (await plaque.get()).data;
      if (current) await plaque.update({ room: { ...current.room, number: change.number, floor: change.floor } });
      for (const m of await residentsOf(roomId)) await tx.collection(Collections.members).doc(m).update({ roomNumber: change.number, floor: change.floor });
      const target = { collection: Collections.rooms, id: roomId };
      await auditIn(tx, { ...by, action: 'org.renameRoom', target, before: { number: room.number, floor: room.floor }, after: change }, now);
      return applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /**
   * Closes a room (its plaque retired, so a scan says the code is no longer used) or opens it again
   * (the same code active again), with the audit record, in one transaction. Idempotent. A room
   * someone still lives in is not closed (HAS_RESIDENTS).
   */
  async setRoomClosed(roomId: string, closed: boolean, reason: string | null, by: Auditor, now: Date): Promise<RepoResult<{ changed: boolean }, 'NOT_FOUND' | 'HAS_RESIDENTS' | 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx): Promise<RepoResult<{ changed: boolean }, 'NOT_FOUND' | 'HAS_RESIDENTS'>> => {
      const ref = tx.collection(Collections.rooms).doc<RoomDoc>(roomId);
      const room = (await ref.get()).data;
      if (!room) return refused('NOT_FOUND');
      if (!!room.closedAt === closed) return applied({ changed: false });
      if (closed && (await roomHasResidents(roomId))) return refused('HAS_RESIDENTS');
      await ref.update({ closedAt: closed ? now : null });
      const plaque = tx.collection(Collections.plaques).doc<PlaqueDoc>(room.plaqueCode);
      if ((await plaque.get()).data) await plaque.update(closed ? { status: 'retired', retiredAt: now } : { status: 'active', retiredAt: null });
      const target = { collection: Collections.rooms, id: roomId };
      const state = (c: boolean) => ({ closed: c, plaqueCode: room.plaqueCode });
      await auditIn(tx, { ...by, action: closed ? 'org.closeRoom' : 'org.reopenRoom', target, before: state(!closed), after: state(closed), ...(reason ? { reason } : {}) }, now);
      return applied({ changed: true });
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  // ---- branches and groups ----

  branchById(id: string): Promise<BranchDoc | null> {
    return first<BranchDoc>(coll(Collections.branches).doc(id).field(BRANCH_FIELDS).get());
  },

  groupById(id: string): Promise<GroupDoc | null> {
    return first<GroupDoc>(coll(Collections.groups).doc(id).field(GROUP_FIELDS).get());
  },

  /** A building's branch of this name, if any (index by_building_name). */
  async branchNamed(buildingId: string, name: string): Promise<BranchDoc | null> {
    const { data } = await coll(Collections.branches).where({ buildingId, name }).field(BRANCH_FIELDS).limit(1).get();
    return (data[0] as BranchDoc | undefined) ?? null;
  },

  /** A branch's group of this name on this floor, if any (index by_branch_floor). */
  async groupNamed(branchId: string, floor: number, name: string): Promise<GroupDoc | null> {
    const { data } = await coll(Collections.groups).where({ branchId, floor, name }).field(GROUP_FIELDS).limit(1).get();
    return (data[0] as GroupDoc | undefined) ?? null;
  },

  /** A building's branches by (name, _id), `limit` after the cursor, plus one to know if a page follows (index by_building_name). */
  async branchesPage(buildingId: string, after: { key: string; id: string } | null, limit: number): Promise<{ items: BranchDoc[]; more: boolean }> {
    const c = _();
    const where = after ? c.and([{ buildingId }, c.or([{ name: c.gt(after.key) }, { name: after.key, _id: c.gt(after.id) }])]) : { buildingId };
    const { data } = await coll(Collections.branches).where(where).field(BRANCH_FIELDS).orderBy('name', 'asc').orderBy('_id', 'asc').limit(limit + 1).get();
    const docs = data as BranchDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /** A branch's groups by (floor, name, _id) (index by_branch_floor). */
  async groupsPage(branchId: string, after: { floor: number; number: string; id: string } | null, limit: number): Promise<{ items: GroupDoc[]; more: boolean }> {
    const c = _();
    const where = after
      ? c.and([{ branchId }, c.or([{ floor: c.gt(after.floor) }, { floor: after.floor, name: c.gt(after.number) }, { floor: after.floor, name: after.number, _id: c.gt(after.id) }])])
      : { branchId };
    const { data } = await coll(Collections.groups).where(where).field(GROUP_FIELDS).orderBy('floor', 'asc').orderBy('name', 'asc').orderBy('_id', 'asc').limit(limit + 1).get();
    const docs = data as GroupDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  async createBranch(branch: BranchDoc, by: Auditor, now: Date): Promise<RepoResult<null, 'CONFLICT'>> {
    return createIn(Collections.branches, 'org.createBranch', branch, by, now);
  },

  async createGroup(group: GroupDoc, by: Auditor, now: Date): Promise<RepoResult<null, 'CONFLICT'>> {
    return createIn(Collections.groups, 'org.createGroup', group, by, now);
  },

  /** Renames a branch or group and starts the run that updates the members' copies (`syncCopies`). */
  async rename(kind: 'branch' | 'group', id: string, name: string, by: Auditor, now: Date): Promise<RepoResult<{ changed: boolean }, 'NOT_FOUND' | 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx): Promise<RepoResult<{ changed: boolean }, 'NOT_FOUND'>> => {
      const ref = tx.collection(SOURCE[kind]).doc<Named>(id);
      const before = (await ref.get()).data;
      if (!before) return refused('NOT_FOUND');
      if (before.name === name) return applied({ changed: false });
      await ref.update({ name, copies: _().set({ run: newId('run'), stage: 0, after: null }), copiesPending: true });
      await auditIn(tx, { ...by, action: `org.rename${kind === 'branch' ? 'Branch' : 'Group'}`, target: { collection: SOURCE[kind], id }, before: { name: before.name }, after: { name } }, now);
      return applied({ changed: true });
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /**
   * Closes a branch or group (kept, with its history; it drops out of pickers), audited. Idempotent.
   * Not while members are in it (HAS_MEMBERS) or, for a branch, groups of it are open (HAS_GROUPS).
   */
  async close(kind: 'branch' | 'group', id: string, by: Auditor, now: Date): Promise<RepoResult<{ changed: boolean }, 'NOT_FOUND' | 'HAS_MEMBERS' | 'HAS_GROUPS' | 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx): Promise<RepoResult<{ changed: boolean }, 'NOT_FOUND' | 'HAS_MEMBERS' | 'HAS_GROUPS'>> => {
      const ref = tx.collection(SOURCE[kind]).doc<BranchDoc | GroupDoc>(id);
      const before = (await ref.get()).data;
      if (!before) return refused('NOT_FOUND');
      if (before.closedAt) return applied({ changed: false });
      const used = await inUse(kind, id);
      if (used) return refused(used);
      await ref.update({ closedAt: now });
      await auditIn(tx, { ...by, action: `org.close${kind === 'branch' ? 'Branch' : 'Group'}`, target: { collection: SOURCE[kind], id }, before: { closedAt: null }, after: { closedAt: now } }, now);
      return applied({ changed: true });
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  // ---- counselors' scopes ----

  /** Sets a counselor's buildings, audited; the router reads the user at every call, so the next request has the new scope. */
  async setCounselorBuildings(userId: string, buildingIds: string[], by: Auditor, now: Date): Promise<RepoResult<{ before: string[] }, 'NOT_FOUND' | 'NOT_COUNSELOR' | 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx): Promise<RepoResult<{ before: string[] }, 'NOT_FOUND' | 'NOT_COUNSELOR'>> => {
      const ref = tx.collection(Collections.users).doc<UserDoc>(userId);
      const user = (await ref.get()).data;
      if (!user) return refused('NOT_FOUND');
      if (user.role !== 'counselor') return refused('NOT_COUNSELOR');
      await ref.update({ buildingIds: _().set(buildingIds), updatedAt: now });
      const target = { collection: Collections.users, id: userId };
      await auditIn(tx, { ...by, action: 'org.setCounselorBuildings', target, before: { buildingIds: user.buildingIds }, after: { buildingIds } }, now);
      return applied({ before: user.buildingIds });
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },
};

async function createIn(collection: string, action: string, doc: { _id: string }, by: Auditor, now: Date): Promise<RepoResult<null, 'CONFLICT'>> {
  const { _id, ...after } = doc;
  const outcome = await inTransaction(async (tx: Tx) => {
    await tx.collection(collection).add(doc);
    await auditIn(tx, { ...by, action, target: { collection, id: _id }, before: null, after }, now);
    return applied();
  });
  return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
}

/** The member profiles living in a room (index by_room; a room holds a handful). */
async function residentsOf(roomId: string): Promise<string[]> {
  const { data } = await coll(Collections.members).where({ roomId }).field({ _id: true }).limit(20).get();
  return (data as Array<{ _id: string }>).map((m) => m._id);
}

function valueAt(doc: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), doc);
}

export const newOrgId = newId;
