import { randomBytes } from 'node:crypto';
import { PAGE_LIMIT_DEFAULT } from '../../../src/shared/contract/common';
import type { orgContract } from '../../../src/shared/contract/org';
import { roomNumbersOf } from '../../../src/shared/domain/org';
import { plaqueCodeFrom } from '../../../src/shared/domain/plaque-code';
import { decodeRoomCursor, encodeRoomCursor } from '../../_common/cursor';
import { orgRepo } from '../../_common/repositories/org';
import { orgAdminRepo } from '../../_common/repositories/org-admin';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { auditorOf, BAD_CURSOR } from './auditor';

/** A building's rooms, closed ones included and marked, by floor and number (index by_building_floor). */
export const rooms: Handler<typeof orgContract.rooms> = async ({ buildingId, cursor, limit }) => {
  const after = cursor === undefined ? null : decodeRoomCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
  if (!after && !(await orgRepo.buildingById(buildingId))) return fail('NOT_FOUND', '没有找到这栋楼');
  const page = await orgRepo.roomsPage(buildingId, after, limit ?? PAGE_LIMIT_DEFAULT, undefined, true);
  return ok({
    items: page.items.map((r) => ({ id: r._id, number: r.number, floor: r.floor, code: r.plaqueCode, closed: !!r.closedAt })),
    nextCursor: page.more && page.lastRead ? encodeRoomCursor(page.lastRead) : null,
  });
};

/** A floor's rooms by a range (or one room), each with a new plaque code as `plaque.issueCode` makes them; existing numbers stay. */
export const addRooms: Handler<typeof orgContract.addRooms> = async ({ buildingId, floor, from, to }, ctx) => {
  const range = roomNumbersOf(from, to);
  if (!range.ok) return fail('INVALID_INPUT', range.message);
  const building = await orgRepo.buildingById(buildingId);
  if (!building) return fail('NOT_FOUND', '没有找到这栋楼');
  if (floor < 1 || floor > building.floors) return fail('INVALID_INPUT', `${building.name}共${building.floors}层，楼层应在1到${building.floors}之间`);
  const saved = await orgAdminRepo.addRooms(building, floor, range.numbers, () => plaqueCodeFrom(randomBytes(10)), await auditorOf(ctx), ctx.now);
  if (!saved.ok) return saved.code === 'NOT_FOUND' ? fail('NOT_FOUND', '没有找到这栋楼') : fail('CONFLICT');
  return ok(saved.value);
};

export const renameRoom: Handler<typeof orgContract.renameRoom> = async ({ roomId, number, floor }, ctx) => {
  const room = await orgAdminRepo.roomById(roomId);
  if (!room) return fail('NOT_FOUND', '没有找到这间房');
  const building = await orgRepo.buildingById(room.buildingId);
  const newFloor = floor ?? room.floor;
  if (building && (newFloor < 1 || newFloor > building.floors)) return fail('INVALID_INPUT', `${building.name}共${building.floors}层，楼层应在1到${building.floors}之间`);
  if (number === room.number && newFloor === room.floor) return ok({ done: true });
  const saved = await orgAdminRepo.renameRoom(roomId, { number, floor: newFloor }, await auditorOf(ctx), ctx.now);
  if (saved.ok) return ok({ done: true });
  if (saved.code === 'TAKEN') return fail('INVALID_STATE', `这栋楼已有${number}室`);
  return saved.code === 'NOT_FOUND' ? fail('NOT_FOUND', '没有找到这间房') : fail('CONFLICT');
};

/**
 * Closes a room nobody lives in, or opens it again. A closed room is kept (its history points at it),
 * drops out of the pickers (plaque codes, inspections) and its plaque stops answering.
 */
export const setRoomClosed: Handler<typeof orgContract.setRoomClosed> = async ({ roomId, closed, reason }, ctx) => {
  const room = await orgAdminRepo.roomById(roomId);
  if (!room) return fail('NOT_FOUND', '没有找到这间房');
  const saved = await orgAdminRepo.setRoomClosed(roomId, closed, reason || null, await auditorOf(ctx), ctx.now);
  if (saved.ok) return ok(saved.value);
  if (saved.code === 'HAS_RESIDENTS') return fail('INVALID_STATE', `${room.number}室还有住户，请先调整住宿后再停用`);
  return saved.code === 'NOT_FOUND' ? fail('NOT_FOUND', '没有找到这间房') : fail('CONFLICT');
};
