import type { Role } from '../../../src/shared/model';
import { Collections } from '../collections';
import { database } from '../sdk';

/** A WeChat user known to the system. Guests (never bound) have no document. */
export interface UserDoc {
  _id: string;
  openid: string;
  role: Exclude<Role, 'guest'>;
  name: string | null;
  /** The roster entry a student or member is bound to. */
  rosterId: string | null;
  /** The member profile, for members. */
  memberId: string | null;
  /** A counselor's scope. */
  buildingIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

const FIELDS = { openid: true, role: true, name: true, rosterId: true, memberId: true, buildingIds: true, createdAt: true, updatedAt: true };

const coll = () => database().collection(Collections.users);

export const usersRepo = {
  async byOpenid(openid: string): Promise<UserDoc | null> {
    const { data } = await coll().where({ openid }).field(FIELDS).limit(1).get();
    return (data[0] as UserDoc | undefined) ?? null;
  },

  async byId(id: string): Promise<UserDoc | null> {
    const { data } = await coll().doc(id).field(FIELDS).get();
    return (data[0] as UserDoc | undefined) ?? null;
  },

  /** Fails with the database's duplicate-key error when the openid already has a user (unique index). */
  async create(user: Omit<UserDoc, '_id'>): Promise<string> {
    const { id } = await coll().add(user);
    return id as string;
  },

  async update(id: string, changes: Partial<Omit<UserDoc, '_id' | 'openid' | 'createdAt'>>): Promise<number> {
    const { updated } = await coll().doc(id).update(changes);
    return updated as number;
  },

  async remove(id: string): Promise<number> {
    const { deleted } = await coll().doc(id).remove();
    return deleted as number;
  },
};
