import type { DevelopStage, MembershipChange, MembershipPlace } from '../../../src/shared/domain/development';
import type { MemberStatus } from '../../../src/shared/model';
import type { Auditor } from '../audit';
import { Collections } from '../collections';
import type { PageCursor } from '../cursor';
import type { BranchDoc, BuildingDoc, GroupDoc, MemberDoc, RoomDoc, RosterDoc } from '../docs';
import { database } from '../sdk';
import { auditIn } from './audit';
import { first, inTransaction, isTxConflict, type Tx, ID_BATCH } from './base';
import { markPointsDirtyIn } from './develop-points-dirty';
import { roomStateIn, type RoomStateDoc } from './checkin-inspections';
import type { UserDoc } from './users';
import { applied, refused, type RepoResult } from './outcome';

/**
 * The development timeline (function `develop`, records section). A person on the timeline is a
 * roster entry (`develop_people._id` is the roster id), so a student who only handed in an
 * application has a timeline before any member document exists; the member document is created
 * when they become 积极分子. Steps and corrections are appended (`develop_steps`), never overwritten;
 * the person's stage and effective dates, the member's and the roster's status, the 公示 and the
 * audit are written in the step's own transaction.
 */

export interface DevelopPersonDoc {
  _id: string;
  name: string;
  buildingId: string;
  roomId: string;
  roomLabel: string;
  memberId: string | null;
  /** Null once the only step (the application) was withdrawn. */
  stage: DevelopStage | null;
  /** The effective China date of each stage reached (a correction changes it; the records keep every value). */
  dates: Partial<Record<DevelopStage, string>>;
  updatedAt: Date;
}

/**
 * A record on the timeline: a step, a correction of a step's date, the withdrawal of a step recorded
 * by mistake (`_id` is `<step id>-w`, so a step is withdrawn once), or a membership change (转入/转出
 * 支部, 党小组变更; `stage` is the member's stage at the time).
 */
export interface DevelopStepDoc {
  _id: string;
  kind: 'step' | 'correction' | 'withdrawal' | 'change';
  rosterId: string;
  memberId: string | null;
  buildingId: string;
  stage: DevelopStage;
  /** The China date of the decision, `YYYY-MM-DD` (a correction: the corrected date). */
  date: string;
  correctsId: string | null;
  reason: string | null;
  note: string | null;
  byUserId: string;
  byName: string;
  at: Date;
  change?: { kind: MembershipChange; before: MembershipPlace; after: MembershipPlace } | null;
}

export const withdrawalId = (stepId: string) => `${stepId}-w`;

/** A 公示 on the building's wall: only what a public notice shows. `_id` is the step's. */
export interface DevelopNoticeDoc {
  _id: string;
  rosterId: string;
  memberId: string | null;
  buildingId: string;
  buildingName: string;
  name: string;
  branchName: string | null;
  stage: 'probationary' | 'full';
  date: string;
  days: number;
  from: Date;
  until: Date;
  createdBy: string;
  /** Set when the step was withdrawn: the notice closed then (`until` moved to that moment). */
  withdrawnAt?: Date | null;
}

export interface DevelopObjectionDoc {
  _id: string;
  noticeId: string;
  noticeRosterId: string;
  buildingId: string;
  name: string;
  stage: DevelopStage;
  rosterId: string;
  userId: string;
  fromName: string | null;
  text: string;
  status: 'open' | 'answered';
  createdAt: Date;
  answer: string | null;
  answeredAt: Date | null;
  answeredBy: string | null;
}

/** One per person and notice: the open objection they have, if any (claimed and freed in transactions). */
interface ObjectionSlotDoc {
  _id: string;
  openId: string | null;
  count: number;
}

export const slotId = (noticeId: string, rosterId: string) => `${noticeId}_${rosterId}`;

const people = () => database().collection(Collections.developPeople);
const steps = () => database().collection(Collections.developSteps);
const notices = () => database().collection(Collections.developNotices);
const objections = () => database().collection(Collections.developObjections);

/** A timeline holds at most 5 steps and their corrections: this bounds a person's reads. */
export const TIMELINE_MAX = 100;

