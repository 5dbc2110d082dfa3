import { createHash } from 'node:crypto';
import { cstDate, cstTime, DAY_MS, minutesOf } from '../../src/shared/domain/china-time';
import { weekdayOf, weekOf } from '../../src/shared/domain/duty';
import type { DutyShiftDoc, DutyStationDoc, DutySwapDoc } from '../../cloudfunctions/_common/repositories/checkin-duty';
import { newPlaqueCode, nextId } from './builders';
import type { App } from './harness';

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export const buildStation = (o: Partial<DutyStationDoc> = {}): DutyStationDoc => ({
  _id: nextId('st'),
  buildingId: 'b0000',
  name: '1号楼党员服务站',
  place: '1号楼一层大厅',
  keyHash: null,
  keyIssuedAt: null,
  createdBy: 'u0000',
  createdAt: new Date(),
  ...o,
});

export function buildShift(station: DutyStationDoc, o: Partial<DutyShiftDoc> & Pick<DutyShiftDoc, 'weekday' | 'start' | 'end' | 'memberIds'>): DutyShiftDoc {
  return {
    _id: nextId('sh'),
    stationId: station._id,
    stationName: station.name,
    buildingId: station.buildingId,
    slot: o.weekday * 1440 + (minutesOf(o.start) ?? 0),
    createdBy: 'u0000',
    createdAt: new Date(),
    ...o,
  };
}

/** The assignment documents of a shift (how members find their own shifts). */
export const assignmentsOf = (shift: DutyShiftDoc) => shift.memberIds.map((memberId) => ({ _id: `${shift._id}_${memberId}`, shiftId: shift._id, memberId, createdAt: shift.createdAt }));

/** Duty data for a world (tests/functions/world.ts), against the real clock as the other sample data. */
export async function seedDuty(app: App, w: { buildingId: string; member: { _id: string; name: string }; neighbour: { _id: string; name: string }; counselorId: string }) {
  const now = new Date();
  const secret = `sk${nextId('k')}secret`;
  const station = buildStation({ buildingId: w.buildingId, keyHash: createHash('sha256').update(secret).digest('hex'), keyIssuedAt: now, createdBy: w.counselorId });
  const today = cstDate(now);
  const tomorrow = cstDate(new Date(now.getTime() + DAY_MS));
  const yesterday = cstDate(new Date(now.getTime() - DAY_MS));
  const nowMin = minutesOf(cstTime(now)) ?? 0;
  const start = Math.max(0, nowMin - 60);
  const current = buildShift(station, { weekday: weekdayOf(today) ?? 1, start: hhmm(start), end: hhmm(Math.min(1439, Math.max(nowMin + 60, start + 30))), memberIds: [w.member._id], createdBy: w.counselorId });
  const upcoming = buildShift(station, { weekday: weekdayOf(tomorrow) ?? 1, start: '09:00', end: '11:00', memberIds: [w.member._id], createdBy: w.counselorId });
  const neighbours = buildShift(station, { weekday: weekdayOf(tomorrow) ?? 1, start: '14:00', end: '16:00', memberIds: [w.neighbour._id], createdBy: w.counselorId });
  // Shifts that the roster's change and end actions act on (each once: a second change is refused).
  const changing = buildShift(station, { weekday: weekdayOf(tomorrow) ?? 1, start: '19:00', end: '21:00', memberIds: [w.member._id], createdBy: w.counselorId });
  const ending = buildShift(station, { weekday: weekdayOf(tomorrow) ?? 1, start: '22:00', end: '07:00', memberIds: [w.neighbour._id], createdBy: w.counselorId });
  const past = buildShift(station, { weekday: weekdayOf(yesterday) ?? 1, start: '09:00', end: '11:00', memberIds: [w.member._id], createdBy: w.counselorId });
  const swap: DutySwapDoc = {
    _id: `${neighbours._id}_${tomorrow}_${w.neighbour._id}`, shiftId: neighbours._id, stationName: station.name, buildingId: w.buildingId, date: tomorrow,
    start: neighbours.start, end: neighbours.end, fromMemberId: w.neighbour._id, fromName: w.neighbour.name, toMemberId: w.member._id, toName: w.member.name,
    state: 'pending', createdAt: now, answeredAt: null,
  };
  const code = newPlaqueCode();
  await app.insert('duty_stations', station);
  await app.insert('duty_shifts', [current, upcoming, neighbours, past, changing, ending]);
  await app.insert('duty_assignments', [current, upcoming, neighbours, past, changing, ending].flatMap(assignmentsOf));
  await app.insert('duty_swaps', swap);
  await app.insert('duty_codes', { _id: code, stationId: station._id, expiresAt: new Date(now.getTime() + 30_000) });
  return { station, key: `${station._id}.${secret}`, current, upcoming, neighbours, past, changing, ending, swap, code, today, tomorrow, yesterday, week: weekOf(today) ?? today };
}
