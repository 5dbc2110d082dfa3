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
