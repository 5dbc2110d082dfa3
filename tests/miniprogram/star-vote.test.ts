/**
 * @jest-environment jsdom
 */
import simulate from 'miniprogram-simulate';
import { ballotId } from '../../src/shared/domain/star';
import { buildMember } from '../functions/builders';
import { startApp, type App } from '../functions/harness';
import { buildCandidate, buildRound } from '../functions/star-world';
import { seedWorld, type World } from '../functions/world';
import { bootApp, cloudBridge, renderPage, textOf, waitFor } from './harness';

let app: App;
let world: World;
const calls: Array<{ name: string; data: unknown }> = [];
const toasts: string[] = [];
const modals: Array<{ title: string; content: string }> = [];
const HOUR = 3_600_000;
/** Who the mini-program is signed in as (WeChat's openid). */
let caller = '';

type Node = { dom: HTMLElement; dispatchEvent: (name: string, init?: { detail?: unknown }) => void };
type PageComp = { dom?: unknown; querySelectorAll: (s: string) => Node[] };

/** A round of building A in its voting window with three candidates and two votes each (K = 2). */
async function seedVotingRound() {
  const now = Date.now();
  const others = [
    buildMember({ name: '王强', status: 'full', buildingId: world.a._id, buildingName: world.a.name }),
    buildMember({ name: '刘洋', status: 'probationary', buildingId: world.a._id, buildingName: world.a.name }),
  ];
  await app.insert('members', others);
  const candidates = [world.neighbour, ...others];
  const round = buildRound({
    month: '2026-03', buildingIds: [world.a._id], votesPerVoter: 2, title: '2026年3月 每月之星评选',
    nominateFrom: new Date(now - 72 * HOUR), nominateUntil: new Date(now - 48 * HOUR), voteFrom: new Date(now - HOUR), voteUntil: new Date(now + 24 * HOUR),
    candidateIds: candidates.map((m) => m._id),
  }, now);
  await app.insert('star_rounds', round);
  await app.insert('star_candidates', candidates.map((m, i) => buildCandidate(round, m, { deeds: `本月组织楼层志愿服务${i + 2}次，帮助同学解决学习困难` })));
  return { round, candidates };
}

beforeAll(async () => {
  app = await startApp();
  world = await seedWorld(app);
  caller = world.openids.student;
  // wx.cloud as the mini-program sees it, answered by the real functions on a local CloudBase, as `caller`.
  bootApp({
    cloud: {
      init: () => undefined,
      callFunction: (args: { name: string; data: unknown }) => cloudBridge(app.emu.functions, caller, calls).callFunction(args),
    },
    showToast: (opts: { title: string; success?: (r: unknown) => void }) => {
      toasts.push(opts.title);
      opts.success?.({ errMsg: 'showToast:ok' });
    },
    // The student confirms the dialog.
    showModal: (opts: { title: string; content: string; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
      modals.push({ title: opts.title, content: opts.content });
      const res = { errMsg: 'showModal:ok', confirm: true, cancel: false };
      opts.success?.(res);
      opts.complete?.(res);
    },
  });
});
afterAll(() => app.stop());

describe('compiled vote page (weapp build under miniprogram-simulate)', () => {
  it('shows the candidates, limits the choice to K, votes once and shows 已投票', async () => {
    const { round, candidates } = await seedVotingRound();
    const page = renderPage('pages/star/index', { id: round._id }) as unknown as PageComp;
    await waitFor(() => textOf(page).includes('你还可以选 2 人'));
    const text = textOf(page);
    for (const c of candidates) expect(text).toContain(c.name);
    expect(text).toContain('投票中');
    expect(text).toContain('本月组织楼层志愿服务2次');
    expect(calls).toContainEqual({ name: 'star', data: { action: 'round', input: { id: round._id } } });

    const cards = () => page.querySelectorAll('.candidate');
    const chosen = () => page.querySelectorAll('.candidate--on').map((n) => n.dom.textContent ?? '');
    expect(cards()).toHaveLength(3);
    cards()[0].dispatchEvent('tap');
    await waitFor(() => textOf(page).includes('你还可以选 1 人'));
    cards()[1].dispatchEvent('tap');
    await waitFor(() => textOf(page).includes('已选满 2 人'));
    // A third choice is refused on the page (the shared ballot rule), with a word why.
    cards()[2].dispatchEvent('tap');
    await simulate.sleep(50);
    expect(chosen()).toHaveLength(2);
    expect(toasts).toContain('每人最多选 2 人');
    // Unticking gives the vote back.
    cards()[1].dispatchEvent('tap');
    await waitFor(() => textOf(page).includes('你还可以选 1 人'));
    cards()[2].dispatchEvent('tap');
    await waitFor(() => textOf(page).includes('已选满 2 人'));
    expect(chosen().join()).toContain(candidates[0].name);
    expect(chosen().join()).toContain(candidates[2].name);

    const vote = page.querySelectorAll('.btn').find((n) => (n.dom.textContent ?? '').includes('投票（已选 2 人）'));
    vote!.dispatchEvent('tap');
    await waitFor(() => textOf(page).includes('已投票'));
    expect(modals).toEqual([{ title: '确认投票', content: `投给：${candidates[0].name}、${candidates[2].name}。投票后不能更改。` }]);
    expect(textOf(page)).toContain(`你投给了：${candidates[0].name}、${candidates[2].name}`);
    expect(textOf(page)).not.toContain('你还可以选');
    expect(page.querySelectorAll('.candidate--on')).toHaveLength(0);

    // One ballot, keyed by the student's roster identity, with exactly those two choices.
    const { data: ballots } = await app.db.collection('star_ballots').where({ roundId: round._id }).get();
    expect(ballots).toHaveLength(1);
    expect(ballots[0]._id).toBe(ballotId(round._id, world.studentRoster._id));
    expect([...ballots[0].choices].sort()).toEqual([candidates[0]._id, candidates[2]._id].sort());
  });

  it('asks a guest (no 学号 bound) to bind before taking part', async () => {
    caller = world.openids.guest;
    const page = renderPage('pages/star/index', {});
    await waitFor(() => textOf(page).includes('绑定学号后参与评选'));
    expect(textOf(page)).toContain('去绑定');
    caller = world.openids.student;
  });
});
