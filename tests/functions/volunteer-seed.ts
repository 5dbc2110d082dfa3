import type { MemberDoc } from '../../cloudfunctions/_common/docs';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';
import { buildBuilding, buildEntry, buildMember, buildRoster, buildUser, daysAgo } from './builders';
import type { App } from './harness';

export { daysAgo };

/**
 * Volunteer test data: buildings X and Y, members with roster entries (student numbers) and users,
 * counselors of X (two) and of Y, an admin. `member()` adds one more member with a user.
 */
export async function seedVolunteer(app: App) {
  const x = buildBuilding({ name: '智园5号楼' });
  const y = buildBuilding({ name: '智园6号楼' });
  await app.insert('buildings', [x, y]);

  async function member(o: Partial<MemberDoc> & { building?: typeof x } = {}) {
    const { building = x, ...rest } = o;
    const roster = buildRoster({ name: rest.name ?? '韩梅梅', buildingId: building._id, memberStatus: rest.status ?? 'full' });
    const user = buildUser({ role: 'member', name: roster.name, rosterId: roster._id });
    const doc = buildMember({
      rosterId: roster._id, userId: user._id, name: roster.name, buildingId: building._id, buildingName: building.name,
      branchId: `br-${building._id}`, branchName: `${building.name}党支部`, ...rest,
    });
    user.memberId = doc._id;
    roster.boundUserId = user._id;
    await app.insert('roster', roster);
    await app.insert('members', doc);
    await app.insert('users', user);
    return { doc, user, roster, openid: user.openid };
  }

  const counselorX = buildUser({ role: 'counselor', name: '张老师', buildingIds: [x._id] });
  const counselorX2 = buildUser({ role: 'counselor', name: '陈老师', buildingIds: [x._id] });
  const counselorY = buildUser({ role: 'counselor', name: '王老师', buildingIds: [y._id] });
  const admin = buildUser({ role: 'admin', name: '管理员' });
  await app.insert('users', [counselorX, counselorX2, counselorY, admin]);

  /** A pending entry of `m` inserted directly (for review tests), on its own day unless told. */
  async function pendingEntry(m: Awaited<ReturnType<typeof member>>, o: Parameters<typeof buildEntry>[0] = {}) {
    const entry = buildEntry({
      memberId: m.doc._id, userId: m.user._id, memberName: m.doc.name, buildingId: m.doc.buildingId, branchId: m.doc.branchId, branchName: m.doc.branchName, ...o,
    });
    await app.insert('volunteer_entries', entry);
    return entry;
  }

  return { x, y, member, pendingEntry, counselorX, counselorX2, counselorY, admin };
}

export type VolunteerSeed = Awaited<ReturnType<typeof seedVolunteer>>;
export type SeededMember = Awaited<ReturnType<VolunteerSeed['member']>>;
export type { UserDoc };

/** What a member types into the log page. */
export const entryInput = (o: Record<string, unknown> = {}) => ({
  title: '楼道卫生清扫',
  category: 'hygiene',
  date: daysAgo(2),
  start: '09:00',
  end: '11:00',
  place: '智园5号楼',
  description: '清扫三楼楼道',
  ...o,
});
