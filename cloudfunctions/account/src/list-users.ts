import type { accountContract } from '../../../src/shared/contract/account';
import { PAGE_LIMIT_DEFAULT } from '../../../src/shared/contract/common';
import { decodeCursor, decodeKeyCursor, encodeCursor, encodeKeyCursor } from '../../_common/cursor';
import { orgRepo } from '../../_common/repositories/org';
import { rosterRepo } from '../../_common/repositories/roster';
import { usersRepo, type UserDoc } from '../../_common/repositories/users';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';

const BAD_CURSOR = '分页参数无效，请刷新列表';

/**
 * Admins find users to manage, with their room. By 学号: the roster entry on its unique index, then
 * the user bound to it (one page of at most one). Else by the start of the name (index
 * by_name_created: by name, then newest first; a role given with it filters that page, so a page may
 * be short), else by role, else everyone: newest first. A page at a time.
 */
export const listUsers: Handler<typeof accountContract.listUsers> = async ({ role, studentNo, name, cursor, limit }) => {
  // Guests have no document, so there is nothing to list for them.
  if (role === 'guest') return ok({ items: [], nextCursor: null });
  const size = limit ?? PAGE_LIMIT_DEFAULT;
  if (name !== undefined && studentNo === undefined) {
    const from = cursor === undefined ? null : decodeKeyCursor(cursor);
    if (cursor !== undefined && !from?.at) return fail('INVALID_INPUT', BAD_CURSOR);
    const page = await usersRepo.byNamePrefix(name, from, size);
    const last = page.items[page.items.length - 1];
    const users = role ? page.items.filter((u) => u.role === role) : page.items;
    return ok({ items: await viewsOf(users), nextCursor: page.more && last ? encodeKeyCursor(last.name ?? '', last._id, new Date(last.createdAt)) : null });
  }
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
  if (studentNo !== undefined) {
    const entry = after ? null : await rosterRepo.byStudentNo(studentNo);
    const user = entry?.boundUserId ? await usersRepo.byId(entry.boundUserId) : null;
    return ok({ items: await viewsOf(user && (!role || user.role === role) ? [user] : []), nextCursor: null });
  }
  const page = await usersRepo.page({ role }, after, size);
  const last = page.items[page.items.length - 1];
  return ok({ items: await viewsOf(page.items), nextCursor: page.more && last ? encodeCursor(new Date(last.createdAt), last._id) : null });
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
