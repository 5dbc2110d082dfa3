import { buildActivity, buildBuilding, buildEntry, buildMember, buildRoom, buildRoster, buildUser, daysAgo, newPlaqueCode, nextId, plaqueFor } from './builders';
import { DEFAULT_CHECKLIST, monthKeyOf } from '../../src/shared/domain/inspection';
import type { App } from './harness';
import { seedStarRounds } from './star-world';
import { seedDuty } from './checkin-duty-seed';
import { seedBadgeCatalogue, seedBadgeSamples } from './badge-world';
import { seedCivilMonth } from './badge-auto-world';
import { seedDevelopRecords } from './develop-records-world';
import { newCoverage, newRoomCoverage } from '../../cloudfunctions/_common/visit-coverage-docs';
import { seedEligibility } from './develop-eligibility-world';
import { seedOrgSamples } from './org-world';
import { seedRosterImport } from './roster-import-world';

/**
 * A small world with one caller of every role: two buildings, a room in each, a consenting member
 * in building A, a counselor of building A, an admin, a student and a guest (no user document).
 */
export async function seedWorld(app: App, tag = '') {
  const a = buildBuilding({ name: '智园1号楼' });
  const b = buildBuilding({ name: '智园2号楼' });
  const roomA = buildRoom({ buildingId: a._id, number: '301', floor: 3 });
  const roomB = buildRoom({ buildingId: b._id, number: '402', floor: 4 });
  // Check-in visits: a room of building A the member looks after (联系寝室).
  const roomA2 = buildRoom({ buildingId: a._id, number: '302', floor: 3 });
  const memberRoster = buildRoster({ name: '韩梅梅', buildingId: a._id, roomId: roomA._id, memberStatus: 'probationary' });
  const studentRoster = buildRoster({ name: '李雷', buildingId: a._id, roomId: roomA._id });
  const freeRoster = buildRoster({ name: '王芳', buildingId: b._id, roomId: roomB._id });
  const member = buildMember({ rosterId: memberRoster._id, name: '韩梅梅', status: 'probationary', buildingId: a._id, buildingName: a.name, roomId: roomA._id, roomNumber: '301', linkedRoomIds: [roomA2._id] });
  // Check-in visits: a member of building B who looks after room A (not on plaques), with a visit waiting for room A's residents.
  const visitor = buildMember({ name: '孙丽', buildingId: b._id, buildingName: b.name, roomId: roomB._id, roomNumber: '402', floor: 4, linkedRoomIds: [roomA._id], consent: { public: false, changedAt: null } });
  // Someone else to send feedback about (a member may not send feedback about themself).
  const neighbour = buildMember({ name: '赵强', status: 'full', buildingId: a._id, buildingName: a.name, roomId: roomA._id, roomNumber: '301' });
  const users = {
    student: buildUser({ openid: `w-student${tag}`, role: 'student', name: '李雷', rosterId: studentRoster._id, buildingId: a._id }),
    member: buildUser({ openid: `w-member${tag}`, role: 'member', name: '韩梅梅', rosterId: memberRoster._id, memberId: member._id, buildingId: a._id }),
    counselor: buildUser({ openid: `w-counselor${tag}`, role: 'counselor', name: '张老师', buildingIds: [a._id] }),
    admin: buildUser({ openid: `w-admin${tag}`, role: 'admin', name: '管理员' }),
  };
  member.userId = users.member._id;
  // Invite codes are 10 characters of the plaque-code alphabet (tags are numeric).
  const inviteCode = `KV${tag.padStart(8, '0')}`;
  memberRoster.boundUserId = users.member._id;
  studentRoster.boundUserId = users.student._id;

  await app.insert('communities', { _id: `${a.communityId}${tag}`, name: a.communityName });
  await app.insert('buildings', [a, b]);
  await app.insert('rooms', [roomA, roomB, roomA2]);
  await app.insert('plaques', [plaqueFor(roomA, a), plaqueFor(roomB, b), plaqueFor(roomA2, a)]);
  await app.insert('roster', [memberRoster, studentRoster, freeRoster]);
  await app.insert('members', [member, neighbour, visitor]);
  await app.insert('users', Object.values(users));
  await app.insert('feedback', {
    _id: `fb-seed${tag}`, memberId: member._id, memberName: member.name, buildingId: a._id, roomLabel: '智园1号楼 301',
    senderUserId: users.student._id, text: '晚上宿舍太吵了，希望党员带头', status: 'open', createdAt: new Date(), closedAt: null, closedBy: null, note: null,
  });
  await app.insert('invites', {
    _id: inviteCode, role: 'counselor', buildingIds: [b._id], expiresAt: new Date(Date.now() + 86_400_000), createdBy: users.admin._id,
    createdAt: new Date(), usedBy: null, usedAt: null,
  });

  // Volunteer: a draft and a pending entry of the member, an activity in building A with a live code.
  const entryOf = (o: Parameters<typeof buildEntry>[0]) =>
    buildEntry({ memberId: member._id, userId: users.member._id, memberName: member.name, buildingId: a._id, branchId: member.branchId, branchName: member.branchName, ...o });
  const entries = { draft: entryOf({ status: 'draft', submittedAt: null, date: daysAgo(3) }), pending: entryOf({ status: 'pending', date: daysAgo(4) }) };
  await app.insert('volunteer_entries', Object.values(entries));
  const activity = buildActivity({ buildingId: a._id, createdBy: users.counselor._id });
  const activityCode = newPlaqueCode();
  await app.insert('activities', activity);
  await app.insert('activity_codes', { _id: activityCode, activityId: activity._id, phase: 'in', expiresAt: new Date(Date.now() + 30_000) });

  // The 每月之星 vote: a round of building A in each phase (star-world.ts).
  const star = await seedStarRounds(app, { a, member, neighbour, users, freeRoster });

  // Check-in visits: the member's link record, and the visitor's pending visit an hour ago.
  const visitId = `visit-seed${tag}`;
  const seedLink = {
    _id: `link-seed${tag}`, memberId: member._id, memberName: member.name, roomId: roomA2._id, roomNumber: '302', buildingId: a._id,
    from: new Date(Date.now() - 30 * 86_400_000), until: null, createdBy: users.counselor._id, endedBy: null, reason: null,
  };
  await app.insert('visits_links', seedLink);
  await app.insert('visits_coverage', newCoverage(seedLink));
  await app.insert('visits_room_coverage', newRoomCoverage(roomA2, [{ id: member._id, name: member.name }]));
  await app.insert('visits_records', {
    _id: visitId, memberId: visitor._id, memberName: visitor.name, roomId: roomA._id, roomNumber: '301', buildingId: a._id, topic: 'life',
    note: '了解寝室近况', at: new Date(Date.now() - 3_600_000), plaqueCode: roomA.plaqueCode, makeUp: null, status: 'pending', correction: null, createdAt: new Date(Date.now() - 3_600_000),
  });

  // Inspections: the student and the member are appointed inspectors of building A (so every allowed
  // role may inspect roomA2, nobody's own room: 302 has no residents); one past inspection of roomA to correct.
  const appointments = (['student', 'member'] as const).map((role) => ({
    _id: nextId('ap'), buildingId: a._id, userId: users[role]._id, name: users[role].name, active: true, appointedAt: new Date(), appointedBy: users.counselor._id,
    revokedAt: null, revokedBy: null, revokeReason: null,
  }));
  await app.insert('inspections_appointments', appointments);
  const inspection = {
    _id: nextId('insp'), kind: 'inspection', correctsId: null, reason: null, roomId: roomA._id, buildingId: a._id, floor: roomA.floor, roomLabel: `${a.name} ${roomA.number}`,
    month: monthKeyOf(new Date()), at: new Date(), inspectorUserId: users.counselor._id, inspectorName: '张老师', inspectorRole: 'counselor',
    items: DEFAULT_CHECKLIST.map((i) => ({ ...i, score: i.maxScore - 2 })), total: 86, max: 100, percent: 86, rating: 'good', photoFileIds: [], note: '',
  };
  await app.insert('inspections_records', inspection);

  // Checkin duty: a station with a display key, the member on a shift open now (today), one tomorrow
  // and one yesterday; the neighbour on another tomorrow who asked the member to take it; a live code.
  const duty = await seedDuty(app, { buildingId: a._id, member, neighbour, counselorId: users.counselor._id });

  // Badges (issue 11): the catalogue a new school starts with.
  await seedBadgeCatalogue(app);
  // badge/auto: last month's 文明寝室 of room A2 waits to be settled.
  await seedCivilMonth(app, roomA2, a.name);

  // Development records (issue 11): a converted member with a running 公示 and an open objection.
  const developRecords = await seedDevelopRecords(app, { a, roomA, counselorId: users.counselor._id });

  // Badges, awards and applications section: an award by hand to the member, a pending application of room A2.
  const badges = await seedBadgeSamples(app, { buildingId: a._id, buildingName: a.name, member, room: roomA2 });

  // Develop, dossier section: a conversion evidence pack the counselor issued for the member (the record; no file).
  const dossier = {
    _id: Buffer.from(`dossier${tag}`).toString('hex').padStart(24, '0').slice(-24), memberId: member._id, memberName: member.name, memberUserId: users.member._id, buildingId: a._id,
    issuedBy: users.counselor._id, issuedByName: '张老师', at: new Date(Date.now() - 86_400_000), fileID: `cloud://seed/dossiers/${member._id}/seed.pdf`,
    digest: '0'.repeat(64), bytes: 1, pages: 1, entries: 0, entriesLeftOut: 0,
  };
  await app.insert('develop_dossiers', dossier);

  // Develop, eligibility section: an experience record of the member.
  const eligibility = await seedEligibility(app, { memberId: member._id, buildingId: a._id, counselorId: users.counselor._id });

  // Organisation admin (issue 12): a branch with a group, an empty branch, an empty room.
  const org = await seedOrgSamples(app, { a });

  // Roster import (issue 12): an uploaded students file and a previewed job of one addition.
  const rosterImport = await seedRosterImport(app, { adminOpenid: users.admin.openid, a, roomA, tag });

  const openids = { guest: `w-guest${tag}`, student: users.student.openid, member: users.member.openid, counselor: users.counselor.openid, admin: users.admin.openid };
  return { a, b, roomA, roomB, roomA2, visitor, visitId, member, neighbour, memberRoster, studentRoster, freeRoster, users, openids, inviteCode, feedbackId: `fb-seed${tag}`, entries, activity, activityCode, star, appointments, inspection, duty, developRecords, badges, dossier, eligibility, org, rosterImport };
}

export type World = Awaited<ReturnType<typeof seedWorld>>;
