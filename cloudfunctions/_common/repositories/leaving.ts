import type { Auditor } from '../audit';
import { schoolSettings } from '../settings';
import { Collections } from '../collections';
import type { MemberDoc, RosterDoc } from '../docs';
import { database } from '../sdk';
import { auditIn } from './audit';
import { ID_BATCH, inTransaction, isTxConflict, type Tx } from './base';
import { applied, refused, type RepoResult } from './outcome';
import type { DevelopNoticeDoc } from './develop-records';
import type { UserDoc } from './users';

/**
 * People who left the school (graduated, transferred, dropped from a full roster import, or marked by
 * an admin). PIPL art. 19 and 47: a left person disappears from every public view at once, and their
 * personal data is deleted or anonymised after the school's retention period (the retention timer).
 *
 * `leftAt` on the roster entry (and on the member profile and the bound user, when there are ones) is
 * the one fact every public read, the router and the retention timer key on. Marking is idempotent: an
 * entry already marked keeps its first `leftAt` and writes nothing.
 */
export interface LeaveTarget {
  rosterId: string;
  /** The member profile made from this roster entry, if any (found before the transaction). */
  memberId: string | null;
}

export type LeaveReason = 'roster' | 'admin';

/** A marking's outcome: when the person left (the first marking's time when already marked). */
export interface Marked {
  leftAt: Date;
  alreadyLeft: boolean;
}

/** What an anonymised person is called wherever a name is kept (hours by branch, tallies, history). */
export const ANONYMOUS_NAME = '已离校人员';
/**
 * The period until an admin stores the school's own: the deploy's config/school.json
 * (`retentionDays`, 180 days when unset: README, one semester after leaving).
 */
export const defaultRetentionDays = (): number => schoolSettings().retentionDays;
/** People anonymised per firing: each is a transaction and a few bulk writes, well within the function's 60 s. */
export const ERASURE_BATCH = 20;

/** One person anonymised: what the caller deletes from storage after the transaction committed. */
const roster = () => database().collection(Collections.roster);

/** Running 公示 about a person: ended at `at` (their wall no longer shows it); a handful, read page after page, never cut. */
async function runningNoticesOf(rosterId: string, at: Date): Promise<DevelopNoticeDoc[]> {
  const notices: DevelopNoticeDoc[] = [];
  for (;;) {
    const { data } = await database().collection(Collections.developNotices).where({ rosterId }).orderBy('from', 'asc').orderBy('_id', 'asc').skip(notices.length).limit(ID_BATCH).get();
    notices.push(...(data as DevelopNoticeDoc[]));
    if (data.length < ID_BATCH) break;
  }
  return notices.filter((n) => new Date(n.until).getTime() > at.getTime());
}

