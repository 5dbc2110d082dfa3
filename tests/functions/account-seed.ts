import { buildBuilding, buildMember, buildRoom, buildRoster, buildUser, nextId, plaqueFor } from './builders';
import type { App } from './harness';
import type { MemberDoc, RosterDoc } from '../../cloudfunctions/_common/docs';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';

/** Account test data: a building with a room and plaque, and callers of each role built on it. */
export async function seedPlace(app: App, name = '智园3号楼') {
  const building = buildBuilding({ name });
  const room = buildRoom({ buildingId: building._id, number: '305', floor: 3 });
  await app.insert('buildings', building);
  await app.insert('rooms', room);
  await app.insert('plaques', plaqueFor(room, building));
  return { building, room };
}
export type Place = Awaited<ReturnType<typeof seedPlace>>;

export const newOpenid = (label = 'guest') => `o-${label}-${nextId('x')}`;

/** A free roster entry in the place (a student, or a member's entry with a profile when `status` is set). */
export async function seedEntry(app: App, place: Place, o: Partial<RosterDoc> & { profile?: Partial<MemberDoc> } = {}) {
  const { profile, ...rosterOverrides } = o;
  const roster = buildRoster({ buildingId: place.building._id, roomId: place.room._id, ...rosterOverrides });
  await app.insert('roster', roster);
  let member: MemberDoc | null = null;
  if (roster.memberStatus) {
    member = buildMember({
      rosterId: roster._id, name: roster.name, status: roster.memberStatus, buildingId: place.building._id, buildingName: place.building.name,
      floor: place.room.floor, roomId: place.room._id, roomNumber: place.room.number, ...profile,
    });
    await app.insert('members', member);
  }
  return { roster, member };
}

/** A caller already bound (or provisioned) with the given role, stored as the functions would store it. */
export async function seedUser(app: App, place: Place, role: UserDoc['role'], o: Partial<MemberDoc> = {}) {
  const openid = newOpenid(role);
  if (role === 'student' || role === 'member') {
    const { roster, member } = await seedEntry(app, place, { name: '陈晨', memberStatus: role === 'member' ? 'full' : null, profile: o });
    const user = buildUser({ openid, role, name: roster.name, rosterId: roster._id, memberId: member?._id ?? null });
    await app.insert('users', user);
    await app.db.collection('roster').doc(roster._id).update({ boundUserId: user._id, boundAt: new Date('2026-09-01T08:00:00+08:00') });
    if (member) await app.db.collection('members').doc(member._id).update({ userId: user._id });
    return { openid, user, roster, member };
  }
  const user = buildUser({ openid, role, name: role === 'admin' ? '管理员' : '张老师', buildingIds: role === 'counselor' ? [place.building._id] : [] });
  await app.insert('users', user);
  return { openid, user, roster: null, member: null };
}

export async function docOf<T = Record<string, unknown>>(app: App, collection: string, id: string): Promise<T | null> {
  const { data } = await app.db.collection(collection).doc(id).get();
  return (data[0] as T | undefined) ?? null;
}

export async function findDocs<T = Record<string, unknown>>(app: App, collection: string, where: object): Promise<T[]> {
  const { data } = await app.db.collection(collection).where(where).limit(1000).get();
  return data as T[];
}

/** The audit records of one action on one target. */
export const auditOf = (app: App, action: string, targetId: string) => findDocs<{ actorOpenid: string; actorRole: string; before: unknown; after: unknown; reason?: string; at: Date }>(app, 'audit', { action, 'target.id': targetId });
