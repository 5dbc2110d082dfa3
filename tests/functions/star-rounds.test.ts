import { TALLY_SETTLE_MS } from '../../src/shared/domain/star';
import { buildMember } from './builders';
import { startApp, type App } from './harness';
import { collectPages, expectIndexServed } from './index-served';
import { buildBallot, buildCandidate, buildRound } from './star-world';
import { seedWorld, type World } from './world';

/**
 * A round from opening to the award: create (once per month and scope, within the caller's scope),
 * nominate and self-nominate, publish (a reason when not the leader), object, answer (uphold withdraws
 * the star), final (the member carries the month on the plaque and the wall), the year's stars, the
 * export, and the paged lists.
 */
let app: App;
let tags = 0;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app.stop());
afterEach(() => app.emu.clock.reset());

const world = () => seedWorld(app, `r${(tags += 1)}`);
const roundDoc = async (id: string) => (await app.db.collection('star_rounds').doc(id).get()).data[0];
const auditsOf = async (id: string, action: string) => (await app.db.collection('audit').where({ action, 'target.id': id }).get()).data;
const iso = (ms: number) => new Date(ms).toISOString();

function windows(now = Date.now()) {
  return { nominateFrom: iso(now - HOUR), nominateUntil: iso(now + DAY), voteFrom: iso(now + 2 * DAY), voteUntil: iso(now + 3 * DAY) };
}

