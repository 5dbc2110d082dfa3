import { awardIds, isCurrent } from '../../../src/shared/domain/badges';
import { cstAt, cstMonthStart } from '../../../src/shared/domain/china-time';
import { DEFAULT_POINT_RULES, type PointRule, type PointSource } from '../../../src/shared/domain/points';
import type { MemberStatus } from '../../../src/shared/model';
import type { Auditor } from '../audit';
import { Collections } from '../collections';
import type { KeyCursor, PageCursor } from '../cursor';
import type { AwardDoc, MemberDoc } from '../docs';
import { database } from '../sdk';
import { auditIn } from './audit';
import { byIdsIn, first, ID_BATCH, inTransaction, isTxConflict } from './base';
import type { DutyRecordDoc } from './checkin-duty';
import type { RoomStateDoc } from './checkin-inspections';
import type { VisitDoc } from './checkin-visits';
import { FACT_MEMBER_FIELDS, type FactMemberDoc } from './develop-facts';
import { applied, refused, type RepoResult } from './outcome';

/** The school's points rules (`develop_point_rules`, `_id` 'rules'). */
export interface PointRulesDoc {
  _id: string;
  rules: PointRule[];
  updatedAt: Date;
  updatedBy: string;
}

/**
 * A member's points as last computed (`develop_points`, `_id` memberId): written whenever the ledger
 * is computed (the eligibility view, the sweep), so the counselor's list sorts on an index. `blockers`
 * are the labels of the checklist's blocking items at that time, but the room's flag (read live by the list).
 */
export interface PointsDoc {
  _id: string;
  name: string;
  buildingId: string;
  roomId: string;
  roomLabel: string;
  status: MemberStatus;
  points: number;
  blockers: string[];
  computedAt: Date;
}

/** Each kind of record the ledger reads is bounded: at most this many (the latest); the ledger says when it cut. */
export const LEDGER_WINDOW = 1000;

const coll = (name: string) => database().collection(name);
const RULES_ID = 'rules';
const SWEEP_ID = 'sweep';

export type SweepMemberDoc = FactMemberDoc;

