import { Collections } from '../collections';
import type { RosterDoc } from '../docs';
import { database } from '../sdk';
import { byIdsIn } from './base';

const coll = () => database().collection(Collections.roster);

/** Never the phone: binding and listing need the entry's identity and place only. */
const FIELDS = { studentNo: true, name: true, buildingId: true, roomId: true, memberStatus: true, boundUserId: true, boundAt: true, leftAt: true } as const;

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
    return byIdsIn<RosterEntry>(Collections.roster, ids, FIELDS);
  },
};
