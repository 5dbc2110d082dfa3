import type { accountContract } from '../../../src/shared/contract/account';
import { PAGE_LIMIT_DEFAULT } from '../../../src/shared/contract/common';
import { decodeCursor, encodeCursor } from '../../_common/cursor';
import { orgRepo } from '../../_common/repositories/org';
import { rosterRepo } from '../../_common/repositories/roster';
import { usersRepo, type UserDoc } from '../../_common/repositories/users';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';

/**
 * Admins find users to manage, with their room. By 学号: the roster entry on its unique index, then
 * the user bound to it (one page of at most one). Else by exact name (index by_name_created; a role
 * given with it filters that page, so a page may be short), else by role, else everyone: newest
 * first, a page at a time.
 */
export const listUsers: Handler<typeof accountContract.listUsers> = async ({ role, studentNo, name, cursor, limit }) => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', '分页参数无效，请刷新列表');
  // Guests have no document, so there is nothing to list for them.
  if (role === 'guest') return ok({ items: [], nextCursor: null });
  if (studentNo !== undefined) {
    const entry = after ? null : await rosterRepo.byStudentNo(studentNo);
    const user = entry?.boundUserId ? await usersRepo.byId(entry.boundUserId) : null;
    return ok({ items: await viewsOf(user && (!role || user.role === role) ? [user] : []), nextCursor: null });
  }
  const page = await usersRepo.page({ role, name }, after, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  const users = name !== undefined && role ? page.items.filter((u) => u.role === role) : page.items;
  return ok({ items: await viewsOf(users), nextCursor: page.more && last ? encodeCursor(new Date(last.createdAt), last._id) : null });
};

async function viewsOf(users: UserDoc[]) {
  const labels = await roomLabels(users);
  return users.map((u) => ({ id: u._id, name: u.name, role: u.role, roomLabel: (u.rosterId && labels.get(u.rosterId)) || null }));
}

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
