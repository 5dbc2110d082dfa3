import { sdkFor } from 'cloudbase-local/testing';
import { buildEntry, buildRoster, daysAgo } from './builders';
import { startApp, type App } from './harness';
import { seedWorld, type World } from './world';

/**
 * Personal data leaves with its people (issue 12 point 5, PIPL art. 19, 45, 47): a person marked left
 * vanishes from every public view at once and loses their powers; after the school's retention period
 * the timer anonymises them (audited, keeping the hours totals, deleting their photo), once; until
 * then they can download a copy of their own data that nobody else can read.
 */
let app: App;
let w: World;
const DAY = 86_400_000;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const neighbourRoster = () => buildRoster({ name: '赵强', buildingId: w.a._id, roomId: w.roomA._id, memberStatus: 'full' });
let neighbourNo: string;
let photo: string;

const doc = async (coll: string, id: string) => ((await app.db.collection(coll).doc(id).get()).data as Array<Record<string, unknown>>)[0];
const audits = async (action: string) => (await app.db.collection('audit').where({ action }).get()).data as Array<Record<string, unknown>>;
const fireRetention = () => app.emu.functions.invoke('maintenance', { Type: 'Timer', TriggerName: 'nightly-sweep', Time: new Date().toISOString() });
const tokenOf = (openid: string) => app.emu.sessions.signIn({ openid, source: 'wx_client' });

async function clientTempUrl(openid: string, fileID: string) {
  const res = await fetch(`${app.emu.url}/client/storage/temp-urls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOf(openid)}` },
    body: JSON.stringify({ fileList: [fileID] }),
  });
  return ((await res.json()) as { fileList: Array<{ status: number; tempFileURL?: string }> }).fileList[0];
}

beforeAll(async () => {
  app = await startApp();
  w = await seedWorld(app, 'L1');
  const roster = neighbourRoster();
  roster._id = w.neighbour.rosterId;
  neighbourNo = roster.studentNo;
  await app.insert('roster', roster);
  // The member's plaque photo, and an approved entry with a photo (hours kept, words and photo go).
  photo = (await sdkFor(app.emu).uploadFile({ cloudPath: `user/${w.users.member.openid}/photo/me.png`, fileContent: PNG })).fileID as string;
  await app.db.collection('members').doc(w.member._id).update({ photoFileId: photo, hours: { '2026-1': 12 } });
  // A 公示 of the neighbour's conversion, running on building A's wall.
  await app.insert('develop_notices', {
    _id: 'notice-L1', rosterId: roster._id, memberId: w.neighbour._id, buildingId: w.a._id, buildingName: w.a.name, name: '赵强', branchName: null,
    stage: 'full', date: daysAgo(1), days: 5, from: new Date(Date.now() - DAY), until: new Date(Date.now() + 4 * DAY), createdBy: 'u-counselor',
  });
  await app.insert('volunteer_entries', buildEntry({ memberId: w.member._id, userId: w.users.member._id, memberName: w.member.name, buildingId: w.a._id, status: 'approved', approvedHours: 2, date: daysAgo(20), witnessName: '李老师' }));
});
afterAll(() => app.stop());

const plaqueNames = async () => {
  const view = await app.call('o-passer-by', 'plaque', 'view', { code: w.roomA.plaqueCode });
  if (!view.ok) throw new Error(JSON.stringify(view));
  return view.data.members.map((m) => m.name).sort();
};
const wallNames = async () => {
  const wall = await app.call('o-passer-by', 'plaque', 'wall', { buildingId: w.a._id });
  if (!wall.ok) throw new Error(JSON.stringify(wall));
  return wall.data.floors.flatMap((f) => f.members.map((m) => m.name)).sort();
};
const noticeNames = async () => {
  const notices = await app.call('o-passer-by', 'develop', 'wallNotices', { buildingId: w.a._id });
  if (!notices.ok) throw new Error(JSON.stringify(notices));
  return notices.data.items.map((n) => n.name);
};
const candidateNames = async () => {
  const round = await app.call(w.users.student.openid, 'star', 'round', { id: w.star.voting._id });
  if (!round.ok) throw new Error(JSON.stringify(round));
  return round.data.candidates.map((c) => c.name);
};

