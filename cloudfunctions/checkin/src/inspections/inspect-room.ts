import type { inspectionsContract } from '../../../../src/shared/contract/checkin-inspections';
import { inspectionEffect, isCivilisedRoom, monthKeyOf, rectifyDeadline, scoreInspection } from '../../../../src/shared/domain/inspection';
import { isOwnUpload } from '../../../../src/shared/domain/photo-path';
import { newId } from '../../../_common/ids';
import { inspectionsRepo, type InspectionDoc } from '../../../_common/repositories/checkin-inspections';
import { orgRepo } from '../../../_common/repositories/org';
import { rosterRepo } from '../../../_common/repositories/roster';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { blankState, checklistInForce, flagView, mayInspect } from './views';

/**
 * An inspection of one room: scored against the checklist in force, rated by the domain rule (not
 * chosen), with the inspector's own photos and a note. 脏乱差 flags the room with a deadline; only a
 * different inspector's re-inspection rated above it clears the flag; the flagger may not re-inspect.
 */
export const inspectRoom: Handler<typeof inspectionsContract.inspectRoom> = async ({ roomId, scores, photoFileIds, note }, { caller, now, actor }) => {
  const me = await actor();
  const room = await orgRepo.roomById(roomId);
  if (!room) return fail('NOT_FOUND', '没有找到这间寝室');
  if (!(await mayInspect(me, room.buildingId))) return fail('FORBIDDEN', '你不是这栋楼的检查员，不能检查这间寝室');
  if ((me.role === 'student' || me.role === 'member') && me.user?.rosterId) {
    const own = await rosterRepo.byId(me.user.rosterId);
    if (own?.roomId === roomId) return fail('FORBIDDEN', '不能检查自己住的寝室');
  }
  if (photoFileIds.some((f) => !isOwnUpload(f, caller.openid, 'evidence'))) return fail('INVALID_INPUT', '照片须是你本人刚上传的图片');
  const { items } = await checklistInForce();
  const scored = scoreInspection(items, scores);
  if (!scored.ok) return fail('INVALID_INPUT', scored.message);
  const building = await orgRepo.buildingById(room.buildingId);
  const roomLabel = `${building?.name ?? ''} ${room.number}`.trim();
  const userId = me.user?._id ?? caller.openid;
  const inspectorName = me.user?.name ?? '检查员';

  const record: InspectionDoc = {
    _id: newId(), kind: 'inspection', correctsId: null, reason: null, roomId, buildingId: room.buildingId, floor: room.floor, roomLabel, month: monthKeyOf(now), at: now,
    inspectorUserId: userId, inspectorName, inspectorRole: me.role,
    items: items.map((i) => ({ id: i.id, label: i.label, category: i.category, maxScore: i.maxScore, score: scores.find((s) => s.id === i.id)!.score })),
    total: scored.total, max: scored.max, percent: scored.percent, rating: scored.rating, photoFileIds, note,
  };
  const outcome = await inspectionsRepo.record(
    {
      record,
      buildingName: building?.name ?? '',
      civilised: isCivilisedRoom,
      by: { actorOpenid: caller.openid, actorRole: me.role },
      apply(state) {
        const effect = inspectionEffect(state, userId, scored.rating);
        if (effect === 'SAME_INSPECTOR') return 'SAME_INSPECTOR';
        const next = { ...(state ?? blankState(room, roomLabel)), roomLabel, lastInspectionId: record._id, lastRating: scored.rating, lastAt: now };
        if (effect === 'flag') Object.assign(next, { flagged: true, flaggedAt: now, deadline: rectifyDeadline(now), flaggedBy: userId, flaggedByName: inspectorName, flagInspectionId: record._id });
        // Found failing again by someone else: they now stand behind the flag (its deadline stays).
        if (effect === 'stillFlagged') Object.assign(next, { flaggedBy: userId, flaggedByName: inspectorName, flagInspectionId: record._id });
        if (effect === 'clear') Object.assign(next, { flagged: false, clearedAt: now, clearedBy: userId });
        return { state: next, effective: scored.rating, previous: null };
      },
    },
    now,
  );
  if (!outcome.ok) {
    if (outcome.code === 'SAME_INSPECTOR') return fail('REINSPECTION_SAME_INSPECTOR', '这间寝室是你评为“脏乱差”的，整改复查须由另一位检查员进行');
    return fail('CONFLICT', '这间寝室刚被他人检查，请刷新后重试');
  }
  return ok({ id: record._id, rating: scored.rating, percent: scored.percent, flag: flagView(outcome.value.state, now) });
};
