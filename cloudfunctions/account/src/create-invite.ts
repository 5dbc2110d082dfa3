import { randomBytes } from 'node:crypto';
import type { accountContract } from '../../../src/shared/contract/account';
import { inviteCodeFrom } from '../../../src/shared/domain/plaque-code';
import type { InviteDoc } from '../../_common/docs';
import { invitesRepo } from '../../_common/repositories/invites';
import { orgRepo } from '../../_common/repositories/org';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';

const HOUR = 3_600_000;

/** An admin makes a one-time counselor invite (56 random bits) for buildings that exist. */
export const createInvite: Handler<typeof accountContract.createInvite> = async ({ buildingIds, expiresInHours }, { caller, now, actor }) => {
  const ids = [...new Set(buildingIds)];
  const found = await orgRepo.buildingsByIds(ids);
  if (found.length !== ids.length) return fail('NOT_FOUND', '有楼栋不存在，请刷新后重试');

  const invite: InviteDoc = {
    _id: inviteCodeFrom(randomBytes(7)),
    role: 'counselor',
    buildingIds: ids,
    expiresAt: new Date(now.getTime() + expiresInHours * HOUR),
    createdBy: caller.openid,
    createdAt: now,
    usedBy: null,
    usedAt: null,
  };
  // A clash of two random 56-bit codes is not worth a retry: the insert fails and the admin tries again.
  const { role } = await actor();
  if (!(await invitesRepo.create(invite, { actorOpenid: caller.openid, actorRole: role }, now)).ok) return fail('CONFLICT');
  return ok({ code: invite._id, expiresAt: invite.expiresAt.toISOString() });
};
