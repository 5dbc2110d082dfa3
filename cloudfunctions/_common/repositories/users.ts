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

  /** Names and openids of known users (reviewers in an export, recipients of a notice). */
  async byIds(ids: string[]): Promise<UserDoc[]> {
    if (ids.length === 0) return [];
    const { data } = await coll().where({ _id: database().command.in(ids) }).field(FIELDS).limit(1000).get();
    return data as UserDoc[];
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

  /**
   * Inserts a user whose `_id` the caller chose (so claims can name it first). Fails with the
   * database's duplicate-key error when the openid already has a user: that unique index settles
   * one WeChat user binding twice at once.
   */
  async insert(user: UserDoc): Promise<void> {
    await coll().add(user);
  },

  /** Changes a user only if they still have the role the decision was based on. */
  async updateIfRole(id: string, role: UserDoc['role'], changes: Partial<Omit<UserDoc, '_id' | 'openid' | 'createdAt'>>): Promise<boolean> {
    const { updated } = await coll().where({ _id: id, role }).update(changes);
    return updated === 1;
  },

  /** For admins: newest first, at most `limit`; the name filter is a case-insensitive substring. */
  async list(filter: { role?: UserDoc['role']; nameContains?: string }, limit = 100): Promise<UserDoc[]> {
    const where: Record<string, unknown> = {};
    if (filter.role) where.role = filter.role;
    if (filter.nameContains) where.name = database().RegExp({ regexp: escapeRegExp(filter.nameContains), options: 'i' });
    const { data } = await coll().where(where).field(FIELDS).orderBy('createdAt', 'desc').limit(limit).get();
    return data as UserDoc[];
  },
};

/** Input is matched literally: a name filter must not become a pattern (or a slow one). */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
