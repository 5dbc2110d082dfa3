import fs from 'node:fs';
import path from 'node:path';
import type { FeedbackDoc, MemberDoc, RoomDoc, VolunteerEntryDoc } from '../../cloudfunctions/_common/docs';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';
import { DEFAULT_CHECKLIST } from '../../src/shared/domain/inspection';
import { buildFeedback, buildRoom, daysAgo, plaqueFor } from './builders';
import { docOf, findDocs, newOpenid, seedEntry, seedPlace, seedUser, type Place } from './account-seed';
import { startApp, type App } from './harness';
import { seedVolunteer, type VolunteerSeed } from './volunteer-seed';
import { seedBadgeCatalogue } from './badge-world';
import { previousMonth } from '../../src/shared/domain/badge-auto';

/**
 * Every privileged change and its audit record commit together or not at all (issue 8, point 5).
 * The failure between them is real: the `audit` collection is dropped from the local CloudBase, so
 * the audit insert fails with DATABASE_COLLECTION_NOT_EXIST. The change must not have happened, the
 * reply must be a structured error; with the collection back, the same call makes both.
 */
let app: App;
let place: Place;
let vol: VolunteerSeed;

beforeAll(async () => {
  app = await startApp();
  place = await seedPlace(app);
  vol = await seedVolunteer(app);
});
const costs: Record<string, { reads: number; writes: number }> = {};
afterAll(async () => {
  console.log(`database cost of each audited call:\n${Object.entries(costs).map(([k, v]) => `  ${k}: ${v.reads} reads, ${v.writes} writes`).join('\n')}`);
  await app.stop();
});

const store = () => app.emu.database.state.store;
const auditIndexes = () => store().indexesOf('audit');

/** Runs `work` while writes to `audit` fail for real, then puts the (now empty) collection back. */
async function withoutAudit<T>(work: () => Promise<T>): Promise<T> {
  const indexes = auditIndexes();
  store().dropCollection('audit');
  try {
    return await work();
  } finally {
    store().ensureCollection('audit', indexes, () => new Map());
  }
}

const auditsBy = (action: string, actorOpenid: string) => findDocs(app, 'audit', { action, actorOpenid });
const HOUR = 3_600_000;

interface Case {
  /** The audit action. */
  action: string;
  /** How many records one successful call writes. */
  records?: number;
  setup(): Promise<{ call: () => ReturnType<App['call']>; actor: string; changed: () => Promise<boolean> }>;
}