export const leavingRepo = {
  /**
   * Marks one person left inside the caller's transaction, audited there; one already marked is the
   * idempotent success (`alreadyLeft`, with their first `leftAt`), writing nothing. From then on: consent withdrawn (the plaque, the wall, candidate lists and badge displays
   * all key on it), running 公示 about them ended, and their WeChat binding carries `leftAt`, which
   * the router reads as a guest (no member or student powers; `account.myData` still serves them).
   */
  async markLeftIn(tx: Tx, target: LeaveTarget, at: Date, by: Auditor, reason: LeaveReason, note?: string): Promise<RepoResult<Marked, 'NOT_FOUND'>> {
    const entry = (await tx.collection(Collections.roster).doc<RosterDoc>(target.rosterId).get()).data;
    if (!entry) return refused('NOT_FOUND');
    if (entry.leftAt) return applied({ leftAt: new Date(entry.leftAt), alreadyLeft: true });
    // Read before the first write (a transaction reads its own snapshot); the notices are found outside it by index.
    const notices = await runningNoticesOf(target.rosterId, at);
    const member = target.memberId ? (await tx.collection(Collections.members).doc<MemberDoc>(target.memberId).get()).data : null;
    const user = entry.boundUserId ? (await tx.collection(Collections.users).doc<UserDoc>(entry.boundUserId).get()).data : null;
    await tx.collection(Collections.roster).doc(target.rosterId).update({ leftAt: at, leftReason: reason, erasure: 'due' });
    if (member && target.memberId) {
      // Public display keys on consent.public: withdrawing it removes them from the plaque, the wall and
      // every candidate list at once. Their own consent can no longer be given while they are left.
      await tx.collection(Collections.members).doc(target.memberId).update({ leftAt: at, consent: { public: false, changedAt: at } });
    }
    if (user && entry.boundUserId) await tx.collection(Collections.users).doc(entry.boundUserId).update({ leftAt: at, updatedAt: at });
    for (const n of notices) await tx.collection(Collections.developNotices).doc(n._id).update({ until: at, endedEarly: { at, reason: 'left' } });
    await auditIn(
      tx,
      {
        ...by,
        action: 'roster.markLeft',
        target: { collection: Collections.roster, id: target.rosterId },
        before: { leftAt: null, consent: member?.consent?.public ?? null },
        after: { leftAt: at, reason, memberId: member ? target.memberId : null, userId: user ? entry.boundUserId : null, noticesEnded: notices.map((n) => n._id) },
        ...(note ? { reason: note } : {}),
      },
      at,
    );
    return applied({ leftAt: at, alreadyLeft: false });
  },

  /** Marks one person left in a transaction of its own (the admin's action). */
  async markLeft(target: LeaveTarget, at: Date, by: Auditor, reason: LeaveReason, note?: string): Promise<RepoResult<Marked, 'NOT_FOUND' | 'CONFLICT'>> {
    const outcome = await inTransaction((tx) => leavingRepo.markLeftIn(tx, target, at, by, reason, note));
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /** People left before `cutoff` and not yet anonymised, longest gone first (index roster.by_erasure_left). */
  async dueForErasure(cutoff: Date, limit: number): Promise<Array<Pick<RosterDoc, '_id' | 'leftAt' | 'boundUserId'>>> {
    const _ = database().command;
    const { data } = await roster()
      .where({ erasure: 'due', leftAt: _.lt(cutoff) })
      .field({ leftAt: true, boundUserId: true })
      .orderBy('leftAt', 'asc')
      .orderBy('_id', 'asc')
      .limit(limit)
      .get();
    return data as Array<Pick<RosterDoc, '_id' | 'leftAt' | 'boundUserId'>>;
  },

  /**
   * Anonymises one person in one transaction, audited there: the roster entry (name, 学号, phone, the
   * binding), the member profile (name, pledge, photo, posts, plaque rooms, the user link) and the
   * WeChat binding (the user document is deleted: the openid is gone). Kept: hours totals, status,
   * branch and building, stars and awards (the anonymous figures). Null when already done or gone.
   */
  async eraseIn(rosterId: string, memberId: string | null, now: Date, by: Auditor): Promise<{ memberId: string | null; userId: string | null; photo: string | null } | null | 'conflict'> {
    const outcome = await inTransaction(async (tx) => {
      const entry = (await tx.collection(Collections.roster).doc<RosterDoc>(rosterId).get()).data;
      if (!entry || !entry.leftAt || entry.erasure !== 'due') return null;
      const member = memberId ? (await tx.collection(Collections.members).doc<MemberDoc>(memberId).get()).data : null;
      const userId = entry.boundUserId ?? member?.userId ?? null;
      const user = userId ? (await tx.collection(Collections.users).doc<UserDoc>(userId).get()).data : null;
      await tx.collection(Collections.roster).doc(rosterId).update({
        name: ANONYMOUS_NAME, studentNo: `anon-${rosterId}`, phone: null, boundUserId: null, boundAt: null, erasure: 'done', erasedAt: now,
      });
      if (member && memberId) {
        await tx.collection(Collections.members).doc(memberId).update({
          name: ANONYMOUS_NAME, pledge: null, photoFileId: null, userId: null, posts: [], linkedRoomIds: [], plaqueRoomIds: [],
          consent: { public: false, changedAt: member.consent?.changedAt ?? null },
        });
      }
      const person = (await tx.collection(Collections.developPeople).doc<{ name: string }>(rosterId).get()).data;
      if (person) await tx.collection(Collections.developPeople).doc(rosterId).update({ name: ANONYMOUS_NAME, roomLabel: '' });
      // Only a student's or member's binding: a counselor or admin is never on the roster.
      if (user && userId && user.rosterId === rosterId) await tx.collection(Collections.users).doc(userId).remove();
      await auditIn(
        tx,
        {
          ...by,
          action: 'retention.anonymise',
          target: { collection: Collections.roster, id: rosterId },
          // The record names nobody: ids and which kinds of data went, not the data itself.
          before: { leftAt: entry.leftAt, memberId, userId: user ? userId : null, photo: !!member?.photoFileId },
          after: { erased: ['name', 'studentNo', 'phone', 'binding', ...(member ? ['pledge', 'photo', 'posts'] : [])] },
        },
        now,
      );
      return { memberId: member ? memberId : null, userId: user ? userId : null, photo: member?.photoFileId ?? null };
    });
    return isTxConflict(outcome) ? 'conflict' : outcome;
  },

  /** The member profile made from a roster entry (unique index rosterId_unique). */
  async memberIdOf(rosterId: string): Promise<string | null> {
    const { data } = await database().collection(Collections.members).where({ rosterId }).field({ _id: true }).limit(1).get();
    return (data as Array<{ _id: string }>)[0]?._id ?? null;
  },

  /** Visits keep room, time and status (coverage figures); the name and the note go. Answers how many changed. */
  async eraseVisits(memberId: string): Promise<number> {
    const _ = database().command;
    const { updated } = await database().collection(Collections.visitsRecords).where({ memberId, memberName: _.neq(ANONYMOUS_NAME) }).update({ memberName: ANONYMOUS_NAME, note: '' });
    return (updated as number | undefined) ?? 0;
  },

  /**
   * Their 公示 (kept as the record of a public notice) lose the name; their ballots keep the choices
   * (the tally stands) but lose the openid and the network address. Both found by the roster id on an
   * index; a second call changes nothing. Answers how many documents changed.
   */
  async eraseRecords(rosterId: string): Promise<number> {
    const _ = database().command;
    const notices = await database().collection(Collections.developNotices).where({ rosterId, name: _.neq(ANONYMOUS_NAME) }).update({ name: ANONYMOUS_NAME });
    const ballots = await database().collection(Collections.starBallots).where({ rosterId, openid: _.neq('') }).update({ openid: '', clientIp: '' });
    return ((notices.updated as number | undefined) ?? 0) + ((ballots.updated as number | undefined) ?? 0);
  },

  /**
   * The person's volunteer entries keep their hours, dates and status; their words, witness and photos
   * go. At most ID_BATCH entries per call (`more`: call again, on the next firing): the entries still
   * carrying a name are found on the member's index (by_member_date), so a stopped run resumes.
   */
  async eraseEntries(memberId: string): Promise<{ photos: string[]; entries: number; more: boolean }> {
    const _ = database().command;
    const coll = database().collection(Collections.volunteerEntries);
    const { data } = await coll
      .where({ memberId, memberName: _.neq(ANONYMOUS_NAME) })
      .field({ photoFileIds: true })
      .orderBy('date', 'asc')
      .orderBy('start', 'asc')
      .orderBy('_id', 'asc')
      .limit(ID_BATCH)
      .get();
    const todo = data as Array<{ _id: string; photoFileIds?: string[] }>;
    if (todo.length === 0) return { photos: [], entries: 0, more: false };
    await coll.where({ _id: _.in(todo.map((e) => e._id)) }).update({ memberName: ANONYMOUS_NAME, description: '', photoFileIds: [], witnessName: null, witnessContact: null });
    return { photos: todo.flatMap((e) => e.photoFileIds ?? []), entries: todo.length, more: todo.length === ID_BATCH };
  },

  /** One audit record for a firing that anonymised anyone, with its counts (its own small transaction). */
  async auditRun(counts: Record<string, number>, cutoff: Date, now: Date, by: Auditor): Promise<void> {
    await inTransaction((tx) =>
      auditIn(tx, { ...by, action: 'retention.run', target: { collection: Collections.roster, id: 'retention' }, before: { cutoff }, after: counts }, now),
    );
  },
};
