import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { inspectionsContract } from '../../../../src/shared/contract/checkin-inspections';
import { userUploadDir } from '../../../../src/shared/domain/photo-path';
import { decodeCursor, decodeRoomCursor, encodeCursor, encodeRoomCursor } from '../../../_common/cursor';
import { newId } from '../../../_common/ids';
import { inspectionsRepo } from '../../../_common/repositories/checkin-inspections';
import { orgRepo } from '../../../_common/repositories/org';
import { rosterRepo } from '../../../_common/repositories/roster';
import { usersRepo } from '../../../_common/repositories/users';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
import { BAD_CURSOR, mayInspect, narrowedScope } from './views';

/** Inspector appointments: records a counselor makes for a building in scope, revoked (never deleted), audited. */

export const appointInspector: Handler<typeof inspectionsContract.appointInspector> = async ({ buildingId, studentNo }, { caller, now, actor }) => {
  const me = await actor();
  if (!inScope(me, buildingId)) return fail('FORBIDDEN', '只能为自己负责的楼栋任命检查员');
  const [building, entry] = await Promise.all([orgRepo.buildingById(buildingId), rosterRepo.byStudentNo(studentNo)]);
  if (!building) return fail('NOT_FOUND', '没有找到这栋楼');
  const user = entry?.boundUserId ? await usersRepo.byId(entry.boundUserId) : null;
  if (!user) return fail('NOT_FOUND', '没有找到绑定该学号的同学（需先在小程序中绑定学号）');
  if (user.role !== 'student' && user.role !== 'member') return fail('INVALID_INPUT', '只能任命已绑定学号的学生或党员为检查员');
  const existing = await inspectionsRepo.activeAppointment(user._id, buildingId);
  if (existing) return ok({ id: existing._id });
  const doc = {
    _id: newId(), buildingId, userId: user._id, name: user.name ?? '', active: true, appointedAt: now, appointedBy: me.user?._id ?? caller.openid,
    revokedAt: null, revokedBy: null, revokeReason: null,
  };
  const outcome = await inspectionsRepo.appoint(doc, { actorOpenid: caller.openid, actorRole: me.role }, now);
  return outcome.ok ? ok({ id: outcome.value }) : fail('CONFLICT');
};

export const revokeInspector: Handler<typeof inspectionsContract.revokeInspector> = async ({ id, reason }, { caller, now, actor }) => {
  const me = await actor();
  const appointment = await inspectionsRepo.appointmentById(id);
  if (!appointment) return fail('NOT_FOUND', '没有找到这项任命');
  if (!inScope(me, appointment.buildingId)) return fail('FORBIDDEN', '只能撤销自己负责楼栋的任命');
  const outcome = await inspectionsRepo.revoke(id, reason, { actorOpenid: caller.openid, actorRole: me.role, userId: me.user?._id ?? caller.openid }, now);
  if (outcome.ok) return ok({ done: true as const });
  return outcome.code === 'NOT_FOUND' ? fail('NOT_FOUND', '没有找到这项任命') : fail('CONFLICT');
};

export const listInspectors: Handler<typeof inspectionsContract.listInspectors> = async ({ buildingId, cursor, limit }, { actor }) => {
  const scope = narrowedScope(await actor(), buildingId);
  if (!scope) return fail('FORBIDDEN', '只能查看自己负责的楼栋');
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
  if (!scope.all && scope.ids.length === 0) return ok({ items: [], nextCursor: null });
  const page = await inspectionsRepo.appointmentsPage(scope, after, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({
    items: page.items.map((a) => ({ id: a._id, buildingId: a.buildingId, userId: a.userId, name: a.name, appointedAt: new Date(a.appointedAt).toISOString() })),
    nextCursor: page.more && last ? encodeCursor(new Date(last.appointedAt), last._id) : null,
  });
};

/** Where the caller may inspect: a counselor's scope, an admin's every building, an inspector's appointments. */
export const myInspectorBuildings: Handler<typeof inspectionsContract.myInspectorBuildings> = async (_input, { caller, actor }) => {
  const me = await actor();
  const uploadDir = userUploadDir(caller.openid);
  if (me.role === 'admin') return ok({ buildings: (await orgRepo.everyBuilding()).map((b) => ({ id: b._id, name: b.name, floors: b.floors })), uploadDir });
  const ids = me.role === 'counselor' ? (me.user?.buildingIds ?? []) : me.user ? await inspectionsRepo.activeBuildingsOf(me.user._id) : [];
  const names = await orgRepo.buildingsByIds(ids);
  return ok({ buildings: names.map((b) => ({ id: b._id, name: b.name, floors: b.floors })), uploadDir });
};

/**
 * A building's rooms for the inspection page's picker, one floor at a time when asked, by floor and
 * number, a page at a time (a big building has hundreds of rooms), with the flagged ones marked
 * (their states read by id).
 */
export const inspectableRooms: Handler<typeof inspectionsContract.inspectableRooms> = async ({ buildingId, floor, cursor, limit }, { actor }) => {
  const after = cursor === undefined ? null : decodeRoomCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
  if (!(await mayInspect(await actor(), buildingId))) return fail('FORBIDDEN', '你不是这栋楼的检查员');
  const page = await orgRepo.roomsPage(buildingId, after, limit ?? PAGE_LIMIT_DEFAULT, floor);
  if (page.items.length === 0 && !after && !(await orgRepo.buildingById(buildingId))) return fail('NOT_FOUND', '没有找到这栋楼');
  const flagged = await inspectionsRepo.flaggedAmong(page.items.map((r) => r._id));
  const last = page.lastRead;
  return ok({
    items: page.items.map((r) => ({ id: r._id, number: r.number, floor: r.floor, flagged: flagged.has(r._id) })),
    nextCursor: page.more && last ? encodeRoomCursor(last) : null,
  });
};
