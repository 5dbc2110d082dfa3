import type { visitsContract } from '../../../../src/shared/contract/checkin-visits';
import { RATE_LIMITS } from '../../../../src/shared/domain/rate-limits';
import { confirmDeadline } from '../../../../src/shared/domain/visits';
import { checkText } from '../../../_common/content-check';
import { newId } from '../../../_common/ids';
import { consume } from '../../../_common/rate-limit';
import { visitsRepo } from '../../../_common/repositories/checkin-visits';
import { plaquesRepo } from '../../../_common/repositories/plaques';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';

/**
 * A member at the door of a linked room scans its plaque: the code proves the room (a plaque code
 * is unguessable), the link proves the member may visit it. The visit waits for a resident's answer.
 * The limit is counted first, so probing codes costs attempts too.
 */
export const recordVisit: Handler<typeof visitsContract.recordVisit> = async ({ code, topic, note }, { caller, now, actor }) => {
  const { user } = await actor();
  if (!user?.memberId) return fail('NOT_FOUND', '没有找到你的党员档案');
  const limited = await consume(RATE_LIMITS.visitRecord, user._id, now);
  if (!limited.ok) return limited;
  const member = await visitsRepo.memberForLinks(user.memberId);
  if (!member) return fail('NOT_FOUND', '没有找到你的党员档案');
  const plaque = await plaquesRepo.byCode(code);
  if (!plaque) return fail('NOT_FOUND', '没有找到这个寝室二维码');
  if (plaque.status !== 'active') return fail('CODE_RETIRED');
  if (plaque.roomId === member.roomId) return fail('FORBIDDEN', '走访的是你联系的寝室，不是自己住的寝室');
  if (!(member.linkedRoomIds ?? []).includes(plaque.roomId)) return fail('FORBIDDEN', `${plaque.room.number} 不是你联系的寝室，请扫描联系寝室门上的二维码`);

  const checked = await checkText(note, caller.openid);
  if (!checked.ok) return checked;

  const id = newId();
  await visitsRepo.createVisit({
    _id: id,
    memberId: member._id,
    memberName: member.name,
    roomId: plaque.roomId,
    roomNumber: plaque.room.number,
    buildingId: plaque.buildingId,
    topic,
    note,
    at: now,
    plaqueCode: code,
    makeUp: null,
    status: 'pending',
    correction: null,
    createdAt: now,
  });
  return ok({ id, roomNumber: plaque.room.number, deadline: confirmDeadline(now).toISOString() });
};
