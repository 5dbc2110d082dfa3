import type { Auditor } from '../audit';
import { maskPhone } from '../../../src/shared/domain/roster-import';
import { Collections } from '../collections';
import { isDuplicateKey } from '../db-errors';
import type { InviteDoc, MemberDoc, RosterDoc } from '../docs';
import { auditIn } from './audit';
import { inTransaction, isTxConflict, type Tx } from './base';
import type { UserDoc } from './users';

/**
 * Account changes that touch several documents (user, roster entry, member profile, invite), each
 * one transaction with its audit record: a bind, unbind or redemption is whole and audited, or
 * nothing of it is stored. Only single-document operations run inside (the local CloudBase and
 * CloudBase alike), so every condition is read in the transaction and checked before the first
 * write (a refusal returned after a write would commit that write).
 */

/** Attempts of a whole transaction when the SDK's own retries all met a concurrent writer. */
const ATTEMPTS = 3;

async function attempt<T>(work: (tx: Tx) => Promise<T>): Promise<T | 'conflict'> {
  for (let i = 0; i < ATTEMPTS; i += 1) {
    const outcome = await inTransaction(work);
    if (!isTxConflict(outcome)) return outcome;
  }
  return 'conflict';
}

const released = { boundUserId: null, boundAt: null };

/** Frees a roster entry in the transaction, but only from the user who holds it. */
async function releaseEntry(tx: Tx, rosterId: string, userId: string): Promise<void> {
  const ref = tx.collection(Collections.roster).doc<RosterDoc>(rosterId);
  if ((await ref.get()).data?.boundUserId === userId) await ref.update(released);
}

export type BindOutcome = 'bound' | 'taken' | 'already-bound' | 'conflict';
export type UnbindOutcome = { ok: true } | { ok: false; reason: 'missing' | 'admin' | 'conflict' };
export type RedeemOutcome = { ok: true; user: UserDoc } | { ok: false; reason: 'invalid' | 'not-student' | 'already-bound' | 'conflict' };

export const accountsRepo = {
  /**
   * Binds a new user to a roster entry: claims the entry (free, or held by a stale claim `mayTakeOver`
   * allows and whose user does not exist), inserts the user, links the member profile and audits.
   * Of concurrent binds of one entry the first writer wins and the others, retried on a fresh
   * snapshot, find it taken; a second user for the same openid fails on the unique openid index at
   * commit (`already-bound`), leaving nothing claimed.
   */
  async bind(req: { entryId: string; user: UserDoc; memberId: string | null; by: Auditor; mayTakeOver: (entry: RosterDoc) => boolean }, now: Date): Promise<BindOutcome> {
    const { _id: userId, ...after } = req.user;
    try {
      return await attempt(async (tx): Promise<BindOutcome> => {
        const ref = tx.collection(Collections.roster).doc<RosterDoc>(req.entryId);
        const entry = (await ref.get()).data;
        if (!entry) return 'taken';
        if (entry.boundUserId) {
          if (!req.mayTakeOver(entry)) return 'taken';
          if ((await tx.collection(Collections.users).doc<UserDoc>(entry.boundUserId).get()).data) return 'taken';
        }
        await ref.update({ boundUserId: userId, boundAt: now });
        await tx.collection(Collections.users).add(req.user);
        if (req.memberId) await tx.collection(Collections.members).doc<MemberDoc>(req.memberId).update({ userId });
        await auditIn(tx, { ...req.by, action: 'account.bind', target: { collection: Collections.users, id: userId }, before: null, after }, now);
        return 'bound';
      });
    } catch (err) {
      if (isDuplicateKey(err)) return 'already-bound';
      throw err;
    }
  },

  /**
   * Releases a user: the user document goes (a user without one is a guest), the roster entry is
   * freed and the member profile unlinked, each only if still theirs, and the audit with the reason.
   */
  async unbind(req: { userId: string; reason: string; by: Auditor }, now: Date): Promise<UnbindOutcome> {
    const outcome = await attempt(async (tx): Promise<UnbindOutcome> => {
      const ref = tx.collection(Collections.users).doc<UserDoc>(req.userId);
      const user = (await ref.get()).data;
      if (!user) return { ok: false, reason: 'missing' };
      // Admins are provisioned by the school at deployment; one admin must not lock out another (or themself).
      if (user.role === 'admin') return { ok: false, reason: 'admin' };
      await ref.remove();
      if (user.rosterId) await releaseEntry(tx, user.rosterId, user._id);
      if (user.memberId) {
        const member = tx.collection(Collections.members).doc<MemberDoc>(user.memberId);
        if ((await member.get()).data?.userId === user._id) await member.update({ userId: null });
      }
      const target = { collection: Collections.users, id: user._id };
      await auditIn(tx, { ...req.by, action: 'account.unbind', target, before: user, after: null, reason: req.reason }, now);
      return { ok: true };
    });
    return outcome === 'conflict' ? { ok: false, reason: 'conflict' } : outcome;
  },

  /**
   * Uses a one-time invite (unused, unexpired) and makes the caller a counselor: a new user for a
   * guest, or the student's own user (only while still a student), whose roster entry is released.
   * Reuse, expiry and two people racing for one code all come out as `invalid` (the loser's retry
   * finds the code used).
   */
  async redeemInvite(
    req: { code: string; userId: string; openid: string; student: UserDoc | null; name: string; by: Auditor },
    now: Date,
  ): Promise<RedeemOutcome> {
    try {
      const outcome = await attempt(async (tx): Promise<RedeemOutcome> => {
        // Every condition is checked before the first write: a value returned from here commits.
        const inviteRef = tx.collection(Collections.invites).doc<InviteDoc>(req.code);
        const invite = (await inviteRef.get()).data;
        if (!invite || invite.usedBy !== null || new Date(invite.expiresAt).getTime() <= now.getTime()) return { ok: false, reason: 'invalid' };
        // Only if still a student: an unbind or another redeem in between must not be overwritten.
        const userRef = req.student ? tx.collection(Collections.users).doc<UserDoc>(req.student._id) : null;
        const before = userRef ? (await userRef.get()).data : null;
        if (userRef && (!before || before.role !== 'student')) return { ok: false, reason: 'not-student' };

        await inviteRef.update({ usedBy: req.userId, usedAt: now });
        // A counselor has a scope, not a home building: they are no longer in any round's electorate.
        const changes = {
          role: 'counselor' as const, name: req.name, rosterId: null, memberId: null, buildingIds: invite.buildingIds, buildingId: null, updatedAt: now,
          // An imported invite carries the 工号 (and phone) the next import finds the counselor by.
          ...(invite.staffNo ? { staffNo: invite.staffNo, phone: invite.phone ?? null } : {}),
        };
        let user: UserDoc;
        if (userRef && before) {
          await userRef.update(changes);
          user = { ...before, ...changes };
          if (before.rosterId) await releaseEntry(tx, before.rosterId, before._id);
        } else {
          user = { _id: req.userId, openid: req.openid, createdAt: now, ...changes };
          await tx.collection(Collections.users).add(user);
        }
        const target = { collection: Collections.users, id: req.userId };
        await auditIn(tx, { ...req.by, action: 'account.redeemInvite', target, before, after: { ...user, ...(user.phone ? { phone: maskPhone(user.phone) } : {}), invite: req.code } }, now);
        return { ok: true, user };
      });
      return outcome === 'conflict' ? { ok: false, reason: 'conflict' } : outcome;
    } catch (err) {
      // The same WeChat user bound or redeemed at the same moment (unique openid index).
      if (isDuplicateKey(err)) return { ok: false, reason: 'already-bound' };
      throw err;
    }
  },
};