const cases: Case[] = [
  {
    action: 'account.bind',
    async setup() {
      const { roster } = await seedEntry(app, place, { name: '秦川', memberStatus: 'full' });
      const openid = newOpenid();
      return {
        actor: openid,
        call: () => app.call(openid, 'account', 'bind', { studentNo: roster.studentNo, name: '秦川' }),
        changed: async () =>
          (await findDocs(app, 'users', { openid })).length > 0 || (await docOf<{ boundUserId: string | null }>(app, 'roster', roster._id))!.boundUserId !== null,
      };
    },
  },
  {
    action: 'account.unbind',
    async setup() {
      const admin = await seedUser(app, place, 'admin');
      const member = await seedUser(app, place, 'member');
      return {
        actor: admin.openid,
        call: () => app.call(admin.openid, 'account', 'unbind', { userId: member.user._id, reason: '学生已毕业离校' }),
        changed: async () =>
          !(await docOf(app, 'users', member.user._id)) ||
          (await docOf<{ boundUserId: string | null }>(app, 'roster', member.roster!._id))!.boundUserId === null ||
          (await docOf<MemberDoc>(app, 'members', member.member!._id))!.userId === null,
      };
    },
  },
  {
    action: 'account.createInvite',
    async setup() {
      const admin = await seedUser(app, place, 'admin');
      return {
        actor: admin.openid,
        call: () => app.call(admin.openid, 'account', 'createInvite', { buildingIds: [place.building._id] }),
        changed: async () => (await findDocs(app, 'invites', { createdBy: admin.openid })).length > 0,
      };
    },
  },
  {
    action: 'account.redeemInvite',
    async setup() {
      const admin = await seedUser(app, place, 'admin');
      const code = await (async () => {
        const reply = await app.call(admin.openid, 'account', 'createInvite', { buildingIds: [place.building._id] });
        if (!reply.ok) throw new Error(JSON.stringify(reply));
        return reply.data.code;
      })();
      const student = await seedUser(app, place, 'student');
      return {
        actor: student.openid,
        call: () => app.call(student.openid, 'account', 'redeemInvite', { code, name: '周老师' }),
        changed: async () =>
          (await docOf<{ usedBy: string | null }>(app, 'invites', code))!.usedBy !== null ||
          (await docOf<UserDoc>(app, 'users', student.user._id))!.role !== 'student' ||
          (await docOf<{ boundUserId: string | null }>(app, 'roster', student.roster!._id))!.boundUserId === null,
      };
    },
  },
  {
    action: 'account.setConsent',
    async setup() {
      const member = await seedUser(app, place, 'member');
      return {
        actor: member.openid,
        call: () => app.call(member.openid, 'account', 'setConsent', { public: false }),
        changed: async () => (await docOf<MemberDoc>(app, 'members', member.member!._id))!.consent?.public === false,
      };
    },
  },
  {
    action: 'account.updateProfile',
    async setup() {
      const member = await seedUser(app, place, 'member');
      return {
        actor: member.openid,
        call: () => app.call(member.openid, 'account', 'updateProfile', { pledge: '做同学身边的服务者' }),
        changed: async () => (await docOf<MemberDoc>(app, 'members', member.member!._id))!.pledge === '做同学身边的服务者',
      };
    },
  },
  {
    action: 'plaque.closeFeedback',
    async setup() {
      const counselor = await seedUser(app, place, 'counselor');
      const item = buildFeedback({ buildingId: place.building._id, status: 'open' });
      await app.insert('feedback', item);
      return {
        actor: counselor.openid,
        call: () => app.call(counselor.openid, 'plaque', 'closeFeedback', { id: item._id, note: '已约谈', reply: '已处理，谢谢反映' }),
        changed: async () => (await docOf<FeedbackDoc>(app, 'feedback', item._id))!.status !== 'open',
      };
    },
  },
  {
    action: 'plaque.issueCode',
    async setup() {
      const admin = await seedUser(app, place, 'admin');
      const room = buildRoom({ buildingId: place.building._id, number: '306', floor: 3 });
      await app.insert('rooms', room);
      await app.insert('plaques', plaqueFor(room, place.building));
      return {
        actor: admin.openid,
        call: () => app.call(admin.openid, 'plaque', 'issueCode', { roomId: room._id }),
        changed: async () =>
          (await docOf<RoomDoc>(app, 'rooms', room._id))!.plaqueCode !== room.plaqueCode ||
          (await docOf<{ status: string }>(app, 'plaques', room.plaqueCode))!.status !== 'active',
      };
    },
  },
  {
    action: 'volunteer.createActivity',
    async setup() {
      const title = `活动${newOpenid('t').slice(-4)}`;
      const counselor = vol.counselorX;
      return {
        actor: counselor.openid,
        call: () =>
          app.call(counselor.openid, 'volunteer', 'createActivity', {
            title, category: 'hygiene', place: '一层大厅', buildingId: vol.x._id,
            startAt: new Date(Date.now() - 2 * HOUR).toISOString(), endAt: new Date(Date.now() + HOUR).toISOString(),
          }),
        changed: async () => (await findDocs(app, 'activities', { title })).length > 0,
      };
    },
  },
  {
    action: 'volunteer.review.approve',
    async setup() {
      const m = await vol.member({ name: '钱坤' });
      const entry = await vol.pendingEntry(m, { date: daysAgo(2) });
      return {
        actor: vol.counselorX.openid,
        call: () => app.call(vol.counselorX.openid, 'volunteer', 'review', { id: entry._id, decision: 'approve' }),
        changed: async () =>
          (await docOf<VolunteerEntryDoc>(app, 'volunteer_entries', entry._id))!.status !== 'pending' ||
          Object.keys((await docOf<MemberDoc>(app, 'members', m.doc._id))!.hours ?? {}).length > 0,
      };
    },
  },
  {
    action: 'volunteer.bulkApprove',
    records: 2,
    async setup() {
      const m = await vol.member({ name: '孙俪' });
      const entries = [await vol.pendingEntry(m, { date: daysAgo(3) }), await vol.pendingEntry(m, { date: daysAgo(4) })];
      return {
        actor: vol.counselorX2.openid,
        call: () => app.call(vol.counselorX2.openid, 'volunteer', 'bulkApprove', { ids: entries.map((e) => e._id) }),
        changed: async () => {
          for (const e of entries) if ((await docOf<VolunteerEntryDoc>(app, 'volunteer_entries', e._id))!.status !== 'pending') return true;
          return Object.keys((await docOf<MemberDoc>(app, 'members', m.doc._id))!.hours ?? {}).length > 0;
        },
      };
    },
  },
  {
    action: 'volunteer.exportHours',
    async setup() {
      const counselor = vol.counselorY;
      return {
        actor: counselor.openid,
        call: () => app.call(counselor.openid, 'volunteer', 'exportHours', {}),
        changed: async () => (await findDocs(app, 'exports', { creatorOpenid: counselor.openid })).length > 0,
      };
    },
  },
  // Inspections (issue 10): the record, the room's state and the month's projections go with the audit.
  {
    action: 'inspections.inspect',
    async setup() {
      const counselor = await seedUser(app, place, 'counselor');
      const room = buildRoom({ buildingId: place.building._id, number: '306', floor: 3 });
      await app.insert('rooms', room);
      const scores = DEFAULT_CHECKLIST.map((i) => ({ id: i.id, score: 0 }));
      return {
        actor: counselor.openid,
        call: () => app.call(counselor.openid, 'checkin', 'inspectRoom', { roomId: room._id, scores }),
        changed: async () =>
          (await findDocs(app, 'inspections_records', { roomId: room._id })).length > 0 ||
          (await docOf(app, 'inspections_rooms', room._id)) !== null ||
          (await findDocs(app, 'inspections_room_months', { roomId: room._id })).length > 0,
      };
    },
  },
  {
    action: 'develop.recordStep',
    async setup() {
      const counselor = await seedUser(app, place, 'counselor');
      const { member } = await seedEntry(app, place, { name: '钱多', memberStatus: 'activist' });
      return {
        actor: counselor.openid,
        call: () => app.call(counselor.openid, 'develop', 'recordStep', { person: { memberId: member!._id }, stage: 'candidate', date: daysAgo(1) }),
        changed: async () =>
          (await docOf<MemberDoc>(app, 'members', member!._id))!.status !== 'activist' || (await findDocs(app, 'develop_steps', { memberId: member!._id })).length > 0 ||
          (await docOf(app, 'develop_people', member!.rosterId)) !== null,
      };
    },
  },
  // Badges, auto (issue 11): a settled 文明寝室 award, the room's and plaque's projection and the audit together.
  {
    action: 'badge.award',
    async setup() {
      await seedBadgeCatalogue(app);
      const counselor = await seedUser(app, place, 'counselor');
      const room = buildRoom({ buildingId: place.building._id, number: '307', floor: 3 });
      await app.insert('rooms', room);
      await app.insert('plaques', plaqueFor(room, place.building));
      const month = previousMonth(new Date());
      await app.insert('inspections_room_months', { _id: `${room._id}:${month}`, roomId: room._id, buildingId: place.building._id, floor: 3, roomLabel: '307', month, ratings: { i1: 'excellent' }, civilised: true });
      return {
        actor: counselor.openid,
        call: () => app.call(counselor.openid, 'badge', 'settleCivilRooms', { month, buildingId: place.building._id }),
        changed: async () =>
          (await findDocs(app, 'badge_awards', { 'holder.id': room._id })).length > 0 ||
          ((await docOf<RoomDoc>(app, 'rooms', room._id))!.roomAwards ?? []).length > 0 ||
          ((await docOf<{ roomAwards?: unknown[] }>(app, 'plaques', room.plaqueCode))!.roomAwards ?? []).length > 0,
      };
    },
  },
];

