import type { accountContract } from '../../../src/shared/contract/account';
import { audit } from '../../_common/audit';
import { checkText } from '../../_common/content-check';
import type { MemberDoc } from '../../_common/docs';
import { photoUrls } from '../../_common/photos';
import { membersRepo } from '../../_common/repositories/members';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { meOf } from './me-view';
import { ownProfileOf } from './own-profile';
import { isOwnPhotoPath } from '../../../src/shared/domain/photo-path';

/**
 * A member changes their own pledge or photo. Everything is checked before anything is written: the
 * pledge (shown on plaques) passes the content check, the photo must be a file in the member's own
 * folder that exists (getTempFileURL; who uploaded it is not knowable, see photo-path.ts).
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
      if (!isOwnPhotoPath(input.photoFileId, own.member._id)) return fail('FORBIDDEN', '照片须上传到自己的目录');
      if (!(await photoUrls([input.photoFileId])).has(input.photoFileId)) return fail('NOT_FOUND', '照片文件不存在，请重新上传');
    }
    changes.photoFileId = input.photoFileId;
  }
  if (Object.keys(changes).length === 0) return ok(await meOf(own.user, now, { member: own.member }));

  if (!(await membersRepo.updateOwn(own.member._id, own.user._id, changes))) return fail('NOT_FOUND', '没有找到你的党员档案');
  const before = Object.fromEntries(Object.keys(changes).map((k) => [k, own.member[k as keyof typeof changes] ?? null]));
  await audit(
    { actorOpenid: caller.openid, actorRole: current.role, action: 'account.updateProfile', target: { collection: 'members', id: own.member._id }, before, after: changes },
    now,
  );
  return ok(await meOf(own.user, now, { member: { ...own.member, ...changes } }));
};
