import type { Auditor } from '../audit';
import { Collections } from '../collections';
import type { InviteDoc } from '../docs';
import { auditIn } from './audit';
import { applied, refused, type RepoResult } from './outcome';
import { inTransaction, isTxConflict } from './base';

export const invitesRepo = {
  /**
   * Stores the invite and its audit record in one transaction. `_id` is the code; a duplicate code
   * fails with the database's duplicate-key error. False: lost to contention (only a code clash can).
   */
  async create(invite: InviteDoc, by: Auditor, now: Date): Promise<RepoResult<null, 'CONFLICT'>> {
    const { _id, ...after } = invite;
    const outcome = await inTransaction(async (tx) => {
      await tx.collection(Collections.invites).add(invite);
      await auditIn(tx, { ...by, action: 'account.createInvite', target: { collection: Collections.invites, id: _id }, before: null, after }, now);
      return applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },
};
