import { Collections } from '../collections';
import type { InviteDoc } from '../docs';
import { database } from '../sdk';

const coll = () => database().collection(Collections.invites);

export const invitesRepo = {
  /** `_id` is the code; a duplicate code fails with the database's duplicate-key error. */
  async create(invite: InviteDoc): Promise<void> {
    await coll().add(invite);
  },

  async byCode(code: string): Promise<InviteDoc | null> {
    const { data } = await coll().doc(code).get();
    return (data[0] as InviteDoc | undefined) ?? null;
  },

  /**
   * Uses the code only if it is unused and unexpired, in one conditional update: reuse, expiry and
   * two people racing for one code all come out as "not claimed".
   */
  async claim(code: string, userId: string, now: Date): Promise<boolean> {
    const _ = database().command;
    const { updated } = await coll().where({ _id: code, usedBy: null, expiresAt: _.gt(now) }).update({ usedBy: userId, usedAt: now });
    return updated === 1;
  },

  /** Gives a claimed code back when what it was claimed for could not be completed. */
  async release(code: string, userId: string): Promise<boolean> {
    const { updated } = await coll().where({ _id: code, usedBy: userId }).update({ usedBy: null, usedAt: null });
    return updated === 1;
  },
};