export type StepMember = Pick<MemberDoc, '_id' | 'rosterId' | 'name' | 'status' | 'buildingId' | 'buildingName' | 'roomId' | 'roomNumber' | 'branchName'>;
const MEMBER_FIELDS = { rosterId: true, name: true, status: true, buildingId: true, buildingName: true, roomId: true, roomNumber: true, branchName: true } as const;

export interface StepRules {
  /** Why the step is out of order for someone at `current`, or null. */
  order(name: string, current: DevelopStage | null): string | null;
  /** Why the date is refused, given the effective date of the step before (null when unknown), or null. */
  date(previousDate: string | null): string | null;
  /** The veto, applied to the room state the transaction read. */
  vetoed(room: RoomStateDoc | null): boolean;
}

export interface StepRequest {
  rosterId: string;
  /** The member document known for this roster entry before the transaction (checked again in it). */
  memberId: string | null;
  step: Omit<DevelopStepDoc, 'rosterId' | 'memberId' | 'buildingId'>;
  rules: StepRules;
  /** Probation begins on the admission's date. */
  probationStartedAt: Date | null;
  /** A new member document (a step to 积极分子 of someone without one): its id and defaults. */
  newMemberId: string;
  /** 公示 days when the step is announced. */
  notice: { days: number; from: Date; until: Date } | null;
  by: Auditor;
}

export type StepRefusal =
  | { ok: false; code: 'NOT_FOUND' | 'CONFLICT' }
  | { ok: false; code: 'ORDER' | 'DATE'; message: string }
  | { ok: false; code: 'VETOED'; room: RoomStateDoc };

export type StepOutcome = { ok: true; value: { memberId: string | null; noticeId: string | null } } | StepRefusal;

/** The room's label and building for a person's first record or a member document. */
async function placeIn(tx: Tx, roster: RosterDoc): Promise<{ building: BuildingDoc; room: RoomDoc } | null> {
  const [building, room] = await Promise.all([
    tx.collection(Collections.buildings).doc<BuildingDoc>(roster.buildingId).get(),
    tx.collection(Collections.rooms).doc<RoomDoc>(roster.roomId).get(),
  ]);
  return building.data && room.data ? { building: building.data, room: room.data } : null;
}

/** A new member profile of a roster entry (a step to 积极分子, or the roster import): an activist without branch, group or public consent. */
export function newMemberDoc(id: string, roster: RosterDoc, building: Pick<BuildingDoc, 'name'>, room: Pick<RoomDoc, 'floor' | 'number'>): MemberDoc {
  return {
    _id: id,
    rosterId: roster._id,
    userId: roster.boundUserId,
    name: roster.name,
    status: 'activist',
    buildingId: roster.buildingId,
    buildingName: building.name,
    floor: room.floor,
    roomId: roster.roomId,
    roomNumber: room.number,
    // The branch and group are assigned by the school; a new activist starts without them.
    branchId: null,
    branchName: null,
    groupId: null,
    groupName: null,
    posts: [],
    linkedRoomIds: [],
    plaqueRoomIds: [roster.roomId],
    pledge: null,
    photoFileId: null,
    awards: [],
    // Appearing on the plaque is the member's own choice, made later.
    consent: { public: false, changedAt: null },
    hours: {},
  };
}

