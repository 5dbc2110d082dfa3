import { Collections } from '../collections';
import type { RosterDoc } from '../docs';
import { database } from '../sdk';

const coll = () => database().collection(Collections.roster);

/** Never the phone: binding and listing need the entry's identity and place only. */
const FIELDS = { studentNo: true, name: true, buildingId: true, roomId: true, memberStatus: true, boundUserId: true, boundAt: true } as const;

export type RosterEntry = Pick<RosterDoc, '_id' | keyof typeof FIELDS>;

export const rosterRepo = {
  /** One read on the unique studentNo index. */
  async byStudentNo(studentNo: string): Promise<RosterEntry | null> {
    const { data } = await coll().where({ studentNo }).field(FIELDS).limit(1).get();
    return (data[0] as RosterEntry | undefined) ?? null;
  },

  async byId(id: string): Promise<RosterEntry | null> {
    const { data } = await coll().doc(id).field(FIELDS).get();
    return (data[0] as RosterEntry | undefined) ?? null;
  },

  async byIds(ids: string[]): Promise<RosterEntry[]> {
    if (ids.length === 0) return [];
    const { data } = await coll().where({ _id: database().command.in(ids) }).field(FIELDS).limit(1000).get();
    return data as RosterEntry[];
  },

  /**
   * Claims an entry for a user only if it is still free (or still held by `expectedHolder`): the
   * database settles races, so of many concurrent claims exactly one matches. Never read-then-write.
   */
  async claim(id: string, userId: string, now: Date, expectedHolder: string | null = null): Promise<boolean> {
    const { updated } = await coll().where({ _id: id, boundUserId: expectedHolder }).update({ boundUserId: userId, boundAt: now });
    return updated === 1;
  },

  /** Frees an entry, but only from the user who holds it, so a stale release cannot undo a newer bind. */
  async release(id: string, userId: string): Promise<boolean> {
    const { updated } = await coll().where({ _id: id, boundUserId: userId }).update({ boundUserId: null, boundAt: null });
    return updated === 1;
  },
};
