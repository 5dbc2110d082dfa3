import type { inspectionsContract } from '../../../../src/shared/contract/checkin-inspections';
import { isCivilisedRoom, rectifyDeadline, scoreInspection, type ChecklistCategory } from '../../../../src/shared/domain/inspection';
import { newId } from '../../../_common/ids';
import { inspectionsRepo, type InspectionDoc } from '../../../_common/repositories/checkin-inspections';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
import { blankState, flagView } from './views';

/**
 * A counselor corrects an inspection: a new record (kind `correction`) with the right scores, on the
 * items the original was scored on, and a reason; the original stays as it was. The correction's
 * rating replaces the original's in the month's ratings, and moves the flag only when the original
 * is what set it (cleared) or the room's latest inspection (flagged).
 */
export const correctInspection: Handler<typeof inspectionsContract.correctInspection> = async ({ id, scores, reason }, { caller, now, actor }) => {
  const me = await actor();
  let original = await inspectionsRepo.recordById(id);
  // Correcting a correction corrects the same inspection again.
  if (original?.kind === 'correction' && original.correctsId) original = await inspectionsRepo.recordById(original.correctsId);
  if (!original) return fail('NOT_FOUND', '没有找到这次检查');
  if (!inScope(me, original.buildingId)) return fail('FORBIDDEN', '只能更正自己负责楼栋的检查');
  const items = original.items.map((i) => ({ id: i.id, label: i.label, category: i.category as ChecklistCategory, maxScore: i.maxScore }));
  const scored = scoreInspection(items, scores);
  if (!scored.ok) return fail('INVALID_INPUT', scored.message);
  const userId = me.user?._id ?? caller.openid;
  const orig = original;

  const record: InspectionDoc = {
    _id: newId(), kind: 'correction', correctsId: orig._id, reason, roomId: orig.roomId, buildingId: orig.buildingId, floor: orig.floor, roomLabel: orig.roomLabel,
    month: orig.month, at: now, inspectorUserId: userId, inspectorName: me.user?.name ?? '辅导员', inspectorRole: me.role,
    items: items.map((i) => ({ ...i, score: scores.find((s) => s.id === i.id)!.score })),
    total: scored.total, max: scored.max, percent: scored.percent, rating: scored.rating, photoFileIds: [], note: '',
  };
  const outcome = await inspectionsRepo.record(
    {
      record,
      buildingName: '',
      civilised: isCivilisedRoom,
      by: { actorOpenid: caller.openid, actorRole: me.role },
      apply(state, roomMonth) {
        const previous = roomMonth?.ratings[orig._id] ?? orig.rating;
        const next = { ...(state ?? blankState({ _id: orig.roomId, buildingId: orig.buildingId, floor: orig.floor }, orig.roomLabel)) };
        const failing = scored.rating === 'failing';
        if (next.flagged && next.flagInspectionId === orig._id && !failing) Object.assign(next, { flagged: false, clearedAt: now, clearedBy: userId });
        else if (!next.flagged && next.lastInspectionId === orig._id && failing) {
          Object.assign(next, { flagged: true, flaggedAt: now, deadline: rectifyDeadline(now), flaggedBy: orig.inspectorUserId, flaggedByName: orig.inspectorName, flagInspectionId: orig._id });
        }
        if (next.lastInspectionId === orig._id) next.lastRating = scored.rating;
        return { state: next, effective: scored.rating, previous };
      },
    },
    now,
  );
  if (!outcome.ok) return fail('CONFLICT', '这间寝室刚被他人检查或更正，请刷新后重试');
  return ok({ id: record._id, rating: scored.rating, percent: scored.percent, flag: flagView(outcome.value.state, now) });
};
