import type { Role } from '../../../src/shared/model';
import { Collections } from '../collections';
import type { KeyCursor, PageCursor } from '../cursor';
import { database } from '../sdk';
import { byIdsIn } from './base';

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
  /**
   * A student's or member's home building, copied from the roster entry at bind, so a vote reads only
   * the user and the round (absent on users bound before it existed: the vote then reads the roster).
   */
  buildingId?: string | null;
  /** Set when the person left the school (repositories/leaving.ts): the router then treats them as a guest. */
  leftAt?: Date | null;
  /** A counselor's staff number (工号), copied from the imported invite they redeemed: a re-import finds them by it (index by_staffNo). */
  staffNo?: string | null;
  /** A counselor's phone from the import: private, only in this document. */
  phone?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const FIELDS = { openid: true, role: true, name: true, rosterId: true, memberId: true, buildingIds: true, buildingId: true, leftAt: true, createdAt: true, updatedAt: true };

const coll = () => database().collection(Collections.users);

export const usersRepo = {
  async byOpenid(openid: string): Promise<UserDoc | null> {
    const { data } = await coll().where({ openid }).field(FIELDS).limit(1).get();
    return (data[0] as UserDoc | undefined) ?? null;
  },

  /** Names and openids of known users (reviewers in an export, recipients of a notice). */
  async byIds(ids: string[]): Promise<UserDoc[]> {
    return byIdsIn<UserDoc>(Collections.users, ids, FIELDS);
  },

  /** Who the actors of a page of audit records are: one read on the unique openid index. */
  async byOpenids(openids: string[]): Promise<UserDoc[]> {
    const unique = [...new Set(openids)];
    if (unique.length === 0) return [];
    const { data } = await coll().where({ openid: database().command.in(unique) }).field(FIELDS).limit(unique.length).get();
    return data as UserDoc[];
  },

  async byId(id: string): Promise<UserDoc | null> {
    const { data } = await coll().doc(id).field(FIELDS).get();
    return (data[0] as UserDoc | undefined) ?? null;
  },

  /**
   * For admins, names starting with `prefix`, in the order of index by_name_created: by name, then
   * newest first, then `_id` (a range on the name leaves no index that could put createdAt first),
   * `limit` after the cursor, plus one to know if a page follows.
   */
  async byNamePrefix(prefix: string, after: KeyCursor | null, limit: number): Promise<{ items: UserDoc[]; more: boolean }> {
    const _ = database().command;
    // Every name that starts with the prefix sorts below prefix + U+FFFF.
    const range = [{ name: _.gte(prefix) }, { name: _.lt(`${prefix}\uffff`) }];
    const at = after?.at ?? new Date(0);
    const next = after
      ? [_.or([{ name: _.gt(after.key) }, { name: after.key, createdAt: _.lt(at) }, { name: after.key, createdAt: at, _id: _.lt(after.id) }])]
      : [];
    const { data } = await coll()
      .where(_.and([...range, ...next]))
      .field(FIELDS)
      .orderBy('name', 'asc')
      .orderBy('createdAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(limit + 1)
      .get();
    const docs = data as UserDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /**
   * For admins: newest first, then by `_id`, `limit` after the cursor, plus one to know if a page
   * follows. By role (by_role_created), else all (by_created).
   */
  async page(filter: { role?: UserDoc['role'] }, after: PageCursor | null, limit: number): Promise<{ items: UserDoc[]; more: boolean }> {
    const _ = database().command;
    const base = filter.role ? { role: filter.role } : {};
    const range = after ? _.or([{ createdAt: _.lt(after.at) }, { createdAt: after.at, _id: _.lt(after.id) }]) : null;
    const where = range ? (Object.keys(base).length ? _.and([base, range]) : range) : base;
    const { data } = await coll().where(where).field(FIELDS).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
    const docs = data as UserDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },
};
