import { PAGE_LIMIT_DEFAULT } from '../../../src/shared/contract/common';
import type { orgContract } from '../../../src/shared/contract/org';
import { decodeCursor, encodeCursor } from '../../_common/cursor';
import { orgRepo } from '../../_common/repositories/org';
import { orgAdminRepo } from '../../_common/repositories/org-admin';
import { usersRepo } from '../../_common/repositories/users';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { auditorOf, BAD_CURSOR } from './auditor';

/** Counselors, newest first (index by_role_created), with their buildings' names (one read by id per page). */
export const counselors: Handler<typeof orgContract.counselors> = async ({ cursor, limit }) => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
  const page = await usersRepo.page({ role: 'counselor' }, after, limit ?? PAGE_LIMIT_DEFAULT);
  const buildings = await orgRepo.buildingsWithIds(page.items.flatMap((u) => u.buildingIds ?? []));
  const nameOf = new Map(buildings.map((b) => [b._id, b.name]));
  const last = page.items[page.items.length - 1];
  return ok({
    items: page.items.map((u) => ({
      id: u._id,
      name: u.name,
      // A building removed since keeps no name: it is left out here and dropped at the next change.
      buildings: (u.buildingIds ?? []).filter((id) => nameOf.has(id)).map((id) => ({ id, name: nameOf.get(id) as string })),
    })),
    nextCursor: page.more && last ? encodeCursor(new Date(last.createdAt), last._id) : null,
  });
};

/** Sets the buildings a counselor covers; the router reads the user at every call, so the counselor's next request has the new scope. */
export const setCounselorBuildings: Handler<typeof orgContract.setCounselorBuildings> = async ({ userId, buildingIds }, ctx) => {
  const ids = [...new Set(buildingIds)];
  const found = await orgRepo.buildingsWithIds(ids);
  if (found.length !== ids.length) return fail('NOT_FOUND', '有楼栋不存在，请刷新后重试');
  const saved = await orgAdminRepo.setCounselorBuildings(userId, ids, await auditorOf(ctx), ctx.now);
  if (saved.ok) return ok({ buildingIds: ids });
  if (saved.code === 'NOT_COUNSELOR') return fail('INVALID_STATE', '只能为辅导员设置负责楼栋');
  return saved.code === 'NOT_FOUND' ? fail('NOT_FOUND', '没有找到这位用户') : fail('CONFLICT');
};
