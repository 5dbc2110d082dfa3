import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { inspectionsContract } from '../../../../src/shared/contract/checkin-inspections';
import { decodeCursor, encodeCursor } from '../../../_common/cursor';
import { inspectionsRepo } from '../../../_common/repositories/checkin-inspections';
import { orgRepo } from '../../../_common/repositories/org';
import { rosterRepo } from '../../../_common/repositories/roster';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { BAD_CURSOR, flagView, inspectionView, mayInspect } from './views';

/**
 * A room's inspections and corrections, newest first. Residents (students, members) see their own
 * room; counselors and appointed inspectors a room they may inspect (the previous results before a re-inspection).
 */
export const roomInspections: Handler<typeof inspectionsContract.roomInspections> = async ({ roomId, cursor, limit }, { now, actor }) => {
  const me = await actor();
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
  let target = roomId;
  if (me.role === 'student' || me.role === 'member') {
    const own = me.user?.rosterId ? await rosterRepo.byId(me.user.rosterId) : null;
    if (target === undefined) target = own?.roomId;
    if (target === undefined) return fail('NOT_FOUND', '没有找到你的寝室');
    if (target !== own?.roomId) {
      const room = await orgRepo.roomById(target);
      if (!room) return fail('NOT_FOUND', '没有找到这间寝室');
      if (!(await mayInspect(me, room.buildingId))) return fail('FORBIDDEN', '只能查看自己寝室的检查结果');
    }
  } else {
    if (target === undefined) return fail('INVALID_INPUT', '请选择寝室');
    const room = await orgRepo.roomById(target);
    if (!room) return fail('NOT_FOUND', '没有找到这间寝室');
    if (!(await mayInspect(me, room.buildingId))) return fail('FORBIDDEN', '只能查看自己负责楼栋的寝室');
  }
  const [state, page] = await Promise.all([inspectionsRepo.roomState(target), inspectionsRepo.roomPage(target, after, limit ?? PAGE_LIMIT_DEFAULT)]);
  const originals = page.items.filter((i) => i.kind === 'inspection').map((i) => i._id);
  const corrected = await inspectionsRepo.correctionsOf(originals);
  const last = page.items[page.items.length - 1];
  return ok({
    roomLabel: state?.roomLabel ?? page.items[0]?.roomLabel ?? null,
    flag: flagView(state, now),
    items: page.items.map((i) => inspectionView(i, corrected.get(i._id) ?? null)),
    nextCursor: page.more && last ? encodeCursor(new Date(last.at), last._id) : null,
  });
};
