import type { developRecordsContract } from '../../../../src/shared/contract/develop-records';
import { cstAt, cstDate } from '../../../../src/shared/domain/china-time';
import { announced, DEVELOP_NOTICE_DAYS_DEFAULT, developNoticeUntil, nextStage, previousStage, stageVetoed, stepDateRefusal, stepOrderRefusal } from '../../../../src/shared/domain/development';
import { flagVetoMessage } from '../../../../src/shared/domain/inspection';
import type { MemberStatus } from '../../../../src/shared/model';
import { newId } from '../../../_common/ids';
import { developRecordsRepo } from '../../../_common/repositories/develop-records';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
import { resolvePerson } from './person';
import { recordAbout, recordedBy } from './recorded';

/**
 * A counselor (in scope; an admin anywhere) records the next step of a person's timeline with its
 * date. The order, the date and the veto (seed 004: a resident of a 脏乱差 room is neither developed
 * nor converted) are checked in the step's transaction, which also reads the room's flag.
 */
export const recordStep: Handler<typeof developRecordsContract.recordStep> = async ({ person, stage, date, note, noticeDays }, { caller, now, actor }) => {
  const me = await actor();
  const found = await resolvePerson(person);
  if (!found) return fail('NOT_FOUND', '没有找到这名学生，请核对学号');
  if (!inScope(me, found.roster.buildingId)) return fail('FORBIDDEN', '只能记录自己负责楼栋的学生');
  const today = cstDate(now);
  const days = noticeDays ?? DEVELOP_NOTICE_DAYS_DEFAULT;
  const stepId = newId();
  const outcome = await developRecordsRepo.record(
    {
      rosterId: found.roster._id,
      memberId: found.member?._id ?? null,
      step: { _id: stepId, kind: 'step', stage, date, correctsId: null, reason: null, note: note || null, ...recordedBy(me, caller.openid, now) },
      rules: {
        order: (name, current) => stepOrderRefusal(name, current, stage),
        date: (previous) => stepDateRefusal(date, today, previous),
        vetoed: (room) => Boolean(room?.flagged) && stageVetoed(stage),
      },
      probationStartedAt: stage === 'probationary' ? cstAt(date, '00:00') : null,
      newMemberId: newId(),
      notice: announced(stage) ? { days, from: now, until: developNoticeUntil(now, days) } : null,
      by: { actorOpenid: caller.openid, actorRole: me.role },
    },
    now,
  );
  if (outcome.ok) return ok({ stepId, rosterId: found.roster._id, memberId: outcome.value.memberId, stage, noticeId: outcome.value.noticeId });
  switch (outcome.code) {
    case 'ORDER':
      return fail('INVALID_STATE', outcome.message);
    case 'DATE':
      return fail('INVALID_INPUT', outcome.message);
    case 'VETOED': {
      const deadline = outcome.room.deadline ? cstDate(new Date(outcome.room.deadline)) : '未定';
      return fail('ROOM_FLAGGED', flagVetoMessage(outcome.room.roomLabel, deadline, stage as MemberStatus));
    }
    case 'NOT_FOUND':
      return fail('NOT_FOUND', '没有找到这名学生的名册或寝室信息');
    default:
      return fail('CONFLICT', '这名学生的发展记录刚被他人更新，请刷新后重试');
  }
};

/**
 * A correction of a step's date: a new record with the reason; the original stays (shown superseded)
 * and the person's effective date, the probation start and the notice's date follow. The date stays
 * between the steps before and after it.
 */
export const correctStep: Handler<typeof developRecordsContract.correctStep> = async ({ stepId, date, reason }, { caller, now, actor }) => {
  const me = await actor();
  const named = await developRecordsRepo.step(stepId);
  const original = named?.kind === 'correction' && named.correctsId ? await developRecordsRepo.step(named.correctsId) : named;
  if (!original) return fail('NOT_FOUND', '没有找到这条发展记录');
  if (!inScope(me, original.buildingId)) return fail('FORBIDDEN', '只能更正自己负责楼栋学生的记录');
  const today = cstDate(now);
  const correction = recordAbout(original, { _id: newId(), kind: 'correction', date, reason }, recordedBy(me, caller.openid, now));
  const before = previousStage(original.stage);
  const after = nextStage(original.stage);
  const outcome = await developRecordsRepo.correct(
    {
      original,
      correction,
      bounds: (person) => {
        if (person.dates[original.stage] === date) return `日期已是${date}，无需更正`;
        return stepDateRefusal(date, today, before ? person.dates[before] ?? null : null, after ? person.dates[after] ?? null : null);
      },
      probationStartedAt: original.stage === 'probationary' ? cstAt(date, '00:00') : null,
      by: { actorOpenid: caller.openid, actorRole: me.role },
    },
    now,
  );
  if (outcome.ok) return ok({ stepId: correction._id, correctsId: original._id });
  if (outcome.code === 'DATE') return fail('INVALID_INPUT', outcome.message);
  if (outcome.code === 'NOT_FOUND') return fail('NOT_FOUND', '没有找到这名学生的发展记录');
  if (outcome.code === 'SUPERSEDED') return fail('INVALID_STATE', '这条记录已不在时间线上，无法更正');
  return fail('CONFLICT', '这名学生的发展记录刚被他人更新，请刷新后重试');
};
