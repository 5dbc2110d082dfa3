import type { DevelopNoticeDoc, DevelopObjectionDoc, DevelopPersonDoc, DevelopStepDoc } from '../../cloudfunctions/_common/repositories/develop-records';
import { slotId } from '../../cloudfunctions/_common/repositories/develop-records';
import type { BuildingDoc, RoomDoc } from '../../cloudfunctions/_common/docs';
import { buildMember, buildRoster, daysAgo, nextId } from './builders';
import type { App } from './harness';

const DAY = 86_400_000;

/**
 * The development records of a test world (issue 11, develop/records): a member of building A
 * converted two days ago by the counselor, so a 公示 of the conversion runs on A's wall with one
 * open objection from another resident (not a user of the world, so the world's student and member
 * may still object). The member has not consented to the plaque: a 公示 names people without it, and
 * the star tests count only the world's own consenting members.
 */
export async function seedDevelopRecords(app: App, w: { a: BuildingDoc; roomA: RoomDoc; counselorId: string }) {
  const roster = buildRoster({ name: '钱进', buildingId: w.a._id, roomId: w.roomA._id, memberStatus: 'full' });
  const member = buildMember({ rosterId: roster._id, name: '钱进', status: 'full', buildingId: w.a._id, buildingName: w.a.name, roomId: w.roomA._id, roomNumber: w.roomA.number, branchName: '智园1号楼党支部', consent: { public: false, changedAt: null } });
  const now = Date.now();
  const step = (stage: DevelopStepDoc['stage'], date: string, daysBack: number): DevelopStepDoc => ({
    _id: nextId('dstep'), kind: 'step', rosterId: roster._id, memberId: member._id, buildingId: w.a._id, stage, date, correctsId: null, reason: null, note: null,
    byUserId: w.counselorId, byName: '张老师', at: new Date(now - daysBack * DAY),
  });
  const admitted = step('probationary', daysAgo(400), 400);
  const converted = step('full', daysAgo(2), 2);
  const person: DevelopPersonDoc = {
    _id: roster._id, name: roster.name, buildingId: w.a._id, roomId: w.roomA._id, roomLabel: `${w.a.name} ${w.roomA.number}`, memberId: member._id, stage: 'full',
    dates: { probationary: admitted.date, full: converted.date }, updatedAt: new Date(now - 2 * DAY),
  };
  const notice: DevelopNoticeDoc = {
    _id: converted._id, rosterId: roster._id, memberId: member._id, buildingId: w.a._id, buildingName: w.a.name, name: roster.name, branchName: member.branchName, stage: 'full',
    date: converted.date, days: 7, from: new Date(now - 2 * DAY), until: new Date(now + 5 * DAY), createdBy: w.counselorId,
  };
  const objector = { rosterId: nextId('s'), userId: nextId('u') };
  const objection: DevelopObjectionDoc = {
    _id: `${slotId(notice._id, objector.rosterId)}_1`, noticeId: notice._id, noticeRosterId: roster._id, buildingId: w.a._id, name: roster.name, stage: 'full',
    rosterId: objector.rosterId, userId: objector.userId, fromName: '周同学', text: '该同学上月多次晚归，请核实', status: 'open', createdAt: new Date(now - DAY), answer: null, answeredAt: null, answeredBy: null,
  };
  await app.insert('roster', roster);
  await app.insert('members', member);
  await app.insert('develop_people', person);
  await app.insert('develop_steps', [admitted, converted]);
  await app.insert('develop_notices', notice);
  await app.insert('develop_objections', objection);
  await app.insert('develop_objection_slots', { _id: slotId(notice._id, objector.rosterId), openId: objection._id, count: 1 });
  return { roster, member, steps: { admitted, converted }, notice, objection };
}