describe('account.markLeft', () => {
  it('takes a person off the plaque, the wall, an open round and a running 公示 at once, audited, once', async () => {
    expect(await noticeNames()).toContain('赵强');
    expect(await plaqueNames()).toEqual(['赵强', '韩梅梅']);
    expect(await wallNames()).toEqual(['赵强', '韩梅梅']);
    expect(await candidateNames()).toEqual(['赵强']);

    const reply = await app.call(w.users.admin.openid, 'account', 'markLeft', { studentNo: neighbourNo, reason: '2026届毕业离校' });
    expect(reply).toMatchObject({ ok: true, data: { alreadyLeft: false } });
    expect(await plaqueNames()).toEqual(['韩梅梅']);
    expect(await wallNames()).toEqual(['韩梅梅']);
    expect(await candidateNames()).toEqual([]);
    expect(await noticeNames()).not.toContain('赵强');

    expect(await app.call(w.users.admin.openid, 'account', 'markLeft', { studentNo: neighbourNo, reason: '重复操作' })).toMatchObject({ ok: true, data: { alreadyLeft: true } });
    const marks = await audits('roster.markLeft');
    expect(marks).toHaveLength(1);
    expect(marks[0]).toMatchObject({ actorOpenid: w.users.admin.openid, reason: '2026届毕业离校', target: { id: w.neighbour.rosterId } });
  });

  it('a left member keeps no powers: consent refused, seen as a guest who left, the 学号 cannot be bound again', async () => {
    const memberRoster = (await doc('roster', w.memberRoster._id)) as { studentNo: string };
    expect(await app.call(w.users.admin.openid, 'account', 'markLeft', { studentNo: memberRoster.studentNo, reason: '转学' })).toMatchObject({ ok: true });

    expect(await app.call(w.users.member.openid, 'account', 'setConsent', { public: true })).toMatchObject({ ok: false, error: { code: 'NOT_BOUND' } });
    expect((await doc('members', w.member._id)).consent).toMatchObject({ public: false });
    expect(await app.call(w.users.member.openid, 'account', 'me', {})).toMatchObject({ ok: true, data: { role: 'guest', left: true, member: null } });
    expect(await app.call(w.users.member.openid, 'volunteer', 'myEntries', {})).toMatchObject({ ok: false, error: { code: 'NOT_BOUND' } });
    expect(await app.call('o-someone-else', 'account', 'bind', { studentNo: memberRoster.studentNo, name: '韩梅梅' })).toMatchObject({ ok: false, error: { code: 'ROSTER_MISMATCH' } });
    expect(await plaqueNames()).toEqual([]);
  });
});

