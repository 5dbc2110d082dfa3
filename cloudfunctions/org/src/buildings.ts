import { PAGE_LIMIT_DEFAULT } from '../../../src/shared/contract/common';
import type { orgContract } from '../../../src/shared/contract/org';
import { buildingSortKey } from '../../../src/shared/domain/building-order';
import { decodeKeyCursor, encodeKeyCursor } from '../../_common/cursor';
import type { BuildingDoc } from '../../_common/docs';
import { orgRepo } from '../../_common/repositories/org';
import { newOrgId, orgAdminRepo } from '../../_common/repositories/org-admin';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { auditorOf, BAD_CURSOR, COPY_PAGES_PER_CALL } from './auditor';

/** Every building, by community then number (index by_sort), a page at a time. */
export const buildings: Handler<typeof orgContract.buildings> = async ({ cursor, limit }) => {
  const from = cursor === undefined ? null : decodeKeyCursor(cursor);
  if (cursor !== undefined && (!from || from.at)) return fail('INVALID_INPUT', BAD_CURSOR);
  const page = await orgRepo.buildingsPage(null, from, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({
    items: page.items.map((b) => ({ id: b._id, name: b.name, communityId: b.communityId, communityName: b.communityName, floors: b.floors, copiesPending: b.copiesPending === true })),
    nextCursor: page.more && last ? encodeKeyCursor(last.sortKey, last._id) : null,
  });
};

export const createBuilding: Handler<typeof orgContract.createBuilding> = async ({ communityId, name, floors }, ctx) => {
  const community = await orgAdminRepo.communityById(communityId);
  if (!community) return fail('NOT_FOUND', '没有找到这个社区');
  const sortKey = buildingSortKey(community.name, name);
  if (await orgAdminRepo.buildingWithSortKey(communityId, sortKey)) return fail('INVALID_STATE', `${community.name}已有名为“${name}”的楼栋`);
  const building: BuildingDoc = { _id: newOrgId('b'), communityId, communityName: community.name, name, floors, sortKey };
  const saved = await orgAdminRepo.createBuilding(building, await auditorOf(ctx), ctx.now);
  return saved.ok ? ok({ id: building._id }) : fail('CONFLICT');
};

/**
 * Renames a building, changes its floors or moves it to another community. A new name is copied onto
 * the building's members and active plaques: the first pages here, the rest by `syncCopies` (the page
 * keeps calling while `copiesPending`), so no call grows with the building.
 */
export const updateBuilding: Handler<typeof orgContract.updateBuilding> = async ({ buildingId, name, floors, communityId }, ctx) => {
  const current = await orgRepo.buildingById(buildingId);
  if (!current) return fail('NOT_FOUND', '没有找到这栋楼');
  const community = communityId && communityId !== current.communityId ? await orgAdminRepo.communityById(communityId) : null;
  if (communityId && communityId !== current.communityId && !community) return fail('NOT_FOUND', '没有找到这个社区');
  const communityName = community?.name ?? current.communityName;
  const newName = name ?? current.name;
  const sortKey = buildingSortKey(communityName, newName);
  if (sortKey !== current.sortKey) {
    const clash = await orgAdminRepo.buildingWithSortKey(communityId ?? current.communityId, sortKey);
    if (clash && clash._id !== buildingId) return fail('INVALID_STATE', `${communityName}已有名为“${newName}”的楼栋`);
  }
  if (floors !== undefined && floors < current.floors) {
    const rooms = await orgRepo.roomsPage(buildingId, { floor: floors, number: '\uffff', id: '\uffff' }, 1, undefined, true);
    if (rooms.lastRead) return fail('INVALID_STATE', `${floors}层以上还有房间，不能把楼层数改为${floors}`);
  }
  const change = {
    ...(name !== undefined ? { name } : {}),
    ...(floors !== undefined ? { floors } : {}),
    ...(community ? { communityId: community._id, communityName } : {}),
    sortKey,
  };
  const saved = await orgAdminRepo.updateBuilding(buildingId, change, await auditorOf(ctx), ctx.now);
  if (!saved.ok) return saved.code === 'NOT_FOUND' ? fail('NOT_FOUND', '没有找到这栋楼') : fail('CONFLICT');
  const { pending } = await orgAdminRepo.syncCopies('building', buildingId, COPY_PAGES_PER_CALL);
  return ok({ copiesPending: pending });
};

/** Carries on a rename's copies (building, branch or group) where the last call stopped. */
export const syncCopies: Handler<typeof orgContract.syncCopies> = async ({ kind, id }) => {
  const exists = kind === 'building' ? await orgRepo.buildingById(id) : kind === 'branch' ? await orgAdminRepo.branchById(id) : await orgAdminRepo.groupById(id);
  if (!exists) return fail('NOT_FOUND');
  const { pending } = await orgAdminRepo.syncCopies(kind, id, COPY_PAGES_PER_CALL);
  return ok({ copiesPending: pending });
};
