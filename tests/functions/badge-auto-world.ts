import { previousMonth } from '../../src/shared/domain/badge-auto';
import type { App } from './harness';

/**
 * badge/auto in every world: last month's inspections left one 文明寝室 to settle (a room-month rated
 * 优秀 in building A), so `settleCivilRooms` has work in the scan guard and the matrix.
 */
export async function seedCivilMonth(app: App, room: { _id: string; buildingId: string; floor: number; number: string }, buildingName: string): Promise<string> {
  const month = previousMonth(new Date());
  await app.insert('inspections_room_months', {
    _id: `${room._id}:${month}`, roomId: room._id, buildingId: room.buildingId, floor: room.floor, roomLabel: `${buildingName} ${room.number}`, month,
    ratings: { [`insp-civil-${room._id}`]: 'excellent' }, civilised: true,
  });
  return month;
}
