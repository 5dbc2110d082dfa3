import { countsAsConfirmed, coverageAfter, visitMonth, type CoverageFilter, type VisitStatus, type VisitTopic } from '../../../src/shared/domain/visits';
import type { Auditor } from '../audit';
import { Collections } from '../collections';
import type { KeyCursor, PageCursor } from '../cursor';
import type { BuildingDoc, MemberDoc, RoomDoc } from '../docs';
import { linkCoverageId, newCoverage, newRoomCoverage, type LinkCoverageDoc, type RoomCoverageDoc } from '../visit-coverage-docs';

export { linkCoverageId, newCoverage, newRoomCoverage, type LinkCoverageDoc, type RoomCoverageDoc };
import { isDuplicateKey } from '../db-errors';
import { newId } from '../ids';
import { database } from '../sdk';
import { auditIn } from './audit';
import { byIdsIn, first, inTransaction, isTxConflict, type Tx } from './base';
import { applied, refused, type RepoResult } from './outcome';

/** A member's link to a room (联系寝室): a record from..until; a change ends it and adds new ones. */
export interface VisitLinkDoc {
  _id: string;
  memberId: string;
  memberName: string;
  roomId: string;
  roomNumber: string;
  buildingId: string;
  from: Date;
  until: Date | null;
  createdBy: string;
  endedBy: string | null;
  reason: string | null;
}

/** A visit as recorded; `status` and `correction` are the projection of its answer and corrections. */
export interface VisitDoc {
  _id: string;
  memberId: string;
  memberName: string;
  roomId: string;
  roomNumber: string;
  buildingId: string;
  topic: VisitTopic;
  note: string;
  at: Date;
  /** The scanned plaque code; null for a make-up (补录). */
  plaqueCode: string | null;
  makeUp: { by: string; reason: string } | null;
  status: VisitStatus;
  correction: { id: string; status: VisitStatus; reason: string; at: Date } | null;
  createdAt: Date;
}

/** A resident's answer; `_id` is the visit's, so a visit has one answer whoever races for it. */
export interface VisitAnswerDoc {
  _id: string;
  userId: string;
  happened: boolean;
  at: Date;
}

export interface VisitCorrectionDoc {
  _id: string;
  visitId: string;
  before: VisitStatus;
  after: VisitStatus;
  reason: string;
  by: string;
  at: Date;
}

/** Confirmed visits of one member to one room, per month (`month_member_room`) and overall (`all_member_room`). */
export interface VisitTallyDoc {
  _id: string;
  memberId: string;
  roomId: string;
  month: string | null;
  confirmed: number;
}

export const tallyId = (month: string | null, memberId: string, roomId: string) => `${month ?? 'all'}_${memberId}_${roomId}`;

const withoutId = <T extends { _id: string }>({ _id, ...rest }: T): Omit<T, '_id'> => rest;

const LINK_MEMBER_FIELDS = { name: true, buildingId: true, roomId: true, roomNumber: true, linkedRoomIds: true, userId: true } as const;
export type LinkMemberDoc = Pick<MemberDoc, '_id' | keyof typeof LINK_MEMBER_FIELDS>;
export type LinkRoom = Pick<RoomDoc, '_id' | 'number' | 'buildingId'> & { buildingName: string };

const coll = (name: string) => database().collection(name);