describe('createRound', () => {
  it('opens a round once per month and scope; the second answers CONFLICT with a clear message; audited', async () => {
    const w = await world();
    const input = { month: '2026-12', scope: { buildingIds: [w.a._id] }, ...windows() };
    const created = await app.call(w.openids.counselor, 'star', 'createRound', input);
    expect(created).toMatchObject({ ok: true, data: { round: { month: '2026-12', phase: 'nominating', scopeLabel: w.a.name, votesPerVoter: 1, noticeDays: 7, title: '2026年12月 每月之星评选' } } });
    if (!created.ok) return;
    const twice = await Promise.all([app.call(w.openids.counselor, 'star', 'createRound', input), app.call(w.openids.admin, 'star', 'createRound', input)]);
    for (const reply of twice) expect(reply).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('不能重复发起') } });
    expect(await auditsOf(created.data.round.id, 'star.createRound')).toHaveLength(1);
  });

  it('opened by several staff at the same moment, it exists once (one ok, the others CONFLICT, one audit)', async () => {
    const w = await world();
    const input = { month: '2027-03', scope: { buildingIds: [w.a._id] }, ...windows() };
    const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => app.call(i % 2 ? w.openids.admin : w.openids.counselor, 'star', 'createRound', input)));
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    for (const r of replies) if (!r.ok) expect(r.error.code).toBe('CONFLICT');
    const created = replies.find((r) => r.ok);
    expect(created?.ok && (await auditsOf(created.data.round.id, 'star.createRound'))).toHaveLength(1);
  });

  it('a community means all its buildings; a counselor outside some of them is refused', async () => {
    const w = await world();
    const input = { month: '2026-12', scope: { communityId: w.a.communityId }, ...windows() };
    // The world's counselor looks after building A only; the community has A and B (and other worlds' buildings share its id).
    expect(await app.call(w.openids.counselor, 'star', 'createRound', input)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('负责范围以外') } });
    expect(await app.call(w.openids.counselor, 'star', 'createRound', { ...input, scope: { buildingIds: [w.b._id] } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const byAdmin = await app.call(w.openids.admin, 'star', 'createRound', { ...input, month: '2027-01' });
    expect(byAdmin).toMatchObject({ ok: true, data: { round: { scopeLabel: '智园社区（全部楼栋）' } } });
    if (byAdmin.ok) expect(byAdmin.data.round.buildingIds).toEqual(expect.arrayContaining([w.a._id, w.b._id]));
    expect(await app.call(w.openids.admin, 'star', 'createRound', { ...input, scope: { communityId: 'c-none' } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('windows are checked (voting at least an hour, after nominations, not over) and nothing is stored', async () => {
    const w = await world();
    const now = Date.now();
    const bad = { ...windows(now), voteUntil: iso(now + 2 * DAY + 60_000) };
    expect(await app.call(w.openids.counselor, 'star', 'createRound', { month: '2026-12', scope: { buildingIds: [w.a._id] }, ...bad })).toMatchObject({
      ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('投票时间至少1小时') },
    });
    const rounds = await app.call(w.openids.counselor, 'star', 'rounds', { limit: 50 });
    expect(rounds.ok && rounds.data.items.map((r) => r.month)).not.toContain('2026-12');
  });
});

describe('nominations', () => {
  it('the counselor nominates (accepted, kept on the round); a member self-nominates (proposed) and the counselor decides', async () => {
    const w = await world();
    const round = w.star.nominating;
    const nominated = await app.call(w.openids.counselor, 'star', 'nominate', { roundId: round._id, memberId: w.member._id, deeds: '组织楼层学习小组，帮助同学补习高数' });
    expect(nominated).toMatchObject({ ok: true, data: { candidate: { memberId: w.member._id, nomination: 'accepted', self: false, figures: { badges: [{ code: 'modelPost', name: '党员示范岗' }] } } } });
    expect((await roundDoc(round._id)).candidateIds).toEqual([w.member._id]);
    expect(await app.call(w.openids.counselor, 'star', 'nominate', { roundId: round._id, memberId: w.member._id, deeds: '组织楼层学习小组，帮助同学补习高数' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });

    // Declining needs a reason; the world's neighbour has put themself forward.
    expect(await app.call(w.openids.counselor, 'star', 'decideNomination', { roundId: round._id, memberId: w.neighbour._id, accept: false })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await app.call(w.openids.counselor, 'star', 'decideNomination', { roundId: round._id, memberId: w.neighbour._id, accept: false, reason: '本月服务记录不足' })).toMatchObject({ ok: true });
    expect((await roundDoc(round._id)).candidateIds).toEqual([w.member._id]);
    expect(await app.call(w.openids.counselor, 'star', 'decideNomination', { roundId: round._id, memberId: w.neighbour._id, accept: true })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    const staffView = await app.call(w.openids.counselor, 'star', 'round', { id: round._id });
    expect(staffView.ok && staffView.data.candidates.map((c) => [c.name, c.nomination, c.declineReason])).toEqual([[w.neighbour.name, 'declined', '本月服务记录不足'], [w.member.name, 'accepted', null]]);
    // Voters see accepted candidates only.
    const voterView = await app.call(w.openids.student, 'star', 'round', { id: round._id });
    expect(voterView.ok && voterView.data.candidates.map((c) => c.memberId)).toEqual([w.member._id]);
    expect(await auditsOf(`${round._id}_${w.neighbour._id}`, 'star.decideNomination')).toHaveLength(1);
  });

  it('a member self-nominates as proposed; the figures come from the kept totals', async () => {
    const w = await world();
    await app.db.collection('members').doc(w.member._id).update({ hoursByMonth: { [w.star.nominating.month]: 6.5 }, awards: [{ awardId: 'aw-rs', code: 'redServiceTeam', name: '红色服务队', until: null }] });
    const reply = await app.call(w.openids.member, 'star', 'selfNominate', { roundId: w.star.nominating._id, deeds: '坚持每周楼道清扫，带动寝室同学参加志愿服务' });
    expect(reply).toMatchObject({ ok: true, data: { candidate: { nomination: 'proposed', self: true, figures: { monthHours: 6.5, badges: [{ code: 'redServiceTeam', name: '红色服务队' }] } } } });
    expect(await app.call(w.openids.member, 'star', 'round', { id: w.star.nominating._id })).toMatchObject({ ok: true, data: { me: { nomination: 'proposed' } } });
  });

  it('a member who has not consented to public display cannot stand; nor someone outside the round’s buildings; only while nominations are open', async () => {
    const w = await world();
    const shy = buildMember({ name: '钱多', buildingId: w.a._id, roomId: w.roomA._id, consent: { public: false, changedAt: null } });
    const away = buildMember({ name: '孙悟', buildingId: w.b._id, roomId: w.roomB._id });
    await app.insert('members', [shy, away]);
    const deeds = '积极参加志愿服务，热心帮助同学';
    expect(await app.call(w.openids.counselor, 'star', 'nominate', { roundId: w.star.nominating._id, memberId: shy._id, deeds })).toMatchObject({
      ok: false, error: { code: 'NOT_ELIGIBLE', message: expect.stringContaining('未同意公开展示') },
    });
    expect(await app.call(w.openids.admin, 'star', 'nominate', { roundId: w.star.nominating._id, memberId: away._id, deeds })).toMatchObject({ ok: false, error: { code: 'NOT_ELIGIBLE' } });
    expect(await app.call(w.openids.counselor, 'star', 'nominate', { roundId: w.star.voting._id, memberId: w.member._id, deeds })).toMatchObject({ ok: false, error: { code: 'ROUND_PHASE' } });
    // A round's nominations are bounded, so its list is one bounded read.
    const crowded = buildRound({ month: '2027-05', buildingIds: [w.a._id], nominations: 120 });
    await app.insert('star_rounds', crowded);
    expect(await app.call(w.openids.counselor, 'star', 'nominate', { roundId: crowded._id, memberId: w.member._id, deeds })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: expect.stringContaining('上限') } });
    const eligible = await app.call(w.openids.counselor, 'star', 'eligibleMembers', { roundId: w.star.nominating._id });
    expect(eligible.ok && eligible.data.items.map((m) => m.memberId).sort()).toEqual([w.member._id, w.neighbour._id].sort());
    expect(eligible.ok && eligible.data.items.find((m) => m.memberId === w.neighbour._id)?.nominated).toBe(true);
  });
});

describe('publish, 公示, objections, final', () => {
  it('another than the leader needs a reason; publishing starts 公示; audited', async () => {
    const w = await world();
    const round = w.star.tallied;
    expect(await app.call(w.openids.counselor, 'star', 'publish', { roundId: round._id, memberId: w.member._id })).toMatchObject({
      ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('请写明理由') },
    });
    const reply = await app.call(w.openids.counselor, 'star', 'publish', { roundId: round._id, memberId: w.member._id, reason: '得票第一的同学本月有违纪记录' });
    expect(reply).toMatchObject({ ok: true, data: { round: { phase: 'notice', star: { memberId: w.member._id } } } });
    expect(await app.call(w.openids.student, 'star', 'round', { id: round._id })).toMatchObject({ ok: true, data: { starReason: '得票第一的同学本月有违纪记录', tally: [{ votes: 2 }, { votes: 1 }] } });
    expect(await auditsOf(round._id, 'star.publish')).toMatchObject([{ reason: '得票第一的同学本月有违纪记录' }]);
    expect(await app.call(w.openids.admin, 'star', 'publish', { roundId: round._id, memberId: w.neighbour._id })).toMatchObject({ ok: false, error: { code: 'ROUND_PHASE' } });
  });

  it('only a voter objects, once, during 公示; upholding withdraws the star; dismissing the last one after 公示 makes it final', async () => {
    const w = await world();
    const round = w.star.notice;
    const reason = '候选人的事迹我不太了解，希望公开更多细节';
    // The world's voters are the student and the member; the counselor is no voter, a student of building B neither.
    const mine = await app.call(w.openids.student, 'star', 'object', { roundId: round._id, reason });
    expect(mine).toMatchObject({ ok: true, data: { objection: { status: 'open', reason } } });
    expect(await app.call(w.openids.student, 'star', 'object', { roundId: round._id, reason })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('已经对本轮结果提出过异议') } });
    // The member objecting many times at once: one objection.
    const burst = await Promise.all(Array.from({ length: 8 }, () => app.call(w.openids.member, 'star', 'object', { roundId: round._id, reason })));
    expect(burst.filter((r) => r.ok)).toHaveLength(1);
    for (const r of burst) if (!r.ok) expect(r.error.code).toBe('CONFLICT');
    const other = await world();
    expect(await app.call(other.openids.student, 'star', 'object', { roundId: round._id, reason })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(w.openids.student, 'star', 'object', { roundId: w.star.tallied._id, reason })).toMatchObject({ ok: false, error: { code: 'ROUND_PHASE' } });

    const listed = await app.call(w.openids.counselor, 'star', 'objections', { roundId: round._id });
    expect(listed.ok && listed.data.items.map((o) => o.status)).toEqual(['open', 'open', 'open']);
    if (!mine.ok) return;
    // Uphold the student's: the star is withdrawn, the round is back to confirmation, the records stay.
    expect(await app.call(w.openids.counselor, 'star', 'answerObjection', { objectionId: mine.data.objection.id, uphold: true, answer: '经核实，事迹材料不完整，撤销公布' })).toMatchObject({ ok: true });
    const back = await roundDoc(round._id);
    expect(back).toMatchObject({ state: 'tallied', star: null, withdrawn: [{ memberId: w.neighbour._id, objectionId: mine.data.objection.id }] });
    expect(await app.call(w.openids.student, 'star', 'round', { id: round._id })).toMatchObject({ ok: true, data: { me: { objection: { status: 'upheld' } }, tally: null } });

    // Published again; the world's earlier objection (another voter's, first publication) is still open.
    expect(await app.call(w.openids.counselor, 'star', 'publish', { roundId: round._id, memberId: w.member._id, reason: '原得票第一者的事迹经核实不完整' })).toMatchObject({ ok: true });
    const republished = await roundDoc(round._id);
    app.emu.clock.set(new Date(new Date(republished.noticeUntil).getTime() + TALLY_SETTLE_MS));
    await app.emu.triggers.fire('star', 'rounds-due');
    expect((await roundDoc(round._id)).state).toBe('published');
    const memberObjection = burst.find((r) => r.ok);
    if (!memberObjection?.ok) return;
    expect(await app.call(w.openids.counselor, 'star', 'answerObjection', { objectionId: memberObjection.data.objection.id, uphold: false, answer: '已核实，事迹属实，谢谢监督' })).toMatchObject({ ok: true });
    expect((await roundDoc(round._id)).state).toBe('published');
    expect(await app.call(w.openids.counselor, 'star', 'answerObjection', { objectionId: w.star.objection._id, uphold: false, answer: '已核实，事迹属实，谢谢监督' })).toMatchObject({ ok: true });
    expect(await roundDoc(round._id)).toMatchObject({ state: 'final' });
    const member = (await app.db.collection('members').doc(w.member._id).get()).data[0];
    expect(member.stars).toEqual([round.month]);
    expect(await auditsOf(round._id, 'star.final')).toHaveLength(1);
  });

  it('the timer makes the star final when 公示 ends with no open objection; the plaque and the wall show it, within two reads', async () => {
    const w = await world();
    const now = Date.now();
    const round = buildRound({
      month: '2026-04', buildingIds: [w.a._id], state: 'published', candidateIds: [w.neighbour._id],
      nominateFrom: new Date(now - 30 * DAY), nominateUntil: new Date(now - 29 * DAY), voteFrom: new Date(now - 28 * DAY), voteUntil: new Date(now - 27 * DAY),
      tally: [{ memberId: w.neighbour._id, name: w.neighbour.name, votes: 1, rank: 1 }], ballots: 1, electorate: 2,
      star: { memberId: w.neighbour._id, name: w.neighbour.name }, publishedAt: new Date(now - 8 * DAY), noticeUntil: new Date(now - 1 * DAY), publication: 1,
    });
    await app.insert('star_rounds', round);
    await app.insert('star_candidates', buildCandidate(round, w.neighbour));
    await app.insert('star_ballots', buildBallot(round, { ...w.users.student, rosterId: w.studentRoster._id }, [w.neighbour._id]));
    await Promise.all([app.emu.triggers.fire('star', 'rounds-due'), app.emu.triggers.fire('star', 'rounds-due')]);
    expect(await roundDoc(round._id)).toMatchObject({ state: 'final' });
    expect(await auditsOf(round._id, 'star.final')).toHaveLength(1);

    // The plaque instance's term calendar (cloudfunctions/_common/terms.ts) is loaded once a minute of the
    // function clock, which this test moved: the first view pays that read, a warm one two reads.
    await app.call('o-scanner-warm', 'plaque', 'view', { code: w.roomA.plaqueCode });
    const view = await app.call('o-scanner', 'plaque', 'view', { code: w.roomA.plaqueCode });
    expect(view.ok && view.data.members.find((m) => m.id === w.neighbour._id)?.stars).toEqual(['2026-04']);
    expect(app.meterOf(view.invocationId)?.reads).toBeLessThanOrEqual(2);
    const wall = await app.call('o-scanner', 'plaque', 'wall', { buildingId: w.a._id });
    expect(wall.ok && JSON.stringify(wall.data)).toContain('"stars":["2026-04"]');

    const year = await app.call(w.openids.student, 'star', 'yearStars', { year: 2026, limit: 50 });
    expect(year.ok && year.data.items.find((i) => i.roundId === round._id)).toEqual({ roundId: round._id, month: '2026-04', scopeLabel: '智园1号楼', star: { memberId: w.neighbour._id, name: w.neighbour.name }, votes: 1, ballots: 1 });
    expectIndexServed(app, year.invocationId);
  });
});

