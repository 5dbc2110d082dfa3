import { cstDate } from '../../../../src/shared/domain/china-time';
import type { developEligibilityContract } from '../../../../src/shared/contract/develop-eligibility';
import { experiencesRepo, EXPERIENCES_MAX, type ExperienceDoc } from '../../../_common/repositories/develop-experiences';
import { memberForFacts } from '../../../_common/repositories/develop-facts';
import { newId } from '../../../_common/ids';
import { fail, ok } from '../../../_common/result';
import type { Actor, Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
import { memberInReach } from './eligibility';

const EXPERIENCES_FULL = `每人最多记录 ${EXPERIENCES_MAX} 条经历，请更正已有记录`;
const auditor = (actor: Actor, openid: string) => ({ actorOpenid: openid, actorRole: actor.role });
const recorder = (actor: Actor) => ({ recordedBy: actor.user?._id ?? actor.openid, recordedByName: actor.user?.name ?? (actor.role === 'admin' ? '管理员' : '辅导员') });

export const memberExperiences: Handler<typeof developEligibilityContract.memberExperiences> = async ({ memberId }, { actor }) => {
  const reach = await memberInReach(await actor(), memberId);
  if (reach.refusal) return reach.refusal;
  const records = await experiencesRepo.ofMember(reach.member._id);
  return ok({
    items: records.map((r) => ({
      id: r._id, kind: r.kind, title: r.title, date: r.date, description: r.description, recordedByName: r.recordedByName, recordedAt: new Date(r.recordedAt).toISOString(),
      correctsId: r.correctsId, withdrawn: r.withdrawn, reason: r.reason, correctedBy: r.correctedBy,
    })),
  });
};

/** A counselor records an experience of a member in their buildings; the date may not be in the future. */
export const recordExperience: Handler<typeof developEligibilityContract.recordExperience> = async (input, { caller, now, actor }) => {
  const me = await actor();
  const member = await memberForFacts(input.memberId);
  if (!member) return fail('NOT_FOUND', '没有找到这名党员或积极分子');
  if (!inScope(me, member.buildingId)) return fail('FORBIDDEN', '只能为自己负责楼栋的党员记录经历');
  if (input.date > cstDate(now)) return fail('INVALID_INPUT', '经历日期不能晚于今天');
  const counted = (await experiencesRepo.ofMember(member._id)).length;
  if (counted >= EXPERIENCES_MAX) return fail('INVALID_STATE', EXPERIENCES_FULL);
  const doc: ExperienceDoc = {
    _id: newId(), memberId: member._id, buildingId: member.buildingId, kind: input.kind, title: input.title, date: input.date, description: input.description,
    ...recorder(me), recordedAt: now, correctsId: null, withdrawn: false, reason: null, correctedBy: null,
  };
  const outcome = await experiencesRepo.add(doc, auditor(me, caller.openid), now, counted);
  if (!outcome.ok) return outcome.code === 'FULL' ? fail('INVALID_STATE', EXPERIENCES_FULL) : fail('CONFLICT', '记录未保存，请重试');
  return ok({ id: doc._id });
};

/** A correction is a new record (the original stays and shows 已更正); `withdraw` makes the experience count no more. */
export const correctExperience: Handler<typeof developEligibilityContract.correctExperience> = async (input, { caller, now, actor }) => {
  const me = await actor();
  const original = await experiencesRepo.byId(input.experienceId);
  if (!original) return fail('NOT_FOUND', '没有找到这条经历记录');
  if (!inScope(me, original.buildingId)) return fail('FORBIDDEN', '只能更正自己负责楼栋的记录');
  if (original.correctedBy) return fail('INVALID_STATE', '这条记录已被更正过，请更正最新的那条');
  if (original.withdrawn) return fail('INVALID_STATE', '这条记录已撤销，不能再更正');
  const date = input.date ?? original.date;
  if (date > cstDate(now)) return fail('INVALID_INPUT', '经历日期不能晚于今天');
  const doc: ExperienceDoc = {
    _id: newId(), memberId: original.memberId, buildingId: original.buildingId, kind: input.kind ?? original.kind, title: input.title ?? original.title, date,
    description: input.description ?? original.description, ...recorder(me), recordedAt: now, correctsId: original._id, withdrawn: input.withdraw, reason: input.reason, correctedBy: null,
  };
  const outcome = await experiencesRepo.add(doc, auditor(me, caller.openid), now);
  if (!outcome.ok) {
    if (outcome.code === 'NOT_FOUND') return fail('NOT_FOUND', '没有找到这条经历记录');
    if (outcome.code === 'ALREADY_CORRECTED') return fail('INVALID_STATE', '这条记录刚被他人更正，请刷新后查看');
    return fail('CONFLICT', '记录刚被他人修改，请刷新后重试');
  }
  return ok({ id: doc._id });
};