/** Adds `delta` confirmed visits to the member's tallies for the visit's month and overall, and to the link's and the room's coverage. */
async function bumpTallies(tx: Tx, visit: Pick<VisitDoc, 'memberId' | 'memberName' | 'roomId' | 'roomNumber' | 'buildingId' | 'at'>, delta: number): Promise<void> {
  if (delta === 0) return;
  for (const month of [visitMonth(visit.at), null]) {
    const ref = tx.collection(Collections.visitsTallies).doc<VisitTallyDoc>(tallyId(month, visit.memberId, visit.roomId));
    const current = (await ref.get()).data;
    if (current) await ref.update({ confirmed: current.confirmed + delta });
    else await ref.set({ memberId: visit.memberId, roomId: visit.roomId, month, confirmed: delta });
  }
  const month = visitMonth(visit.at);
  const linkRef = tx.collection(Collections.visitsCoverage).doc<LinkCoverageDoc>(linkCoverageId(visit.memberId, visit.roomId));
  // A link set before the projection existed has none: it starts closed (setLinks opens it).
  const link = (await linkRef.get()).data ?? { ...newCoverage({ ...visit, _id: '', from: null }), open: false, linkId: null };
  await linkRef.set(withoutId({ ...link, ...coverageAfter(link, month, delta) }));
  const roomRef = tx.collection(Collections.visitsRoomCoverage).doc<RoomCoverageDoc>(visit.roomId);
  const room = (await roomRef.get()).data ?? newRoomCoverage({ _id: visit.roomId, buildingId: visit.buildingId, number: visit.roomNumber }, []);
  await roomRef.set(withoutId({ ...room, ...coverageAfter(room, month, delta) }));
}

/** A new link record opens the link's coverage (its counts stay from earlier links) and adds the member to the room's. */
async function openCoverage(tx: Tx, link: VisitLinkDoc, room: LinkRoom): Promise<void> {
  const ref = tx.collection(Collections.visitsCoverage).doc<LinkCoverageDoc>(linkCoverageId(link.memberId, link.roomId));
  const fresh = newCoverage(link);
  const before = (await ref.get()).data;
  await ref.set(withoutId(before ? { ...fresh, months: before.months, confirmed: before.confirmed, lastMet: before.lastMet, everVisited: before.everVisited } : fresh));
  const roomRef = tx.collection(Collections.visitsRoomCoverage).doc<RoomCoverageDoc>(room._id);
  const roomBefore = (await roomRef.get()).data ?? newRoomCoverage(room, []);
  const members = [...roomBefore.members.filter((m) => m.id !== link.memberId), { id: link.memberId, name: link.memberName }];
  await roomRef.set(withoutId({ ...roomBefore, roomNumber: room.number, members, open: true }));
}

/** An ended link record closes the link's coverage and takes the member off the room's. */
async function closeCoverage(tx: Tx, link: VisitLinkDoc): Promise<void> {
  const ref = tx.collection(Collections.visitsCoverage).doc<LinkCoverageDoc>(linkCoverageId(link.memberId, link.roomId));
  if ((await ref.get()).data) await ref.update({ open: false, linkId: null });
  const roomRef = tx.collection(Collections.visitsRoomCoverage).doc<RoomCoverageDoc>(link.roomId);
  const room = (await roomRef.get()).data;
  if (!room) return;
  const members = room.members.filter((m) => m.id !== link.memberId);
  await roomRef.set(withoutId({ ...room, members, open: members.length > 0 }));
}

const delta = (before: VisitStatus, after: VisitStatus) => Number(countsAsConfirmed(after)) - Number(countsAsConfirmed(before));

