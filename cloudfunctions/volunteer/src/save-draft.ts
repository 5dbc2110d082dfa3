import type { volunteerContract } from '../../../src/shared/contract/volunteer';
import { fingerprintOf, parseEntryTime } from '../../../src/shared/domain/volunteer';
import type { VolunteerEntryDoc } from '../../_common/docs';
import { newId } from '../../_common/ids';
import { entriesRepo } from '../../_common/repositories/entries';
import { memberHoursRepo } from '../../_common/repositories/member-hours';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { checkAndCount, checkOnServer } from './entry-rules';
import { isOwnUpload } from '../../../src/shared/domain/photo-path';
import { storedPhoto } from '../../_common/storage';
import { termRule } from '../../_common/terms';
import { entriesOf } from './entry-view';
import { ownMember } from './own-member';

/** Editable states; a pending or returned entry stays in its state and passes the rules again. */
const EDITABLE = ['draft', 'pending', 'returned'] as const;

/**
 * Creates a draft, or changes the caller's own draft, pending or returned entry. Another member's
 * entry answers NOT_FOUND, as an unknown id does. The change is conditional on the state read, so
 * an approval or withdrawal in between wins and this answers CONFLICT.
 */
export const saveDraft: Handler<typeof volunteerContract.saveDraft> = async ({ id, ...input }, ctx) => {
  const own = await ownMember(ctx);
  if (!own) return fail('NOT_FOUND', '没有找到你的党员档案');
  // Evidence must be the member's own upload (the storage rules let only them write that folder), and a photo by its bytes.
  if (!input.photoFileIds.every((f) => isOwnUpload(f, ctx.caller.openid, 'evidence'))) return fail('FORBIDDEN', '照片须上传到自己的目录');
  for (const f of input.photoFileIds) {
    const stored = await storedPhoto(f);
    if (stored === 'missing') return fail('NOT_FOUND', '照片文件不存在，请重新上传');
    if (stored === 'not-photo') return fail('INVALID_INPUT', '只能使用 JPEG、PNG 或 WebP 格式的照片');
  }
  // One parse gives the hours and the term; the day rules (checkEntry) read the same parse.
  const time = parseEntryTime(input, undefined, await termRule(ctx.now));
  if (!time.ok) return fail(time.code);
  const fields = {
    ...input,
    witnessName: input.witnessName || null,
    witnessContact: input.witnessContact || null,
    hours: time.value.hours,
    fingerprint: fingerprintOf(input),
    termKey: time.value.termKey,
    updatedAt: ctx.now,
  };

  if (!id) {
    const member = await memberHoursRepo.entryOwner(own.memberId);
    if (!member) return fail('NOT_FOUND', '没有找到你的党员档案');
    const doc: VolunteerEntryDoc = {
      _id: newId(),
      memberId: member._id,
      userId: own.user._id,
      memberName: member.name,
      buildingId: member.buildingId,
      branchId: member.branchId,
      branchName: member.branchName,
      ...fields,
      status: 'draft',
      verified: false,
      activityId: null,
      approvedHours: null,
      reviewComment: null,
      reviewedBy: null,
      reviewedAt: null,
      submittedAt: null,
      notifyOnReview: false,
      createdAt: ctx.now,
    };
    await entriesRepo.create(doc);
    return ok({ entry: (await entriesOf([doc]))[0] });
  }

  const entry = await entriesRepo.byId(id);
  if (!entry || entry.memberId !== own.memberId) return fail('NOT_FOUND', '没有找到这条志愿服务记录');
  if (entry.verified || !(EDITABLE as readonly string[]).includes(entry.status)) return fail('INVALID_STATE');
  if (entry.status === 'pending') {
    // A pending entry counts on its (possibly new) day: edit it under the same day guard as a submit.
    const counted = await checkAndCount(own.memberId, input, id, 'pending', (hours) => ({ ...fields, hours }), ctx.now);
    if (!counted.ok) return fail(counted.code);
    return ok({ entry: (await entriesOf([{ ...entry, ...counted.value }]))[0] });
  }
  if (entry.status === 'returned') {
    // A returned entry does not count yet; its rules run again when it is submitted.
    const checked = await checkOnServer(own.memberId, input, id, ctx.now);
    if (!checked.ok) return fail(checked.code);
  }
  if (!(await entriesRepo.updateIf(id, own.memberId, entry.status, fields)).ok) return fail('CONFLICT');
  return ok({ entry: (await entriesOf([{ ...entry, ...fields }]))[0] });
};
