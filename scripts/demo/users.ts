import type { MemberDoc, RosterDoc } from '../../cloudfunctions/_common/docs';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';
import { MemberStatus } from '../../src/shared/model';
import { DAY_MS, type DemoPlaces } from './places';
import type { Prng } from './prng';

/** Stable openids the local sign-in switches between. `demo-guest` has no user document (a guest). */
export const DEMO_OPENIDS = {
  admin: 'demo-admin',
  counselor: (n: number) => `demo-counselor-${n}`,
  member: (n: number) => `demo-member-${n}`,
  student: (n: number) => `demo-student-${n}`,
  guest: 'demo-guest',
};

export const BOUND_MEMBERS_PER_STATUS = 8;
export const BOUND_STUDENTS = 20;

/**
 * The admin, three counselors (one per building, one for both) and bound students and members.
 * Bindings are written on both sides: users.rosterId/memberId and roster.boundUserId/member.userId.
 * For every status the first two bound members consent and the third has withdrawn, so the local
 * sign-in offers both cases.
 */
export function generateUsers(rng: Prng, places: DemoPlaces, roster: RosterDoc[], members: MemberDoc[], termStart: Date): UserDoc[] {
  const createdAt = new Date(termStart.getTime() - 20 * DAY_MS);
  const user = (o: Pick<UserDoc, '_id' | 'openid' | 'role' | 'name'> & Partial<UserDoc>): UserDoc => ({
    rosterId: null,
    memberId: null,
    buildingIds: [],
    buildingId: null,
    createdAt,
    updatedAt: createdAt,
    ...o,
  });
  const [b1, b2] = places.buildings.map((b) => b._id);
  const users: UserDoc[] = [
    user({ _id: 'u-admin', openid: DEMO_OPENIDS.admin, role: 'admin', name: '王建国' }),
    user({ _id: 'u-counselor-1', openid: DEMO_OPENIDS.counselor(1), role: 'counselor', name: '刘静', buildingIds: [b1] }),
    user({ _id: 'u-counselor-2', openid: DEMO_OPENIDS.counselor(2), role: 'counselor', name: '陈晓东', buildingIds: [b2] }),
    user({ _id: 'u-counselor-3', openid: DEMO_OPENIDS.counselor(3), role: 'counselor', name: '张宏伟', buildingIds: [b1, b2] }),
  ];
  const rosterById = new Map(roster.map((s) => [s._id, s]));

  let n = 0;
  for (const status of MemberStatus.options) {
    const chosen = rng.shuffle(members.filter((m) => m.status === status)).slice(0, BOUND_MEMBERS_PER_STATUS);
    chosen.forEach((member, i) => {
      n += 1;
      const u = user({ _id: `u-member-${n}`, openid: DEMO_OPENIDS.member(n), role: 'member', name: member.name, rosterId: member.rosterId, memberId: member._id, buildingId: member.buildingId });
      member.userId = u._id;
      Object.assign(rosterById.get(member.rosterId)!, { boundUserId: u._id, boundAt: createdAt });
      if (i < 2) member.consent = { public: true, changedAt: member.consent.changedAt ?? new Date(termStart.getTime() - 10 * DAY_MS) };
      if (i === 2) member.consent = { public: false, changedAt: new Date(termStart.getTime() - 3 * DAY_MS) };
      users.push(u);
    });
  }

  // Students of both buildings, alternating, so each building has bound students.
  const students = places.buildings.map((b) => rng.shuffle(roster.filter((s) => s.buildingId === b._id && s.memberStatus === null)));
  for (let i = 0; i < BOUND_STUDENTS; i += 1) {
    const entry = students[i % students.length][Math.floor(i / students.length)];
    const u = user({ _id: `u-student-${i + 1}`, openid: DEMO_OPENIDS.student(i + 1), role: 'student', name: entry.name, rosterId: entry._id, buildingId: entry.buildingId });
    Object.assign(entry, { boundUserId: u._id, boundAt: createdAt });
    users.push(u);
  }
  return users;
}