describe('account.myData', () => {
  it('gives a person who left a copy of their own data that no other user can read', async () => {
    const reply = await app.call(w.users.member.openid, 'account', 'myData', {});
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    expect(reply.data.counts).toMatchObject({ volunteerEntries: 3, feedbackSent: 0 });
    const copy = JSON.parse(await (await fetch(encodeURI(reply.data.url))).text());
    const memberRoster = (await doc('roster', w.memberRoster._id)) as { studentNo: string };
    expect(copy.roster).toMatchObject({ studentNo: memberRoster.studentNo, name: '韩梅梅' });
    expect(copy.member).toMatchObject({ name: '韩梅梅', photoFileId: photo });
    expect(copy.account).toMatchObject({ openid: w.users.member.openid });
    expect(copy.volunteerEntries.items).toHaveLength(3);

    // The file is the server's: no client, the owner included, mints a URL for it; only the reply's URL opens it.
    for (const who of [w.users.student.openid, w.users.admin.openid, w.users.member.openid]) {
      expect(await clientTempUrl(who, reply.data.fileID)).toMatchObject({ tempFileURL: '' });
    }
    expect((await audits('account.myData'))).toHaveLength(1);
  });

  it("a student's copy holds their feedback but never the counselor's internal note", async () => {
    await app.db.collection('feedback').doc(`fb-seedL1`).update({ note: '内部备注：已约谈' });
    const reply = await app.call(w.users.student.openid, 'account', 'myData', {});
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    const text = await (await fetch(encodeURI(reply.data.url))).text();
    expect(JSON.parse(text).feedbackSent.items).toHaveLength(1);
    expect(text).not.toContain('内部备注');
    expect(await app.call('o-guest-x', 'account', 'myData', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('the retention timer', () => {
  it('anonymises people left longer than the period, audited, keeping the figures; a second firing changes nothing', async () => {
    expect(await app.call(w.users.admin.openid, 'maintenance', 'setRetention', { days: 30 })).toMatchObject({ ok: true, data: { days: 30, isDefault: false } });
    const hoursBefore = (await doc('members', w.member._id)).hours;

    // Within the period: nothing happens.
    expect(await fireRetention()).toMatchObject({ ok: true, result: { ok: true, data: { retention: { people: 0 } } } });
    expect((await doc('roster', w.memberRoster._id)).name).toBe('韩梅梅');

    app.emu.clock.set(new Date(Date.now() + 31 * DAY));
    try {
      const first = await fireRetention();
      expect(first).toMatchObject({ ok: true, result: { ok: true, data: { retention: { people: 2, entries: 3, photos: 1 } } } });

      const roster = await doc('roster', w.memberRoster._id);
      expect(roster).toMatchObject({ name: '已离校人员', phone: null, boundUserId: null, erasure: 'done' });
      expect(roster.studentNo).not.toBe(w.memberRoster.studentNo);
      const member = await doc('members', w.member._id);
      expect(member).toMatchObject({ name: '已离校人员', pledge: null, photoFileId: null, userId: null, hours: hoursBefore, status: w.member.status });
      expect(app.emu.storage.has(photo)).toBe(false);
      expect(await doc('users', w.users.member._id)).toBeUndefined();
      const entries = (await app.db.collection('volunteer_entries').where({ memberId: w.member._id }).get()).data as Array<Record<string, unknown>>;
      expect(entries.map((e) => [e.memberName, e.witnessName, e.description])).toEqual(entries.map(() => ['已离校人员', null, '']));
      expect(entries.some((e) => e.status === 'approved' && e.approvedHours === 2)).toBe(true);
      expect((await doc('roster', w.neighbour.rosterId)).name).toBe('已离校人员');
      expect((await doc('develop_notices', 'notice-L1')).name).toBe('已离校人员');
      // Ballots keep their choices (the tally stands) without the openid and network address.
      const ballots = (await app.db.collection('star_ballots').where({ rosterId: w.memberRoster._id }).get()).data as Array<Record<string, unknown>>;
      expect(ballots.length).toBeGreaterThan(0);
      expect(ballots.map((b) => [b.openid, b.clientIp, (b.choices as string[]).length > 0])).toEqual(ballots.map(() => ['', '', true]));
      // Still bound people are untouched.
      expect((await doc('roster', w.studentRoster._id)).name).toBe('李雷');

      const perPerson = await audits('retention.anonymise');
      expect(perPerson.map((a) => (a.target as { id: string }).id).sort()).toEqual([w.memberRoster._id, w.neighbour.rosterId].sort());
      expect(JSON.stringify(perPerson)).not.toContain('韩梅梅');
      expect(await audits('retention.run')).toEqual([expect.objectContaining({ actorOpenid: 'system:retention', after: expect.objectContaining({ people: 2 }) })]);

      // The former binding is a guest now; nothing of them is left to download.
      expect(await app.call(w.users.member.openid, 'account', 'me', {})).toMatchObject({ ok: true, data: { role: 'guest', name: null } });

      const [rosterDoc, memberDoc, auditCount] = [roster, member, (await app.db.collection('audit').count()).total];
      expect(await fireRetention()).toMatchObject({ ok: true, result: { ok: true, data: { retention: { people: 0, entries: 0, photos: 0 } } } });
      expect(await doc('roster', w.memberRoster._id)).toEqual(rosterDoc);
      expect(await doc('members', w.member._id)).toEqual(memberDoc);
      expect((await app.db.collection('audit').count()).total).toBe(auditCount);
    } finally {
      app.emu.clock.reset();
    }
  });

  it('the period is the default 180 days until the admin sets one', async () => {
    const fresh = await startApp();
    try {
      const admin = (await seedWorld(fresh, 'L2')).users.admin.openid;
      expect(await fresh.call(admin, 'maintenance', 'retention', {})).toEqual({ ok: true, data: { days: 180, isDefault: true, updatedAt: null } });
      expect(await fresh.call(admin, 'maintenance', 'setRetention', { days: 3 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      // The school's own period: one document of school_settings (with the term calendar), audited with the default it replaced.
      const set = await fresh.call(admin, 'maintenance', 'setRetention', { days: 30 });
      expect(set).toEqual({ ok: true, data: { days: 30, isDefault: false, updatedAt: expect.any(String) } });
      expect((await fresh.db.collection('school_settings').doc('retention').get()).data).toEqual([expect.objectContaining({ days: 30, updatedBy: admin })]);
      const audit = (await fresh.db.collection('audit').where({ action: 'retention.set' }).get()).data;
      expect(audit).toEqual([expect.objectContaining({ before: { days: 180 }, after: { days: 30 }, target: { collection: 'school_settings', id: 'retention' } })]);
    } finally {
      await fresh.stop();
    }
  });
});

describe('under contention', () => {
  it('two admins marking the same person at once: one marks, the other finds it done, one audit record', async () => {
    const v = await seedWorld(app, 'L3');
    const studentNo = ((await doc('roster', v.studentRoster._id)) as { studentNo: string }).studentNo;
    const replies = await Promise.all([1, 2].map(() => app.call(v.users.admin.openid, 'account', 'markLeft', { studentNo, reason: '毕业离校' })));
    expect(replies.map((r) => (r.ok ? r.data.alreadyLeft : r.error.code)).sort()).toEqual([false, true]);
    const marks = (await audits('roster.markLeft')).filter((a) => (a.target as { id: string }).id === v.studentRoster._id);
    expect(marks).toHaveLength(1);
    expect(await app.call(v.users.student.openid, 'account', 'me', {})).toMatchObject({ ok: true, data: { role: 'guest', left: true } });
  });

  it('two firings of the timer at once anonymise each person once', async () => {
    const v = await seedWorld(app, 'L4');
    const no = async (id: string) => ((await doc('roster', id)) as { studentNo: string }).studentNo;
    for (const id of [v.studentRoster._id, v.memberRoster._id]) {
      expect(await app.call(v.users.admin.openid, 'account', 'markLeft', { studentNo: await no(id), reason: '毕业离校' })).toMatchObject({ ok: true });
    }
    const before = (await audits('retention.anonymise')).length;
    app.emu.clock.set(new Date(Date.now() + 400 * DAY));
    try {
      const runs = await Promise.all([fireRetention(), fireRetention()]);
      const people = runs.map((r) => (r as { result: { data: { retention: { people: number } } } }).result.data.retention.people);
      // Each person anonymised counts in exactly one firing (others left earlier in this file may be among them).
      expect(people.reduce((a, b) => a + b, 0)).toBe((await audits('retention.anonymise')).length - before);
      const mine = (await audits('retention.anonymise')).filter((a) => [v.studentRoster._id, v.memberRoster._id].includes((a.target as { id: string }).id));
      expect(mine).toHaveLength(2);
      expect((await doc('members', v.member._id)).name).toBe('已离校人员');
    } finally {
      app.emu.clock.reset();
    }
  });
});
