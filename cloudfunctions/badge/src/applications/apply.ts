import type { badgeApplicationsContract } from '../../../../src/shared/contract/badge-applications';
import { applicationStatusLabels, isRoomLeaderOf, mayApplyAgain, modelRoomApplicationId } from '../../../../src/shared/domain/badge-rules';
import { isOwnUpload, userUploadDir } from '../../../../src/shared/domain/photo-path';
import { checkText } from '../../../_common/content-check';
import { termAt } from '../../../_common/terms';
import { applicationsRepo } from '../../../_common/repositories/badge-applications';
import { membersRepo } from '../../../_common/repositories/members';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { storedPhoto, tempUrls } from '../../../_common/storage';
import { applicationView } from './views';

/** The room leader's side: apply for 党员示范寝室 this term, and see this term's application. */

const NOT_LEADER = '只有本寝室的宿舍长（住在本寝室并担任宿舍长的党员）可以申请党员示范寝室';

export const applyModelRoom: Handler<typeof badgeApplicationsContract.applyModelRoom> = async ({ statement, photoFileIds }, { caller, now, actor }) => {
  const me = await actor();
  const member = me.user?.memberId ? await membersRepo.ownProfile(me.user.memberId) : null;
  if (!member) return fail('NOT_FOUND', '没有找到你的党员档案');
  if (!isRoomLeaderOf(member, member.roomId)) return fail('FORBIDDEN', NOT_LEADER);
  const term = await termAt(now);
  const id = modelRoomApplicationId(term.key, member.roomId);
  const existing = await applicationsRepo.byId(id);
  if (existing && !mayApplyAgain(existing.status)) return fail('ALREADY_APPLIED', `本学期这个寝室已经提交过申请（${applicationStatusLabels[existing.status]}），每个寝室每学期只能有一份申请`);
  if (photoFileIds.some((f) => !isOwnUpload(f, caller.openid, 'evidence'))) return fail('INVALID_INPUT', '照片须是你本人刚上传的图片');
  for (const f of photoFileIds) {
    const stored = await storedPhoto(f);
    if (stored === 'missing') return fail('NOT_FOUND', '照片文件不存在，请重新上传');
    if (stored === 'not-photo') return fail('INVALID_INPUT', '只能使用 JPEG、PNG 或 WebP 格式的照片');
  }
  // The statement is read by the counselor and, once approved, stands for the room: checked like every text others read.
  const checked = await checkText(statement, caller.openid);
  if (!checked.ok) return checked;
  const outcome = await applicationsRepo.submit(
    {
      _id: id, roomId: member.roomId, roomLabel: `${member.buildingName ?? ''}${member.roomNumber}室`, buildingId: member.buildingId, termKey: term.key,
      applicantMemberId: member._id, applicantUserId: me.user?._id ?? caller.openid, applicantName: member.name, statement, photoFileIds: [...new Set(photoFileIds)],
    },
    { actorOpenid: caller.openid, actorRole: me.role },
    now,
  );
  if (outcome.ok) return ok({ id });
  if (outcome.code === 'EXISTS') return fail('ALREADY_APPLIED', `本学期这个寝室已经提交过申请（${applicationStatusLabels[outcome.status ?? 'pending']}），每个寝室每学期只能有一份申请`);
  return fail('CONFLICT');
};

export const myRoomApplication: Handler<typeof badgeApplicationsContract.myRoomApplication> = async (_input, { caller, now, actor }) => {
  const me = await actor();
  const term = await termAt(now);
  const uploadDir = userUploadDir(caller.openid);
  const member = me.user?.memberId ? await membersRepo.ownProfile(me.user.memberId) : null;
  if (!member) return ok({ roomLeader: false, termLabel: term.label, uploadDir, application: null });
  const app = await applicationsRepo.byId(modelRoomApplicationId(term.key, member.roomId));
  // Photos are the applicant's own uploads: only they get URLs; roommates see the statement and the state.
  const mine = app !== null && app.applicantMemberId === member._id;
  const urls = mine ? await tempUrls(app.photoFileIds) : null;
  return ok({ roomLeader: isRoomLeaderOf(member, member.roomId), termLabel: term.label, uploadDir, application: app ? applicationView(app, urls) : null });
};
