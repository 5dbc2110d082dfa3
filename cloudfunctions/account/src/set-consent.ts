import type { accountContract } from '../../../src/shared/contract/account';
import { membersRepo } from '../../_common/repositories/members';
import { fail, ok } from '../../_common/result';
import { discardFiles } from '../../_common/storage';
import type { Handler } from '../../_common/router';
import { toIso } from './me-view';
import { ownProfileOf } from './own-profile';

/**
 * A member gives or withdraws consent to appear on public plaques (PIPL art. 25: separate and
 * revocable). Audited although self-service: it is a privacy decision, and its trail is the proof.
 * Withdrawing also deletes the plaque photo (withdrawn means gone: no stored copy, no URL can be
 * minted for it); a member who consents again uploads a new one.
 */
export const setConsent: Handler<typeof accountContract.setConsent> = async (input, { caller, now, actor }) => {
  const current = await actor();
  const own = await ownProfileOf(current);
  if (!own) return fail('NOT_FOUND', '没有找到你的党员档案');
  // The router already sees a left person as a guest; the profile is checked too, whatever the binding says.
  if (own.member.leftAt) return fail('FORBIDDEN', '你已离校，不能再在门牌和党员公示中公开展示');
  const consent = { public: input.public, changedAt: now };
  const photo = input.public ? null : (own.member.photoFileId ?? null);
  const changes = photo ? { consent, photoFileId: null } : { consent };
  const by = { actorOpenid: caller.openid, actorRole: current.role };
  const outcome = await membersRepo.updateOwn({ id: own.member._id, userId: own.user._id, changes, photoWas: photo ?? undefined, action: 'account.setConsent', by }, now);
  if (outcome === 'missing') return fail('NOT_FOUND', '没有找到你的党员档案');
  if (outcome === 'conflict') return fail('CONFLICT', '资料刚刚被修改过，请刷新后重试');
  if (photo) await discardFiles([photo], 'account.setConsent', now);
  return ok({ consent: { public: consent.public, changedAt: toIso(now) } });
};