export const developRecordsRepo = {
  person(rosterId: string): Promise<DevelopPersonDoc | null> {
    return first<DevelopPersonDoc>(people().doc(rosterId).get());
  },

  member(id: string): Promise<StepMember | null> {
    return first<StepMember>(database().collection(Collections.members).doc(id).field(MEMBER_FIELDS).get());
  },

  /** The member document of a roster entry, on the unique rosterId index. */
  async memberOfRoster(rosterId: string): Promise<StepMember | null> {
    const { data } = await database().collection(Collections.members).where({ rosterId }).field(MEMBER_FIELDS).limit(1).get();
    return (data[0] as StepMember | undefined) ?? null;
  },

  /** A room's label (`智园1号楼 301`) for someone not on the timeline yet. */
  async roomLabel(buildingId: string, roomId: string): Promise<string> {
    const [building, room] = await Promise.all([
      first<Pick<BuildingDoc, 'name'>>(database().collection(Collections.buildings).doc(buildingId).field({ name: true }).get()),
      first<Pick<RoomDoc, 'number'>>(database().collection(Collections.rooms).doc(roomId).field({ number: true }).get()),
    ]);
    return `${building?.name ?? ''} ${room?.number ?? ''}`.trim();
  },

  step(id: string): Promise<DevelopStepDoc | null> {
    return first<DevelopStepDoc>(steps().doc(id).get());
  },

  /** A person's records, oldest first (at most TIMELINE_MAX), on `by_roster_at`. */
  async stepsOf(rosterId: string): Promise<DevelopStepDoc[]> {
    const { data } = await steps().where({ rosterId }).orderBy('at', 'asc').orderBy('_id', 'asc').limit(TIMELINE_MAX).get();
    return data as DevelopStepDoc[];
  },

  async noticesOf(rosterId: string): Promise<DevelopNoticeDoc[]> {
    const { data } = await notices().where({ rosterId }).orderBy('from', 'asc').orderBy('_id', 'asc').limit(TIMELINE_MAX).get();
    return data as DevelopNoticeDoc[];
  },

  async objectionsAbout(rosterId: string): Promise<DevelopObjectionDoc[]> {
    const { data } = await objections().where({ noticeRosterId: rosterId }).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(TIMELINE_MAX).get();
    return data as DevelopObjectionDoc[];
  },

  notice(id: string): Promise<DevelopNoticeDoc | null> {
    return first<DevelopNoticeDoc>(notices().doc(id).get());
  },

  /** Notices still running on a building's wall (`until` after now), latest ending first, on `by_building_until`. */
  async runningInBuilding(buildingId: string, now: Date, after: PageCursor | null, limit: number): Promise<{ items: DevelopNoticeDoc[]; more: boolean }> {
    const _ = database().command;
    const base = { buildingId, until: _.gt(now) };
    const where = after ? _.and([base, _.or([{ until: _.lt(after.at) }, { until: after.at, _id: _.lt(after.id) }])]) : base;
    const { data } = await notices().where(where).orderBy('until', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
    const docs = data as DevelopNoticeDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  objection(id: string): Promise<DevelopObjectionDoc | null> {
    return first<DevelopObjectionDoc>(objections().doc(id).get());
  },

  async objectionsPage(where: { buildingId: string; status: 'open' | 'answered' } | { userId: string }, after: PageCursor | null, limit: number): Promise<{ items: DevelopObjectionDoc[]; more: boolean }> {
    const _ = database().command;
    const query = after ? _.and([where, _.or([{ createdAt: _.lt(after.at) }, { createdAt: after.at, _id: _.lt(after.id) }])]) : where;
    const { data } = await objections().where(query).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
    const docs = data as DevelopObjectionDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /**
   * One step, in one transaction that reads the person, the roster entry, the member and (for a
   * vetoed step) the room's flag: an inspection flagging the room at the same moment conflicts with
   * it, and two counselors recording the same step find the person changed (one wins).
   */
  async record(req: StepRequest, now: Date): Promise<StepOutcome> {
    const outcome = await inTransaction(async (tx): Promise<StepOutcome> => {
      const personRef = tx.collection(Collections.developPeople).doc<DevelopPersonDoc>(req.rosterId);
      const rosterRef = tx.collection(Collections.roster).doc<RosterDoc>(req.rosterId);
      const [person, roster] = [(await personRef.get()).data, (await rosterRef.get()).data];
      if (!roster) return refused('NOT_FOUND');
      const memberId = person?.memberId ?? req.memberId;
      const memberRef = memberId ? tx.collection(Collections.members).doc<MemberDoc>(memberId) : null;
      const member = memberRef ? (await memberRef.get()).data : null;
      const to = req.step.stage;

      const current: DevelopStage | null = person?.stage ?? member?.status ?? roster.memberStatus ?? null;
      const order = req.rules.order(roster.name, current);
      if (order) return { ok: false, code: 'ORDER', message: order };
      const previousDate = person && current ? person.dates[current] ?? null : null;
      const date = req.rules.date(previousDate);
      if (date) return { ok: false, code: 'DATE', message: date };
      const roomId = member?.roomId ?? roster.roomId;
      const room = await roomStateIn(tx, roomId);
      if (req.rules.vetoed(room)) return { ok: false, code: 'VETOED', room: room as RoomStateDoc };

      const place = !person || (to === 'activist' && !member) ? await placeIn(tx, roster) : null;
      if ((!person || (to === 'activist' && !member)) && !place) return refused('NOT_FOUND');
      let finalMemberId = member?._id ?? null;
      let created: MemberDoc | null = null;
      if (to === 'activist' && !member && place) {
        created = newMemberDoc(req.newMemberId, roster, place.building, place.room);
        const { _id, ...body } = created;
        await tx.collection(Collections.members).doc(_id).set(body);
        finalMemberId = _id;
        // A bound student becomes a member: their account follows, so their own pages show the member's.
        if (roster.boundUserId) {
          const userRef = tx.collection(Collections.users).doc<UserDoc>(roster.boundUserId);
          const user = (await userRef.get()).data;
          if (user?.role === 'student') await userRef.update({ role: 'member', memberId: _id, updatedAt: now });
        }
      } else if (member && memberRef && to !== 'applied') {
        await memberRef.update({ status: to as MemberStatus, ...(req.probationStartedAt ? { probationStartedAt: req.probationStartedAt } : {}) });
      }
      if (to !== 'applied') await rosterRef.update({ memberStatus: to });

      const nextPerson: DevelopPersonDoc = {
        _id: req.rosterId,
        name: roster.name,
        buildingId: roster.buildingId,
        roomId,
        roomLabel: person?.roomLabel ?? `${place?.building.name ?? ''} ${place?.room.number ?? ''}`.trim(),
        memberId: finalMemberId,
        stage: to,
        dates: { ...(person?.dates ?? {}), [to]: req.step.date },
        updatedAt: now,
      };
      const { _id: personId, ...personBody } = nextPerson;
      await tx.collection(Collections.developPeople).doc(personId).set(personBody);

      const { _id: stepId, ...stepBody } = req.step;
      await tx.collection(Collections.developSteps).doc(stepId).set({ ...stepBody, rosterId: req.rosterId, memberId: finalMemberId, buildingId: roster.buildingId });
      // A step changes the member's status and checklist: the dirty sweep recomputes their points.
      if (finalMemberId) await markPointsDirtyIn(tx, { kind: 'member', id: finalMemberId }, now);

      let noticeId: string | null = null;
      if (req.notice && (to === 'probationary' || to === 'full')) {
        const notice: Omit<DevelopNoticeDoc, '_id'> = {
          rosterId: req.rosterId,
          memberId: finalMemberId,
          buildingId: roster.buildingId,
          buildingName: member?.buildingName ?? place?.building.name ?? '',
          name: member?.name ?? roster.name,
          branchName: member?.branchName ?? null,
          stage: to,
          date: req.step.date,
          days: req.notice.days,
          from: req.notice.from,
          until: req.notice.until,
          createdBy: req.step.byUserId,
        };
        await tx.collection(Collections.developNotices).doc(stepId).set(notice);
        noticeId = stepId;
      }
      await auditIn(
        tx,
        {
          ...req.by,
          action: 'develop.recordStep',
          target: { collection: Collections.developPeople, id: req.rosterId },
          buildingId: roster.buildingId,
          before: { stage: current, memberId: member?._id ?? null },
          after: { stage: to, date: req.step.date, stepId, memberId: finalMemberId, noticeId, memberCreated: Boolean(created) },
        },
        now,
      );
      return applied({ memberId: finalMemberId, noticeId });
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /**
   * A correction of a step's date: a new record naming the original (which stays), the person's
   * effective date, the member's probation start and the notice's date follow, with the audit.
   */
  async correct(
    req: { original: DevelopStepDoc; correction: DevelopStepDoc; bounds(person: DevelopPersonDoc): string | null; probationStartedAt: Date | null; by: Auditor },
    now: Date,
  ): Promise<RepoResult<null, 'NOT_FOUND' | 'CONFLICT' | 'SUPERSEDED'> | { ok: false; code: 'DATE'; message: string }> {
    const { original, correction } = req;
    const outcome = await inTransaction(async (tx) => {
      const personRef = tx.collection(Collections.developPeople).doc<DevelopPersonDoc>(original.rosterId);
      const person = (await personRef.get()).data;
      if (!person) return refused('NOT_FOUND' as const);
      if (!(original.stage in person.dates)) return refused('SUPERSEDED' as const);
      if ((await tx.collection(Collections.developSteps).doc(withdrawalId(original._id)).get()).data) return refused('SUPERSEDED' as const);
      const refusal = req.bounds(person);
      if (refusal) return { ok: false as const, code: 'DATE' as const, message: refusal };
      const before = person.dates[original.stage] ?? null;
      await personRef.update({ dates: { ...person.dates, [original.stage]: correction.date }, updatedAt: now });
      if (req.probationStartedAt && person.memberId) {
        const memberRef = tx.collection(Collections.members).doc<MemberDoc>(person.memberId);
        if ((await memberRef.get()).data) await memberRef.update({ probationStartedAt: req.probationStartedAt });
      }
      const noticeRef = tx.collection(Collections.developNotices).doc<DevelopNoticeDoc>(original._id);
      if ((await noticeRef.get()).data) await noticeRef.update({ date: correction.date });
      const { _id, ...body } = correction;
      await tx.collection(Collections.developSteps).doc(_id).set(body);
      await auditIn(
        tx,
        { ...req.by, action: 'develop.correctStep', target: { collection: Collections.developSteps, id: original._id }, buildingId: original.buildingId, before: { date: before }, after: { date: correction.date, correctionId: _id }, reason: correction.reason ?? undefined },
        now,
      );
      return applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /**
   * Withdraws a step recorded by mistake: a withdrawal record (the step stays, shown struck through),
   * the person back to the stage before it, the member's and the roster's status with them (the
   * probation start cleared with 预备党员), a running 公示 of the step closed, audited; one transaction.
   * The withdrawal's fixed id makes a second withdrawal of the same step conflict or find it done.
   */
  async withdraw(
    req: { step: DevelopStepDoc; withdrawal: DevelopStepDoc; refusal(person: DevelopPersonDoc, hasMember: boolean): string | null; previous: DevelopStage | null; by: Auditor },
    now: Date,
  ): Promise<RepoResult<{ noticeClosed: boolean }, 'NOT_FOUND' | 'CONFLICT'> | { ok: false; code: 'REFUSED'; message: string }> {
    const { step, withdrawal, previous } = req;
    const outcome = await inTransaction(async (tx) => {
      const personRef = tx.collection(Collections.developPeople).doc<DevelopPersonDoc>(step.rosterId);
      const person = (await personRef.get()).data;
      if (!person) return refused('NOT_FOUND' as const);
      const memberRef = person.memberId ? tx.collection(Collections.members).doc<MemberDoc>(person.memberId) : null;
      const member = memberRef ? (await memberRef.get()).data : null;
      if ((await tx.collection(Collections.developSteps).doc(withdrawal._id).get()).data) return { ok: false as const, code: 'REFUSED' as const, message: '这一步已经撤回过了' };
      const refusal = req.refusal(person, Boolean(member));
      if (refusal) return { ok: false as const, code: 'REFUSED' as const, message: refusal };
      const dates = { ...person.dates };
      delete dates[step.stage];
      await personRef.set({ name: person.name, buildingId: person.buildingId, roomId: person.roomId, roomLabel: person.roomLabel, memberId: person.memberId, stage: previous, dates, updatedAt: now });
      if (memberRef && member && previous && previous !== 'applied') {
        await memberRef.update({ status: previous as MemberStatus, ...(step.stage === 'probationary' ? { probationStartedAt: null } : {}) });
      }
      if (step.stage !== 'applied') await tx.collection(Collections.roster).doc<RosterDoc>(step.rosterId).update({ memberStatus: previous && previous !== 'applied' ? previous : null });
      const noticeRef = tx.collection(Collections.developNotices).doc<DevelopNoticeDoc>(step._id);
      const notice = (await noticeRef.get()).data;
      const noticeClosed = Boolean(notice && new Date(notice.until).getTime() > now.getTime());
      if (notice) await noticeRef.update({ withdrawnAt: now, ...(noticeClosed ? { until: now } : {}) });
      const { _id, ...body } = withdrawal;
      await tx.collection(Collections.developSteps).doc(_id).set(body);
      await auditIn(
        tx,
        {
          ...req.by,
          action: 'develop.withdrawStep',
          target: { collection: Collections.developPeople, id: step.rosterId },
          buildingId: step.buildingId,
          before: { stage: step.stage, date: person.dates[step.stage] ?? step.date, stepId: step._id },
          after: { stage: previous, withdrawalId: _id, noticeClosed },
          reason: withdrawal.reason ?? undefined,
        },
        now,
      );
      return applied({ noticeClosed });
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /**
   * A member's branch or group changes (转入/转出支部, 党小组变更): the member document, a record on the
   * timeline (the person's record is made for a member recorded before the timeline existed) and
   * the audit, in one transaction that reads the member, the branch and the group.
   */
  async changeMembership(
    req: {
      memberId: string;
      kind: MembershipChange;
      branchId: string | null;
      groupId: string | null;
      record: Omit<DevelopStepDoc, 'rosterId' | 'memberId' | 'buildingId' | 'stage' | 'change'>;
      refusal(member: MembershipPlace & { name: string }, branch: BranchDoc | null, group: GroupDoc | null): string | null;
      by: Auditor;
    },
    now: Date,
  ): Promise<RepoResult<{ before: MembershipPlace; after: MembershipPlace }, 'NOT_FOUND' | 'CONFLICT'> | { ok: false; code: 'REFUSED'; message: string }> {
    const outcome = await inTransaction(async (tx) => {
      const memberRef = tx.collection(Collections.members).doc<MemberDoc>(req.memberId);
      const member = (await memberRef.get()).data;
      if (!member) return refused('NOT_FOUND' as const);
      const [branch, group] = [
        req.branchId ? (await tx.collection(Collections.branches).doc<BranchDoc>(req.branchId).get()).data ?? null : null,
        req.groupId ? (await tx.collection(Collections.groups).doc<GroupDoc>(req.groupId).get()).data ?? null : null,
      ];
      if ((req.branchId && !branch) || (req.groupId && !group)) return refused('NOT_FOUND' as const);
      const before: MembershipPlace = { branchId: member.branchId, branchName: member.branchName, groupId: member.groupId, groupName: member.groupName };
      const refusal = req.refusal({ ...before, name: member.name }, branch ? { ...branch, _id: req.branchId! } : null, group ? { ...group, _id: req.groupId! } : null);
      if (refusal) return { ok: false as const, code: 'REFUSED' as const, message: refusal };
      const after: MembershipPlace =
        req.kind === 'transferOut'
          ? { branchId: null, branchName: null, groupId: null, groupName: null }
          : req.kind === 'transferIn'
            ? { branchId: req.branchId, branchName: branch!.name, groupId: group ? req.groupId : null, groupName: group?.name ?? null }
            : { ...before, groupId: req.groupId, groupName: group!.name };
      await memberRef.update(after);
      const personRef = tx.collection(Collections.developPeople).doc<DevelopPersonDoc>(member.rosterId);
      const person = (await personRef.get()).data;
      if (person) await personRef.update({ updatedAt: now });
      else {
        const body: Omit<DevelopPersonDoc, '_id'> = {
          name: member.name, buildingId: member.buildingId, roomId: member.roomId, roomLabel: `${member.buildingName} ${member.roomNumber}`, memberId: member._id, stage: member.status, dates: {}, updatedAt: now,
        };
        await personRef.set(body);
      }
      const { _id, ...body } = req.record;
      await tx.collection(Collections.developSteps).doc(_id).set({ ...body, rosterId: member.rosterId, memberId: member._id, buildingId: member.buildingId, stage: member.status, change: { kind: req.kind, before, after } });
      await auditIn(
        tx,
        {
          ...req.by,
          action: 'develop.changeMembership',
          target: { collection: Collections.members, id: member._id },
          buildingId: member.buildingId,
          before: { branchName: before.branchName, groupName: before.groupName },
          after: { kind: req.kind, branchName: after.branchName, groupName: after.groupName, date: req.record.date, stepId: _id },
          reason: req.record.reason ?? undefined,
        },
        now,
      );
      return applied({ before, after });
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /** A building's branches and their groups (a building holds a few), for the membership change form, on `by_building`; page after page, never cut. */
  async branchesOf(buildingId: string): Promise<{ branches: BranchDoc[]; groups: GroupDoc[] }> {
    const [branches, groups] = await Promise.all([
      everyOfBuilding<BranchDoc>(Collections.branches, buildingId),
      everyOfBuilding<GroupDoc>(Collections.groups, buildingId),
    ]);
    return { branches, groups };
  },

  /** Everyone on a building's timeline (optionally at one stage), latest change first, on `by_building_[stage_]updated`. */
  async peoplePage(filter: { buildingId: string; stage?: DevelopStage }, after: PageCursor | null, limit: number): Promise<{ items: DevelopPersonDoc[]; more: boolean }> {
    const _ = database().command;
    const base = filter.stage ? { buildingId: filter.buildingId, stage: filter.stage } : { buildingId: filter.buildingId };
    const where = after ? _.and([base, _.or([{ updatedAt: _.lt(after.at) }, { updatedAt: after.at, _id: _.lt(after.id) }])]) : base;
    const { data } = await people().where(where).orderBy('updatedAt', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
    const docs = data as DevelopPersonDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /**
   * An objection to a running notice: the person's slot on the notice is claimed in the same
   * transaction, so two racing objections by one person store one (the other finds it open).
   */
  async object(doc: DevelopObjectionDoc, running: (notice: DevelopNoticeDoc) => boolean): Promise<RepoResult<DevelopObjectionDoc, 'NOT_FOUND' | 'ENDED' | 'OPEN' | 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx) => {
      const notice = (await tx.collection(Collections.developNotices).doc<DevelopNoticeDoc>(doc.noticeId).get()).data;
      if (!notice) return refused('NOT_FOUND' as const);
      if (!running(notice)) return refused('ENDED' as const);
      const slotRef = tx.collection(Collections.developObjectionSlots).doc<ObjectionSlotDoc>(slotId(doc.noticeId, doc.rosterId));
      const slot = (await slotRef.get()).data;
      if (slot?.openId) return refused('OPEN' as const);
      const count = (slot?.count ?? 0) + 1;
      const saved = { ...doc, _id: `${slotId(doc.noticeId, doc.rosterId)}_${count}` };
      await slotRef.set({ openId: saved._id, count });
      const { _id, ...body } = saved;
      await tx.collection(Collections.developObjections).doc(_id).set(body);
      return applied(saved);
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /** The counselor's answer: the objection is answered once, the person's slot freed, audited. */
  async answer(id: string, answer: { text: string; by: string }, by: Auditor, now: Date): Promise<RepoResult<null, 'NOT_FOUND' | 'ANSWERED' | 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx) => {
      const ref = tx.collection(Collections.developObjections).doc<DevelopObjectionDoc>(id);
      const objection = (await ref.get()).data;
      if (!objection) return refused('NOT_FOUND' as const);
      if (objection.status !== 'open') return refused('ANSWERED' as const);
      await ref.update({ status: 'answered', answer: answer.text, answeredAt: now, answeredBy: answer.by });
      await tx.collection(Collections.developObjectionSlots).doc(slotId(objection.noticeId, objection.rosterId)).update({ openId: null });
      await auditIn(tx, { ...by, action: 'develop.answerObjection', target: { collection: Collections.developObjections, id }, buildingId: objection.buildingId, before: { status: 'open' }, after: { status: 'answered', answer: answer.text } }, now);
      return applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },
};

/** Every document of a building in `_id` order, a page of the SDK's largest size at a time (index by_building). */
async function everyOfBuilding<T extends { _id: string }>(collection: string, buildingId: string): Promise<T[]> {
  const _ = database().command;
  const all: T[] = [];
  for (;;) {
    const last = all[all.length - 1];
    const where = last ? { buildingId, _id: _.gt(last._id) } : { buildingId };
    const { data } = await database().collection(collection).where(where).orderBy('_id', 'asc').limit(ID_BATCH).get();
    all.push(...(data as T[]));
    if (data.length < ID_BATCH) return all;
  }
}
