import type { BuildingDoc } from '../../cloudfunctions/_common/docs';
import { buildRoom, nextId, plaqueFor } from './builders';
import type { App } from './harness';

/**
 * The organisation admin's samples in a world: a community of its own (so a new building's name is
 * free), a branch of building A with a group on floor 3, a branch without groups, and an empty room
 * (601, nobody lives there) with its plaque.
 */
export async function seedOrgSamples(app: App, { a }: { a: BuildingDoc }) {
  const community = { _id: nextId('oc'), name: `组织社区${nextId('')}` };
  const branch = { _id: nextId('obr'), buildingId: a._id, name: `${a.name}第一党支部${nextId('')}`, closedAt: null };
  const emptyBranch = { _id: nextId('obr'), buildingId: a._id, name: `${a.name}第三党支部${nextId('')}`, closedAt: null };
  const group = { _id: nextId('og'), branchId: branch._id, buildingId: a._id, floor: 3, name: '三层党小组', closedAt: null };
  const emptyRoom = buildRoom({ buildingId: a._id, number: '601', floor: 6 });
  await app.insert('communities', community);
  await app.insert('branches', [branch, emptyBranch]);
  await app.insert('groups', group);
  await app.insert('rooms', emptyRoom);
  await app.insert('plaques', plaqueFor(emptyRoom, a));
  return { community, branch, emptyBranch, group, emptyRoom };
}
