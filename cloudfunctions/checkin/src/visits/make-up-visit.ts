import type { visitsContract } from '../../../../src/shared/contract/checkin-visits';
import { makeUpDateProblem, makeUpInstant } from '../../../../src/shared/domain/visits';
import { newId } from '../../../_common/ids';
import { visitsRepo } from '../../../_common/repositories/checkin-visits';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';

/**
 * A counselor's make-up visit (补录) to one of the member's linked rooms on a China date within the
 * shared rule (`makeUpDateProblem`, the page's date picker reads the same bounds): a new record with
 * the reason and who made it, counted as confirmed by the counselor, audited.
 */
export const makeUpVisit: Handler<typeof visitsContract.makeUpVisit> = async ({ memberId, roomId, date, topic, note, reason }, { now, actor }) => {
  const who = await actor();
  const member = await visitsRepo.memberForLinks(memberId);
  if (!member) return fail('NOT_FOUND', '没有找到这位党员');
  if (!inScope(who, member.buildingId)) return fail('FORBIDDEN', '这位党员不在你负责的楼栋');
  if (!(member.linkedRoomIds ?? []).includes(roomId)) return fail('INVALID_STATE', '只能为党员联系的寝室补录走访');
  const problem = makeUpDateProblem(date, now);
  if (problem) return fail('INVALID_STATE', problem);
  const when = makeUpInstant(date, now);
  const [room] = await visitsRepo.rooms([roomId]);
  if (!room) return fail('NOT_FOUND', '没有找到这个寝室');
  const id = newId();
  const userId = who.user?._id ?? who.openid;
  const outcome = await visitsRepo.makeUp(
    {
      _id: id, memberId, memberName: member.name, roomId, roomNumber: room.number, buildingId: room.buildingId, topic, note, at: when,
      plaqueCode: null, makeUp: { by: userId, reason }, status: 'confirmed', correction: null, createdAt: now,
    },
    { actorOpenid: who.openid, actorRole: who.role },
    now,
  );
  return outcome.ok ? ok({ id }) : fail('CONFLICT');
};
