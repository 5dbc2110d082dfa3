import { Collections } from '../../cloudfunctions/_common/collections';
import type { BuildingDoc, MemberDoc, RoomDoc, RosterDoc } from '../../cloudfunctions/_common/docs';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';
import { sendJson, type Route } from 'cloudbase-local';
import { MemberStatus, memberStatusLabels, roleLabels, type Role } from '../../src/shared/model';
import type { Database } from '../demo/seed';
import { DEMO_OPENIDS } from '../demo/users';
import { readAll } from './read-all';

export interface DemoUser {
  openid: string;
  name: string;
  role: Role;
  label: string;
}

export interface DemoUsersReply {
  users: DemoUser[];
  /** Unbound roster entries to try binding with as the guest (fake demo people; local only). */
  bindable: { studentNo: string; name: string; label: string }[];
}

const PER_STATUS = 3;
const STUDENTS = 4;

/** `demo-member-12` after `demo-member-2`. */
const byOpenid = (a: UserDoc, b: UserDoc) => a.openid.localeCompare(b.openid, 'en', { numeric: true });

/**
 * The people the h5 local sign-in offers: the admin, every counselor, a few members of each status
 * (consenting and not), a few students and the guest. Read from the database, so bindings made in
 * the app show up.
 */
export async function demoUsers(db: Database): Promise<DemoUsersReply> {
  const _ = db.command;
  const all = (await readAll<UserDoc>(db.collection(Collections.users).orderBy('openid', 'asc'))).filter((u) => u.openid.startsWith('demo-')).sort(byOpenid);
  const buildings = new Map((await readAll<BuildingDoc>(db.collection(Collections.buildings).orderBy('_id', 'asc'))).map((b) => [b._id, b.name]));
  const memberIds = all.flatMap((u) => (u.memberId ? [u.memberId] : []));
  const rosterIds = all.flatMap((u) => (u.role === 'student' && u.rosterId ? [u.rosterId] : []));
  const members = new Map(
    (memberIds.length ? await readAll<MemberDoc>(db.collection(Collections.members).where({ _id: _.in(memberIds) }).orderBy('_id', 'asc')) : []).map((m) => [m._id, m]),
  );
  const roster = new Map(
    (rosterIds.length ? await readAll<RosterDoc>(db.collection(Collections.roster).where({ _id: _.in(rosterIds) }).orderBy('_id', 'asc')) : []).map((s) => [s._id, s]),
  );
  const unbound = db.collection(Collections.roster);
  const [plain, member] = await Promise.all([
    unbound.where({ boundUserId: null, memberStatus: null }).orderBy('_id', 'asc').limit(2).get(),
    unbound.where({ boundUserId: null, memberStatus: _.in(MemberStatus.options) }).orderBy('_id', 'asc').limit(1).get(),
  ]);
  const bindableEntries = [...(plain.data as RosterDoc[]), ...(member.data as RosterDoc[])];
  const roomIds = [...new Set([...roster.values(), ...bindableEntries].map((s) => s.roomId))];
  const rooms = new Map(
    (roomIds.length ? await readAll<RoomDoc>(db.collection(Collections.rooms).where({ _id: _.in(roomIds) }).orderBy('_id', 'asc')) : []).map((r) => [r._id, r.number]),
  );
  const roomLabel = (buildingId: string, number: string | undefined) => `${buildings.get(buildingId) ?? buildingId}${number ? ` ${number}` : ''}`;

  const label = (u: UserDoc): string => {
    if (u.role === 'counselor') return `${roleLabels.counselor} · ${u.buildingIds.map((id) => buildings.get(id) ?? id).join('、') || '未分配楼栋'}`;
    if (u.role === 'member') {
      const m = u.memberId ? members.get(u.memberId) : undefined;
      if (!m) return roleLabels.member;
      return `${memberStatusLabels[m.status]} · ${roomLabel(m.buildingId, m.roomNumber)} · ${m.consent.public ? '已同意公开' : '未同意公开'}`;
    }
    if (u.role === 'student') {
      const s = u.rosterId ? roster.get(u.rosterId) : undefined;
      return s ? `${roleLabels.student} · ${roomLabel(s.buildingId, rooms.get(s.roomId))}` : roleLabels.student;
    }
    return roleLabels[u.role];
  };

  const picked: UserDoc[] = [...all.filter((u) => u.role === 'admin'), ...all.filter((u) => u.role === 'counselor')];
  for (const status of MemberStatus.options) {
    picked.push(...all.filter((u) => u.role === 'member' && u.memberId && members.get(u.memberId)?.status === status).slice(0, PER_STATUS));
  }
  picked.push(...all.filter((u) => u.role === 'student' && u.openid !== DEMO_OPENIDS.guest).slice(0, STUDENTS));

  const users: DemoUser[] = picked.map((u) => ({ openid: u.openid, name: u.name ?? u.openid, role: u.role, label: label(u) }));
  const guest = all.find((u) => u.openid === DEMO_OPENIDS.guest);
  users.push(guest ? { openid: guest.openid, name: guest.name ?? '访客', role: guest.role, label: label(guest) } : { openid: DEMO_OPENIDS.guest, name: '访客', role: 'guest', label: `${roleLabels.guest} · 未绑定，可用学号和姓名绑定` });

  const bindable = bindableEntries.map((s) => ({
    studentNo: s.studentNo,
    name: s.name,
    label: `${s.memberStatus ? memberStatusLabels[s.memberStatus] : roleLabels.student} · ${roomLabel(s.buildingId, rooms.get(s.roomId))}`,
  }));
  return { users, bindable };
}

export function demoUsersRoute(db: () => Database): Route {
  return {
    method: 'GET',
    path: /^\/__dev\/demo-users\/?$/,
    async handle(req, res) {
      req.resume();
      sendJson(res, 200, await demoUsers(db()));
    },
  };
}