export const visitsRepo = {
  memberForLinks(memberId: string): Promise<LinkMemberDoc | null> {
    return first<LinkMemberDoc>(coll(Collections.members).doc(memberId).field(LINK_MEMBER_FIELDS).get());
  },

  /** Rooms with their building's name: one read for the rooms, one for their buildings. */
  async rooms(ids: string[]): Promise<LinkRoom[]> {
    if (ids.length === 0) return [];
    const rooms = await byIdsIn<RoomDoc>(Collections.rooms, ids, { number: true, buildingId: true });
    const buildings = await byIdsIn<BuildingDoc>(Collections.buildings, rooms.map((r) => r.buildingId), { name: true });
    const names = new Map(buildings.map((b) => [b._id, b.name]));
    const byId = new Map(rooms.map((r) => [r._id, { _id: r._id, number: r.number, buildingId: r.buildingId, buildingName: names.get(r.buildingId) ?? '' }]));
    return ids.map((id) => byId.get(id)).filter((r): r is LinkRoom => !!r);
  },

  /** The member's open link records (index by_member_until). */
  async openLinks(memberId: string): Promise<VisitLinkDoc[]> {
    const { data } = await coll(Collections.visitsLinks).where({ memberId, until: null }).limit(20).get();
    return data as VisitLinkDoc[];
  },

  /**
   * Makes `rooms` the member's links in one transaction: open records of rooms that stay are kept,
   * the others end (until = now), new rooms get new records; the member's linkedRoomIds and
   * plaqueRoomIds follow; audited. `expected` is the linkedRoomIds the caller read: if they changed
   * meanwhile, CONFLICT (the open records read before may be stale).
   */
  async setLinks(
    req: { member: LinkMemberDoc; rooms: LinkRoom[]; open: VisitLinkDoc[]; reason: string | null; by: Auditor & { userId: string } },
    now: Date,
  ): Promise<RepoResult<null, 'MISSING' | 'CONFLICT'>> {
    const { member, rooms, open, by } = req;
    const outcome = await inTransaction(async (tx): Promise<RepoResult<null, 'MISSING' | 'CONFLICT'>> => {
      const ref = tx.collection(Collections.members).doc<MemberDoc>(member._id);
      const current = (await ref.get()).data;
      if (!current) return refused('MISSING');
      if (JSON.stringify(current.linkedRoomIds ?? []) !== JSON.stringify(member.linkedRoomIds ?? [])) return refused('CONFLICT');
      const keep = new Set(rooms.map((r) => r._id));
      for (const link of open) {
        if (!keep.has(link.roomId)) await tx.collection(Collections.visitsLinks).doc<VisitLinkDoc>(link._id).update({ until: now, endedBy: by.userId });
      }
      const stillOpen = new Set(open.filter((l) => keep.has(l.roomId)).map((l) => l.roomId));
      for (const room of rooms) {
        if (stillOpen.has(room._id)) continue;
        const link: VisitLinkDoc = {
          _id: newId(), memberId: member._id, memberName: current.name, roomId: room._id, roomNumber: room.number, buildingId: room.buildingId,
          from: now, until: null, createdBy: by.userId, endedBy: null, reason: req.reason,
        };
        await tx.collection(Collections.visitsLinks).add(link);
        await openCoverage(tx, link, room);
      }
      for (const link of open) if (!keep.has(link.roomId)) await closeCoverage(tx, link);
      const linkedRoomIds = rooms.map((r) => r._id);
      await ref.update({ linkedRoomIds, plaqueRoomIds: [current.roomId, ...linkedRoomIds] });
      await auditIn(tx, {
        actorOpenid: by.actorOpenid, actorRole: by.actorRole, action: 'checkin.setLinks', target: { collection: Collections.members, id: member._id }, buildingId: current.buildingId,
        before: { linkedRoomIds: current.linkedRoomIds ?? [] }, after: { linkedRoomIds }, ...(req.reason ? { reason: req.reason } : {}),
      }, now);
      return applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /** Members of a building by `_id` (index by_building_id), `limit` after the cursor's id. */
  async membersOfBuilding(buildingId: string, afterId: string | null, limit: number): Promise<{ items: LinkMemberDoc[]; more: boolean }> {
    const _ = database().command;
    const where = afterId ? { buildingId, _id: _.gt(afterId) } : { buildingId };
    const { data } = await coll(Collections.members).where(where).field(LINK_MEMBER_FIELDS).orderBy('_id', 'asc').limit(limit + 1).get();
    const docs = data as LinkMemberDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  async createVisit(visit: VisitDoc): Promise<void> {
    await coll(Collections.visitsRecords).add(visit);
  },

  visit(id: string): Promise<VisitDoc | null> {
    return first<VisitDoc>(coll(Collections.visitsRecords).doc(id).get());
  },

  /**
   * A resident's answer, once per visit: the answer record (its `_id` is the visit's), the visit's
   * status and the tallies in one transaction. `refusal` is the caller's rule (who may answer, the
   * 72 hours), checked on the visit read inside the transaction. A second answer finds the visit
   * answered: ANSWERED with the visit (the same answer is an idempotent success, another a conflict).
   */
  async answer<R extends string>(
    visitId: string,
    answer: { userId: string; happened: boolean },
    refusal: (visit: VisitDoc) => R | null,
    now: Date,
  ): Promise<{ ok: true; value: VisitDoc } | { ok: false; code: 'MISSING' | 'ANSWERED' | 'CONFLICT' | R; visit?: VisitDoc }> {
    type Outcome = { ok: true; value: VisitDoc } | { ok: false; code: 'MISSING' | 'ANSWERED' | R; visit?: VisitDoc };
    try {
      const outcome = await inTransaction(async (tx): Promise<Outcome> => {
        const ref = tx.collection(Collections.visitsRecords).doc<VisitDoc>(visitId);
        const visit = (await ref.get()).data;
        if (!visit) return refused('MISSING');
        const no = refusal(visit);
        if (no) return refused(no);
        if (visit.status !== 'pending') return { ...refused('ANSWERED'), visit };
        const status: VisitStatus = answer.happened ? 'confirmed' : 'denied';
        const record: VisitAnswerDoc = { _id: visitId, userId: answer.userId, happened: answer.happened, at: now };
        await tx.collection(Collections.visitsAnswers).add(record);
        await ref.update({ status });
        await bumpTallies(tx, visit, delta('pending', status));
        return applied({ ...visit, status });
      });
      return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
    } catch (err) {
      // Someone else's answer took the fixed id first.
      if (isDuplicateKey(err)) return refused('ANSWERED');
      throw err;
    }
  },

  /** A counselor's correction: a new record with reason and author; the visit's projection follows; audited. */
  async correct(
    req: { visitId: string; status: VisitStatus; reason: string; by: Auditor & { userId: string } },
    now: Date,
  ): Promise<RepoResult<VisitDoc, 'MISSING' | 'SAME' | 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx): Promise<RepoResult<VisitDoc, 'MISSING' | 'SAME' | 'CONFLICT'>> => {
      const ref = tx.collection(Collections.visitsRecords).doc<VisitDoc>(req.visitId);
      const visit = (await ref.get()).data;
      if (!visit) return refused('MISSING');
      if (visit.status === req.status) return refused('SAME');
      const correction: VisitCorrectionDoc = { _id: newId(), visitId: visit._id, before: visit.status, after: req.status, reason: req.reason, by: req.by.userId, at: now };
      await tx.collection(Collections.visitsCorrections).add(correction);
      const projection = { status: req.status, correction: { id: correction._id, status: req.status, reason: req.reason, at: now } };
      // set: the whole object replaces the null (an update would merge into it field by field).
      await ref.update({ status: projection.status, correction: database().command.set(projection.correction) });
      await bumpTallies(tx, visit, delta(visit.status, req.status));
      await auditIn(tx, {
        actorOpenid: req.by.actorOpenid, actorRole: req.by.actorRole, action: 'checkin.correctVisit', target: { collection: Collections.visitsRecords, id: visit._id }, buildingId: visit.buildingId,
        before: { status: visit.status }, after: { status: req.status, correctionId: correction._id }, reason: req.reason,
      }, now);
      return applied({ ...visit, ...projection });
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /** A make-up visit (补录): a new confirmed record with its reason and author, the tallies and the audit in one transaction. */
  async makeUp(visit: VisitDoc, by: Auditor, now: Date): Promise<RepoResult<null, 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx) => {
      await tx.collection(Collections.visitsRecords).add(visit);
      await bumpTallies(tx, visit, delta('pending', visit.status));
      await auditIn(tx, {
        ...by, action: 'checkin.makeUpVisit', target: { collection: Collections.visitsRecords, id: visit._id }, buildingId: visit.buildingId,
        before: null, after: { memberId: visit.memberId, roomId: visit.roomId, at: visit.at, status: visit.status }, reason: visit.makeUp?.reason,
      }, now);
      return applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /** Pending visits to a room since `since`, newest first (index by_room_status_at). */
  async pendingForRoom(roomId: string, since: Date, after: PageCursor | null, limit: number): Promise<{ items: VisitDoc[]; more: boolean }> {
    const _ = database().command;
    const base = { roomId, status: 'pending', at: _.gte(since) };
    const where = after ? _.and([base, _.or([{ at: _.lt(after.at) }, { at: after.at, _id: _.lt(after.id) }])]) : base;
    const { data } = await coll(Collections.visitsRecords).where(where).orderBy('at', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
    const docs = data as VisitDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /** A member's visits, newest first (index by_member_at). */
  async ofMember(memberId: string, after: PageCursor | null, limit: number): Promise<{ items: VisitDoc[]; more: boolean }> {
    const _ = database().command;
    const base = { memberId };
    const where = after ? _.and([base, _.or([{ at: _.lt(after.at) }, { at: after.at, _id: _.lt(after.id) }])]) : base;
    const { data } = await coll(Collections.visitsRecords).where(where).orderBy('at', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
    const docs = data as VisitDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /** A building's open links, newest first (index by_building_until_from). */
  async openLinksOfBuilding(buildingId: string, after: PageCursor | null, limit: number): Promise<{ items: VisitLinkDoc[]; more: boolean }> {
    const _ = database().command;
    const base = { buildingId, until: null };
    const where = after ? _.and([base, _.or([{ from: _.lt(after.at) }, { from: after.at, _id: _.lt(after.id) }])]) : base;
    const { data } = await coll(Collections.visitsLinks).where(where).orderBy('from', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
    const docs = data as VisitLinkDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /**
   * A building's open links under a coverage filter, longest behind first: by (lastMet, _id) on
   * visits_coverage.by_building_open_lastmet (未达标: lastMet before `month`) or by_building_open_ever
   * (从未走访), so a page reads only its rows.
   */
  async linkCoveragePage(buildingId: string, filter: CoverageFilter, month: string, after: KeyCursor | null, limit: number): Promise<{ items: LinkCoverageDoc[]; more: boolean }> {
    return coveragePage<LinkCoverageDoc>(Collections.visitsCoverage, buildingId, filter, month, after, limit);
  },

  /** A building's linked rooms (open: someone links them now), all or under a coverage filter, longest behind first. */
  async roomCoveragePage(buildingId: string, filter: CoverageFilter | null, month: string, after: KeyCursor | null, limit: number): Promise<{ items: RoomCoverageDoc[]; more: boolean }> {
    return coveragePage<RoomCoverageDoc>(Collections.visitsRoomCoverage, buildingId, filter, month, after, limit);
  },

  async tallies(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const docs = await byIdsIn<VisitTallyDoc>(Collections.visitsTallies, ids, { confirmed: true });
    return new Map(docs.map((d) => [d._id, d.confirmed]));
  },
};

async function coveragePage<T extends { _id: string }>(
  collection: string,
  buildingId: string,
  filter: CoverageFilter | null,
  month: string,
  after: KeyCursor | null,
  limit: number,
): Promise<{ items: T[]; more: boolean }> {
  const _ = database().command;
  const base = { buildingId, open: true, ...(filter === 'behind' ? { lastMet: _.lt(month) } : filter === 'never' ? { everVisited: false } : {}) };
  const where = after ? _.and([base, _.or([{ lastMet: _.gt(after.key) }, { lastMet: after.key, _id: _.gt(after.id) }])]) : base;
  const { data } = await coll(collection).where(where).orderBy('lastMet', 'asc').orderBy('_id', 'asc').limit(limit + 1).get();
  const docs = data as T[];
  return { items: docs.slice(0, limit), more: docs.length > limit };
}
