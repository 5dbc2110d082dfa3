import { PAGE_LIMIT_DEFAULT } from '../../../src/shared/contract/common';
import type { orgContract } from '../../../src/shared/contract/org';
import { decodeKeyCursor, decodeRoomCursor, encodeKeyCursor, encodeRoomCursor } from '../../_common/cursor';
import type { BranchDoc, GroupDoc } from '../../_common/docs';
import { orgRepo } from '../../_common/repositories/org';
import { newOrgId, orgAdminRepo } from '../../_common/repositories/org-admin';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { auditorOf, BAD_CURSOR, COPY_PAGES_PER_CALL } from './auditor';

const pending = (d: object) => (d as { copiesPending?: boolean }).copiesPending === true;
const branchItem = (b: BranchDoc) => ({ id: b._id, buildingId: b.buildingId, name: b.name, closed: !!b.closedAt, copiesPending: pending(b) });
const groupItem = (g: GroupDoc) => ({ id: g._id, branchId: g.branchId, floor: g.floor, name: g.name, closed: !!g.closedAt, copiesPending: pending(g) });

/** A building's branches by name (index by_building_name), a page at a time. */
export const branches: Handler<typeof orgContract.branches> = async ({ buildingId, cursor, limit }) => {
  const from = cursor === undefined ? null : decodeKeyCursor(cursor);
  if (cursor !== undefined && (!from || from.at)) return fail('INVALID_INPUT', BAD_CURSOR);
  if (!from && !(await orgRepo.buildingById(buildingId))) return fail('NOT_FOUND', '没有找到这栋楼');
  const page = await orgAdminRepo.branchesPage(buildingId, from, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({ items: page.items.map(branchItem), nextCursor: page.more && last ? encodeKeyCursor(last.name, last._id) : null });
};

export const createBranch: Handler<typeof orgContract.createBranch> = async ({ buildingId, name }, ctx) => {
  const building = await orgRepo.buildingById(buildingId);
  if (!building) return fail('NOT_FOUND', '没有找到这栋楼');
  if (await orgAdminRepo.branchNamed(buildingId, name)) return fail('INVALID_STATE', `${building.name}已有“${name}”`);
  const branch: BranchDoc = { _id: newOrgId('br'), buildingId, name, closedAt: null };
  const saved = await orgAdminRepo.createBranch(branch, await auditorOf(ctx), ctx.now);
  return saved.ok ? ok({ id: branch._id }) : fail('CONFLICT');
};

export const renameBranch: Handler<typeof orgContract.renameBranch> = async ({ branchId, name }, ctx) => {
  const branch = await orgAdminRepo.branchById(branchId);
  if (!branch) return fail('NOT_FOUND', '没有找到这个支部');
  const clash = await orgAdminRepo.branchNamed(branch.buildingId, name);
  if (clash && clash._id !== branchId) return fail('INVALID_STATE', `这栋楼已有“${name}”`);
  const saved = await orgAdminRepo.rename('branch', branchId, name, await auditorOf(ctx), ctx.now);
  if (!saved.ok) return saved.code === 'NOT_FOUND' ? fail('NOT_FOUND', '没有找到这个支部') : fail('CONFLICT');
  return ok({ copiesPending: (await orgAdminRepo.syncCopies('branch', branchId, COPY_PAGES_PER_CALL)).pending });
};

export const closeBranch: Handler<typeof orgContract.closeBranch> = async ({ branchId }, ctx) => {
  const branch = await orgAdminRepo.branchById(branchId);
  if (!branch) return fail('NOT_FOUND', '没有找到这个支部');
  const saved = await orgAdminRepo.close('branch', branchId, await auditorOf(ctx), ctx.now);
  if (saved.ok) return ok(saved.value);
  if (saved.code === 'HAS_MEMBERS') return fail('INVALID_STATE', `“${branch.name}”还有党员，请先把他们转到其他支部`);
  if (saved.code === 'HAS_GROUPS') return fail('INVALID_STATE', `“${branch.name}”还有未撤销的党小组，请先撤销党小组`);
  return saved.code === 'NOT_FOUND' ? fail('NOT_FOUND', '没有找到这个支部') : fail('CONFLICT');
};

/** A branch's groups by floor and name (index by_branch_floor), a page at a time. */
export const groups: Handler<typeof orgContract.groups> = async ({ branchId, cursor, limit }) => {
  const after = cursor === undefined ? null : decodeRoomCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
  if (!after && !(await orgAdminRepo.branchById(branchId))) return fail('NOT_FOUND', '没有找到这个支部');
  const page = await orgAdminRepo.groupsPage(branchId, after, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({ items: page.items.map(groupItem), nextCursor: page.more && last ? encodeRoomCursor({ floor: last.floor, number: last.name, _id: last._id }) : null });
};

export const createGroup: Handler<typeof orgContract.createGroup> = async ({ branchId, floor, name }, ctx) => {
  const branch = await orgAdminRepo.branchById(branchId);
  if (!branch) return fail('NOT_FOUND', '没有找到这个支部');
  if (branch.closedAt) return fail('INVALID_STATE', `“${branch.name}”已撤销，不能再添加党小组`);
  const building = await orgRepo.buildingById(branch.buildingId);
  if (building && (floor < 1 || floor > building.floors)) return fail('INVALID_INPUT', `${building.name}共${building.floors}层，楼层应在1到${building.floors}之间`);
  if (await orgAdminRepo.groupNamed(branchId, floor, name)) return fail('INVALID_STATE', `${floor}层已有“${name}”`);
  const group: GroupDoc = { _id: newOrgId('g'), branchId, buildingId: branch.buildingId, floor, name, closedAt: null };
  const saved = await orgAdminRepo.createGroup(group, await auditorOf(ctx), ctx.now);
  return saved.ok ? ok({ id: group._id }) : fail('CONFLICT');
};

export const renameGroup: Handler<typeof orgContract.renameGroup> = async ({ groupId, name }, ctx) => {
  const group = await orgAdminRepo.groupById(groupId);
  if (!group) return fail('NOT_FOUND', '没有找到这个党小组');
  const clash = await orgAdminRepo.groupNamed(group.branchId, group.floor, name);
  if (clash && clash._id !== groupId) return fail('INVALID_STATE', `${group.floor}层已有“${name}”`);
  const saved = await orgAdminRepo.rename('group', groupId, name, await auditorOf(ctx), ctx.now);
  if (!saved.ok) return saved.code === 'NOT_FOUND' ? fail('NOT_FOUND', '没有找到这个党小组') : fail('CONFLICT');
  return ok({ copiesPending: (await orgAdminRepo.syncCopies('group', groupId, COPY_PAGES_PER_CALL)).pending });
};

export const closeGroup: Handler<typeof orgContract.closeGroup> = async ({ groupId }, ctx) => {
  const group = await orgAdminRepo.groupById(groupId);
  if (!group) return fail('NOT_FOUND', '没有找到这个党小组');
  const saved = await orgAdminRepo.close('group', groupId, await auditorOf(ctx), ctx.now);
  if (saved.ok) return ok(saved.value);
  if (saved.code === 'HAS_MEMBERS' || saved.code === 'HAS_GROUPS') return fail('INVALID_STATE', `“${group.name}”还有党员，请先把他们转到其他党小组`);
  return saved.code === 'NOT_FOUND' ? fail('NOT_FOUND', '没有找到这个党小组') : fail('CONFLICT');
};
