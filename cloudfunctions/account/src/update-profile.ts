import type { accountContract } from '../../../src/shared/contract/account';
import { checkText } from '../../_common/content-check';
import type { MemberDoc } from '../../_common/docs';
import { discardFiles, storedPhoto } from '../../_common/storage';
import { membersRepo } from '../../_common/repositories/members';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { meOf } from './me-view';
import { ownProfileOf } from './own-profile';
import { isOwnUpload } from '../../../src/shared/domain/photo-path';

/**
 * A member changes their own pledge or photo. Everything is checked before anything is written: the
 * pledge (shown on plaques) passes the content check, the photo must be a file in the caller's own
 * upload folder (which the storage rules let only them write) whose bytes are a photo. A replaced or
 * removed photo is deleted once the profile no longer points at it (withdrawn means gone).
 */
export const updateProfile: Handler<typeof accountContract.updateProfile> = async (input, { caller, now, actor }) => {
  const current = await actor();
  const own = await ownProfileOf(current);
  if (!own) return fail('NOT_FOUND', '没有找到你的党员档案');

  const changes: Partial<Pick<MemberDoc, 'pledge' | 'photoFileId'>> = {};
  if (input.pledge !== undefined) {
    changes.pledge = input.pledge === '' ? null : input.pledge;
    if (changes.pledge) {
      const checked = await checkText(changes.pledge, caller.openid);
      if (!checked.ok) return checked;
    }
  }
  if (input.photoFileId !== undefined) {
    if (input.photoFileId !== null) {
      if (!isOwnUpload(input.photoFileId, caller.openid, 'photo')) return fail('FORBIDDEN', '照片须上传到自己的目录');
      const stored = await storedPhoto(input.photoFileId);
      if (stored === 'missing') return fail('NOT_FOUND', '照片文件不存在，请重新上传');
      if (stored === 'not-photo') return fail('INVALID_INPUT', '只能使用 JPEG、PNG 或 WebP 格式的照片');
    }
    changes.photoFileId = input.photoFileId;
  }
  if (Object.keys(changes).length === 0) return ok(await meOf(own.user, now, { member: own.member }));

  const photoWas = changes.photoFileId !== undefined ? (own.member.photoFileId ?? null) : undefined;
  const by = { actorOpenid: caller.openid, actorRole: current.role };
  const outcome = await membersRepo.updateOwn({ id: own.member._id, userId: own.user._id, changes, photoWas, action: 'account.updateProfile', by }, now);
  if (outcome === 'missing') return fail('NOT_FOUND', '没有找到你的党员档案');
  if (outcome === 'conflict') return fail('CONFLICT', '照片刚刚被修改过，请刷新后重试');
  const old = own.member.photoFileId;
  if (old && changes.photoFileId !== undefined && changes.photoFileId !== old) await discardFiles([old], 'account.updateProfile', now);
  return ok(await meOf(own.user, now, { member: { ...own.member, ...changes } }));
};