describe('audit is atomic with the privileged change it records', () => {
  it.each(cases.map((c) => [c.action, c] as const))('%s: a failed audit write undoes the change; then both happen', async (_label, c) => {
    const { call, actor, changed } = await c.setup();

    const failed = await withoutAudit(call);
    expect(failed).toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.any(String) } });
    expect(await changed()).toBe(false);
    expect(await auditsBy(c.action, actor)).toEqual([]);

    // The local CloudBase is still up, and the same call now makes the change and its record.
    const done = await call();
    expect(done).toMatchObject({ ok: true });
    const m = app.meterOf(done.invocationId)!;
    costs[_label] = { reads: m.reads, writes: m.writes };
    expect(await changed()).toBe(true);
    expect(await auditsBy(c.action, actor)).toHaveLength(c.records ?? 1);
  });
});

describe('the only writer of audit records', () => {
  /** Every TypeScript source of the functions (not the built bundles). */
  const sources = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
      const full = path.join(dir, d.name);
      if (d.isDirectory()) return d.name === 'node_modules' ? [] : sources(full);
      return d.name.endsWith('.ts') ? [full] : [];
    });

  it('is auditIn in repositories/audit.ts: no other file names the audit collection, so no audit can be written outside a transaction', () => {
    const root = path.resolve(__dirname, '..', '..', 'cloudfunctions');
    const naming = sources(root).filter((f) => /Collections\.audit\b|collection\(\s*['"]audit['"]\s*\)/.test(fs.readFileSync(f, 'utf8')));
    expect(naming.map((f) => path.relative(root, f))).toEqual([path.join('_common', 'repositories', 'audit.ts')]);
  });
});
