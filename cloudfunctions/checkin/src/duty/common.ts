import { createHash } from 'node:crypto';
import { weekOf } from '../../../../src/shared/domain/duty';
import type { Auditor } from '../../../_common/audit';
import { decodeCursor, type PageCursor } from '../../../_common/cursor';
import { dutyRecordIdOf } from '../../../../src/shared/domain/duty';
import type { DutyRecordBase, DutyShiftDoc } from '../../../_common/repositories/checkin-duty';
import type { Actor } from '../../../_common/router';

export const BAD_CURSOR = '分页参数无效，请刷新列表';

export const auditorOf = (actor: Actor): Auditor => ({ actorOpenid: actor.openid, actorRole: actor.role });

/** The cursor of a paged list: null when none was given, 'bad' when this server did not hand it out. */
export function cursorOf(cursor: string | undefined): PageCursor | null | 'bad' {
  if (cursor === undefined) return null;
  return decodeCursor(cursor) ?? 'bad';
}

/** sha256 of a station's display key: what the station document keeps instead of the key. */
export const keyHashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** The fixed part of one member's record of one dated shift. */
export function recordBaseOf(shift: DutyShiftDoc, date: string, window: { startAt: Date; endAt: Date }, memberId: string): DutyRecordBase {
  return {
    _id: dutyRecordIdOf(shift._id, date, memberId),
    shiftId: shift._id,
    stationId: shift.stationId,
    stationName: shift.stationName,
    buildingId: shift.buildingId,
    memberId,
    date,
    weekStart: weekOf(date) ?? date,
    startAt: window.startAt,
    endAt: window.endAt,
  };
}

/** Whether a member holds a dated shift: their record says so (a swap moved it), else the roster does. */
export function holdsShift(shift: DutyShiftDoc, memberId: string, record: { state: string } | null): boolean {
  return record ? record.state !== 'swapped' : shift.memberIds.includes(memberId);
}
