import { byName, byNumber } from './order';

/**
 * The wall's order: floor, then room number, then name; one group per floor that has anyone on it
 * (an empty floor on a public wall says nothing useful).
 */
export function byFloor<T extends { name: string; roomNumber: string }>(entries: Array<{ floor: number; entry: T }>): Array<{ floor: number; members: T[] }> {
  const sorted = [...entries].sort(
    (a, b) => a.floor - b.floor || byNumber(a.entry.roomNumber, b.entry.roomNumber) || byName(a.entry.name, b.entry.name),
  );
  const floors: Array<{ floor: number; members: T[] }> = [];
  for (const { floor, entry } of sorted) {
    const last = floors[floors.length - 1];
    if (last?.floor === floor) last.members.push(entry);
    else floors.push({ floor, members: [entry] });
  }
  return floors;
}