describe('candidate cards follow the plaque’s privacy rules', () => {
  it('a candidate who withdraws consent leaves the voters’ cards and is not named in the public tally; staff still see them', async () => {
    const w = await world();
    expect(await app.call(w.openids.member, 'account', 'setConsent', { public: false })).toMatchObject({ ok: true });
    const voter = await app.call(w.openids.student, 'star', 'round', { id: w.star.notice._id });
    if (!voter.ok) throw new Error(JSON.stringify(voter));
    expect(voter.data.candidates.map((c) => c.memberId)).toEqual([w.neighbour._id]);
    expect(voter.data.tally?.map((r) => r.name)).toEqual([w.neighbour.name, '（该党员已撤回公开展示）']);
    expect(JSON.stringify(voter.data)).not.toContain(w.member.name);
    const staff = await app.call(w.openids.counselor, 'star', 'round', { id: w.star.notice._id });
    expect(staff.ok && staff.data.candidates.map((c) => c.name).sort()).toEqual([w.neighbour.name, w.member.name].sort());
  });
});

describe('export and lists', () => {
  it('exports a tallied round as .xlsx for its staff only; audited', async () => {
    const w = await world();
    const reply = await app.call(w.openids.counselor, 'star', 'exportTally', { roundId: w.star.tallied._id });
    expect(reply).toMatchObject({ ok: true, data: { rows: 2, fileID: expect.stringContaining(`exports/${w.openids.counselor}/`) } });
    expect(await app.call(w.openids.counselor, 'star', 'exportTally', { roundId: w.star.voting._id })).toMatchObject({ ok: false, error: { code: 'ROUND_PHASE' } });
    const other = await world();
    expect(await app.call(other.openids.counselor, 'star', 'exportTally', { roundId: w.star.tallied._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await auditsOf(w.star.tallied._id, 'star.exportTally')).toHaveLength(1);
  });

  it('rounds, objections and eligible members page without repeats or gaps, index-served', async () => {
    const w = await world();
    const rounds = await collectPages(app, (cursor) => app.call(w.openids.student, 'star', 'rounds', { cursor, limit: 2 }) as never, async () => undefined);
    expect(new Set(rounds).size).toBe(6);
    expect(rounds).toEqual(expect.arrayContaining([w.star.voting._id, w.star.final._id]));

    const notice = w.star.notice;
    const objections = Array.from({ length: 7 }, (_, i) => ({
      _id: `${notice._id}_1_sx${i}`, roundId: notice._id, publication: 1, rosterId: `sx${i}`, userId: `ux${i}`, reason: '请公开更多候选人事迹',
      status: i % 2 ? 'dismissed' : 'open', createdAt: new Date(Date.now() - i * 60_000), listAt: new Date(Date.now() - i * 60_000 + (i % 2 ? 0 : 100 * 365 * DAY)),
      answer: i % 2 ? '已答复' : null, answeredAt: i % 2 ? new Date() : null, answeredBy: i % 2 ? 'u' : null,
    }));
    await app.insert('star_objections', objections);
    const seen = await collectPages(app, (cursor) => app.call(w.openids.counselor, 'star', 'objections', { roundId: notice._id, cursor, limit: 3 }) as never, async () => undefined);
    expect(seen).toHaveLength(8);
    const statuses = new Map([...objections.map((o) => [o._id, o.status] as const), [w.star.objection._id, 'open']]);
    // Open first (newest first), then answered.
    expect(seen.map((id) => statuses.get(id))).toEqual(['open', 'open', 'open', 'open', 'open', 'dismissed', 'dismissed', 'dismissed']);

    await app.insert('members', Array.from({ length: 9 }, (_, i) => buildMember({ name: `党员${i}`, buildingId: w.a._id, roomId: w.roomA._id, status: i % 3 ? 'full' : 'activist' })));
    const eligible = await collectPages(
      app,
      async (cursor) => {
        const reply = await app.call(w.openids.counselor, 'star', 'eligibleMembers', { roundId: w.star.nominating._id, cursor, limit: 2 });
        const items = reply.ok ? reply.data.items.map((m) => ({ id: m.memberId })) : [];
        return Object.defineProperty({ ...reply, data: reply.ok ? { ...reply.data, items } : undefined }, 'invocationId', { value: reply.invocationId });
      },
      async () => undefined,
    );
    // The member, the neighbour and six full members (activists cannot stand), each once.
    expect(eligible).toHaveLength(8);
    expect(new Set(eligible).size).toBe(8);
  });
});