export const pointsRepo = {
  async rules(): Promise<{ rules: PointRule[]; updatedAt: Date | null }> {
    const doc = await first<PointRulesDoc>(coll(Collections.developPointRules).doc(RULES_ID).get());
    return doc ? { rules: doc.rules, updatedAt: new Date(doc.updatedAt) } : { rules: [...DEFAULT_POINT_RULES], updatedAt: null };
  },

  /** An admin replaces the rules, audited in the same transaction. */
  async setRules(rules: PointRule[], by: Auditor & { userId: string }, now: Date): Promise<RepoResult<null, 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx) => {
      const ref = tx.collection(Collections.developPointRules).doc<PointRulesDoc>(RULES_ID);
      const before = (await ref.get()).data;
      await ref.set({ rules, updatedAt: now, updatedBy: by.userId });
      await auditIn(tx, { actorOpenid: by.actorOpenid, actorRole: by.actorRole, action: 'develop.setPointRules', target: { collection: Collections.developPointRules, id: RULES_ID }, before: before?.rules ?? null, after: rules }, now);
      return applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /**
   * The records a member's ledger is computed from, each with its source: approved entries
   * (by_member_status_date), current badges and stars (their award records by id; a star month with
   * no award record points at the member's own record of it), confirmed visits (by_member_at),
   * completed duty shifts (by_member_start) and the room's current 脏乱差 flag (its inspection).
   * Each kind reads at most LEDGER_WINDOW, latest first; `cut` says a kind had more.
   */
  async sources(member: FactMemberDoc, roomState: RoomStateDoc | null, now: Date): Promise<{ sources: PointSource[]; cut: boolean }> {
    // Every current award (not `shownAwards`, which shows each code once: each month's star counts).
    const current = (member.awards ?? []).filter((a) => isCurrent(a, now));
    const [entries, awards, visits, duty] = await Promise.all([
      coll(Collections.volunteerEntries).where({ memberId: member._id, status: 'approved' }).field({ date: true, start: true, title: true, approvedHours: true, hours: true, verified: true })
        .orderBy('date', 'desc').orderBy('start', 'desc').orderBy('_id', 'desc').limit(LEDGER_WINDOW).get(),
      byIdsIn<AwardDoc>(Collections.badgeAwards, current.map((a) => a.awardId), { code: true, name: true, source: true, sourceRef: true, awardedAt: true, revoked: true }),
      coll(Collections.visitsRecords).where({ memberId: member._id }).field({ roomNumber: true, at: true, status: true })
        .orderBy('at', 'desc').orderBy('_id', 'desc').limit(LEDGER_WINDOW).get(),
      coll(Collections.dutyRecords).where({ memberId: member._id }).field({ stationName: true, date: true, startAt: true, state: true })
        .orderBy('startAt', 'desc').orderBy('_id', 'desc').limit(LEDGER_WINDOW).get(),
    ]);
    const out: PointSource[] = [];
    for (const e of entries.data as Array<{ _id: string; date: string; start: string; title: string; approvedHours: number | null; hours: number; verified: boolean }>) {
      out.push({ kind: 'hour', units: e.approvedHours ?? e.hours, at: cstAt(e.date, '00:00'), label: `${e.title}（${e.date}，${e.verified ? '活动核验' : '自报审核'}）`, source: { collection: Collections.volunteerEntries, id: e._id } });
    }
    for (const a of awards) {
      if (a.revoked) continue;
      const star = a.source === 'star' || a.source === 'yearStar';
      out.push({ kind: star ? 'star' : 'badge', units: 1, at: new Date(a.awardedAt), label: a.name, source: { collection: Collections.badgeAwards, id: a._id } });
    }
    for (const month of member.stars ?? []) {
      if (awards.some((a) => a._id === awardIds.star(member._id, month) && !a.revoked)) continue;
      const [y, m] = month.split('-').map(Number);
      out.push({ kind: 'star', units: 1, at: cstMonthStart(y, m - 1), label: `${month} 每月之星`, source: { collection: Collections.members, id: member._id } });
    }
    for (const v of visits.data as Array<Pick<VisitDoc, '_id' | 'roomNumber' | 'at' | 'status'>>) {
      if (v.status === 'confirmed') out.push({ kind: 'visit', units: 1, at: new Date(v.at), label: `走访 ${v.roomNumber}`, source: { collection: Collections.visitsRecords, id: v._id } });
    }
    for (const d of duty.data as Array<Pick<DutyRecordDoc, '_id' | 'stationName' | 'date' | 'startAt' | 'state'>>) {
      if (d.state === 'completed') out.push({ kind: 'duty', units: 1, at: new Date(d.startAt), label: `${d.stationName} 值班（${d.date}）`, source: { collection: Collections.dutyRecords, id: d._id } });
    }
    if (roomState?.flagged && roomState.flagInspectionId) {
      out.push({ kind: 'flag', units: 1, at: new Date(roomState.flaggedAt ?? now), label: `寝室 ${roomState.roomLabel} 被评为“脏乱差”`, source: { collection: Collections.inspectionsRecords, id: roomState.flagInspectionId } });
    }
    const cut = [entries.data, visits.data, duty.data].some((d) => d.length >= LEDGER_WINDOW);
    return { sources: out, cut };
  },

  /** Keeps the member's points projection (a plain write: the projection is recomputed whole each time). */
  async saveProjection(doc: PointsDoc): Promise<void> {
    const { _id, ...body } = doc;
    await coll(Collections.developPoints).doc(_id).set(body);
  },

  async projection(memberId: string): Promise<PointsDoc | null> {
    return first<PointsDoc>(coll(Collections.developPoints).doc(memberId).get());
  },

  /**
   * Members of one status in scope by points, highest first, then `_id` (index
   * by_building_status_points; by_status_points for all), `limit` after the cursor.
   */
  async byPoints(scope: { all: true } | { all: false; ids: string[] }, status: MemberStatus, after: KeyCursor | null, limit: number): Promise<{ items: PointsDoc[]; more: boolean }> {
    if (!scope.all && scope.ids.length === 0) return { items: [], more: false };
    const _ = database().command;
    const base = { ...(scope.all ? {} : { buildingId: scope.ids.length === 1 ? scope.ids[0] : _.in(scope.ids) }), status };
    const where = after ? _.and([base, _.or([{ points: _.lt(Number(after.key)) }, { points: Number(after.key), _id: _.lt(after.id) }])]) : base;
    const { data } = await coll(Collections.developPoints).where(where).orderBy('points', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
    const docs = data as PointsDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /** The current status and room of members by id (a projection's status may be older than the member's). */
  membersNow(ids: string[]): Promise<Array<Pick<MemberDoc, '_id' | 'status' | 'roomId'>>> {
    return byIdsIn(Collections.members, ids, { status: true, roomId: true });
  },

  /** Flag states of rooms by id (the lists show a flag live, not as last computed). */
  async flagged(roomIds: string[]): Promise<Set<string>> {
    const docs = await byIdsIn<Pick<RoomStateDoc, '_id' | 'flagged'>>(Collections.inspectionsRooms, roomIds, { flagged: true });
    return new Set(docs.filter((d) => d.flagged).map((d) => d._id));
  },

  /**
   * Probationary members in scope who began probation before `startedBefore` (so due by a bound),
   * earliest first, then `_id` (index by_building_status_start; by_status_start for all).
   */
  async probationaryDue(scope: { all: true } | { all: false; ids: string[] }, startedBefore: Date, after: PageCursor | null, limit: number): Promise<{ items: FactMemberDoc[]; more: boolean }> {
    if (!scope.all && scope.ids.length === 0) return { items: [], more: false };
    const _ = database().command;
    const base = { ...(scope.all ? {} : { buildingId: scope.ids.length === 1 ? scope.ids[0] : _.in(scope.ids) }), status: 'probationary' };
    const range = after ? _.or([{ probationStartedAt: _.gt(after.at) }, { probationStartedAt: after.at, _id: _.gt(after.id) }]) : { probationStartedAt: _.gte(new Date(0)) };
    const { data } = await coll(Collections.members).where(_.and([base, range, { probationStartedAt: _.lt(startedBefore) }])).field(FACT_MEMBER_FIELDS)
      .orderBy('probationStartedAt', 'asc').orderBy('_id', 'asc').limit(limit + 1).get();
    const docs = data as FactMemberDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /** The sweep's next members (activists, candidates, probationary), in `_id` order after its stored cursor (index by_status_id). */
  async sweepBatch(status: MemberStatus, afterId: string | null, limit: number): Promise<FactMemberDoc[]> {
    const _ = database().command;
    const where = afterId ? { status, _id: _.gt(afterId) } : { status };
    const { data } = await coll(Collections.members).where(where).field(FACT_MEMBER_FIELDS).orderBy('_id', 'asc').limit(Math.min(limit, ID_BATCH)).get();
    return data as FactMemberDoc[];
  },

  /** Members by id with what the facts and the ledger read (the dirty sweep's marked members). */
  membersForFacts(ids: string[]): Promise<FactMemberDoc[]> {
    return byIdsIn<FactMemberDoc>(Collections.members, ids, FACT_MEMBER_FIELDS);
  },

  /** A room's residents with what the facts read (index by_room; a room has a handful). */
  async residents(roomId: string): Promise<FactMemberDoc[]> {
    const { data } = await coll(Collections.members).where({ roomId }).field(FACT_MEMBER_FIELDS).limit(50).get();
    return data as FactMemberDoc[];
  },

  async sweepCursor(): Promise<{ status: MemberStatus; afterId: string | null } | null> {
    const doc = await first<{ status: MemberStatus; afterId: string | null }>(coll(Collections.developPointRules).doc(SWEEP_ID).get());
    return doc ? { status: doc.status, afterId: doc.afterId } : null;
  },

  async setSweepCursor(cursor: { status: MemberStatus; afterId: string | null }, now: Date): Promise<void> {
    await coll(Collections.developPointRules).doc(SWEEP_ID).set({ ...cursor, at: now });
  },
};
