import type { accountContract } from '../../../src/shared/contract/account';
import { orgRepo } from '../../_common/repositories/org';
import { rosterRepo } from '../../_common/repositories/roster';
import { usersRepo, type UserDoc } from '../../_common/repositories/users';
import { ok } from '../../_common/result';
import type { Handler } from '../../_common/router';

/** Admins find users to manage: the newest 100 that match, with their room (four reads at most). */
export const listUsers: Handler<typeof accountContract.listUsers> = async ({ role, nameContains }) => {
  // Guests have no document, so there is nothing to list for them.
  if (role === 'guest') return ok({ users: [] });
  const users = await usersRepo.list({ role, nameContains: nameContains || undefined });
  const labels = await roomLabels(users);
  return ok({
    users: users.map((u) => ({ id: u._id, name: u.name, role: u.role, roomLabel: (u.rosterId && labels.get(u.rosterId)) || null })),
  });
};

/** "智园1号楼 301" per roster entry, from one read each of roster, rooms and buildings. */
async function roomLabels(users: UserDoc[]): Promise<Map<string, string>> {
  const entries = await rosterRepo.byIds([...new Set(users.map((u) => u.rosterId).filter((id): id is string => !!id))]);
  const [rooms, buildings] = await Promise.all([
    orgRepo.roomsByIds([...new Set(entries.map((e) => e.roomId))]),
    orgRepo.buildingsByIds([...new Set(entries.map((e) => e.buildingId))]),
  ]);
  const roomNumber = new Map(rooms.map((r) => [r._id, r.number]));
  const buildingName = new Map(buildings.map((b) => [b._id, b.name]));
  return new Map(
    entries
      .filter((e) => roomNumber.has(e.roomId))
      .map((e) => [e._id, [buildingName.get(e.buildingId), roomNumber.get(e.roomId)].filter(Boolean).join(' ')]),
  );
}
