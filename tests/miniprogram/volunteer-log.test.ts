/**
 * @jest-environment jsdom
 */
import simulate from 'miniprogram-simulate';
import { startApp, type App } from '../functions/harness';
import { buildEntry, daysAgo } from '../functions/builders';
import { seedWorld, type World } from '../functions/world';
import { bootApp, cloudBridge, renderPage, textOf, waitFor } from './harness';

let app: App;
let world: World;
const calls: Array<{ name: string; data: unknown }> = [];
const subscribeRequests: unknown[] = [];

beforeAll(async () => {
  app = await startApp();
  world = await seedWorld(app);
  // wx.cloud as the mini-program sees it, answered by the real functions on a local CloudBase, as the seeded member.
  bootApp({
    cloud: cloudBridge(app.emu.functions, world.openids.member, calls),
    // The one subscribe-message grant the submit tap asks for: the member accepts.
    requestSubscribeMessage: (opts: { tmplIds: string[]; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
      subscribeRequests.push(opts.tmplIds);
      const res = { errMsg: 'requestSubscribeMessage:ok', [opts.tmplIds[0]]: 'accept' };
      opts.success?.(res);
      opts.complete?.(res);
    },
    showToast: (opts: { success?: (r: unknown) => void }) => opts.success?.({ errMsg: 'showToast:ok' }),
  });
});
afterAll(() => app.stop());

type Node = { dom: HTMLElement; dispatchEvent: (name: string, init?: { detail?: unknown }) => void };
type PageComp = { dom?: unknown; querySelector: (s: string) => Node | null; querySelectorAll: (s: string) => Node[] };

/** Yesterday in China time: a past, recent date the rules accept. */
function yesterdayCst(): string {
  return new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
}

async function settle() {
  await simulate.sleep(50);
}

describe('compiled log page (weapp build under miniprogram-simulate)', () => {
  it('fills the form, submits, and the entry is pending', async () => {
    const page = renderPage('member/log/index', {}) as unknown as PageComp;
    await waitFor(() => textOf(page).includes('提交审核'));

    const inputs = page.querySelectorAll('.field__input').filter((n) => n.dom.tagName.toLowerCase().includes('input'));
    // title, place, witness name, witness contact
    expect(inputs.length).toBeGreaterThanOrEqual(2);
    inputs[0].dispatchEvent('input', { detail: { value: '楼道卫生大扫除' } });
    await settle();
    inputs[1].dispatchEvent('input', { detail: { value: '智园1号楼3层' } });
    await settle();
    page.querySelector('#category')!.dispatchEvent('change', { detail: { value: 2 } });
    await settle();
    page.querySelector('#date')!.dispatchEvent('change', { detail: { value: yesterdayCst() } });
    await settle();
    page.querySelector('#start')!.dispatchEvent('change', { detail: { value: '09:00' } });
    await settle();
    page.querySelector('#end')!.dispatchEvent('change', { detail: { value: '11:30' } });
    await waitFor(() => textOf(page).includes('共 2.5 小时'));
    expect(textOf(page)).toContain('环境卫生');

    const submit = page.querySelectorAll('.btn').find((n) => (n.dom.textContent ?? '').includes('提交审核'));
    submit!.dispatchEvent('tap');
    await waitFor(() => textOf(page).includes('已提交，等待辅导员审核'));
    expect(textOf(page)).toContain('待审核');
    expect(subscribeRequests).toHaveLength(1);

    const saved = calls.find((c) => (c.data as { action: string }).action === 'saveDraft');
    expect((saved!.data as { input: Record<string, unknown> }).input).toMatchObject({ title: '楼道卫生大扫除', category: 'hygiene', date: yesterdayCst(), start: '09:00', end: '11:30', place: '智园1号楼3层' });
    expect(calls).toContainEqual({ name: 'volunteer', data: { action: 'submit', input: expect.objectContaining({ subscribe: true }) } });

    const mine = await app.emu.functions.invoke('volunteer', { action: 'myEntries', input: {} }, { openid: world.openids.member });
    const entries = (mine as { result: { data: { items: Array<{ title: string; status: string; hours: number }> } } }).result.data.items;
    expect(entries).toContainEqual(expect.objectContaining({ title: '楼道卫生大扫除', status: 'pending', hours: 2.5 }));
  });

  it('shows a rule error next to the times without calling the server', async () => {
    const page = renderPage('member/log/index', {}) as unknown as PageComp;
    await waitFor(() => textOf(page).includes('提交审核'));
    const before = calls.length;
    page.querySelector('#start')!.dispatchEvent('change', { detail: { value: '12:00' } });
    await settle();
    page.querySelector('#end')!.dispatchEvent('change', { detail: { value: '11:00' } });
    await waitFor(() => textOf(page).includes('结束时间需晚于开始时间'));
    const inputs = page.querySelectorAll('.field__input').filter((n) => n.dom.tagName.toLowerCase().includes('input'));
    inputs[0].dispatchEvent('input', { detail: { value: '另一次服务' } });
    inputs[1].dispatchEvent('input', { detail: { value: '活动室' } });
    page.querySelector('#category')!.dispatchEvent('change', { detail: { value: 0 } });
    await settle();
    page.querySelectorAll('.btn').find((n) => (n.dom.textContent ?? '').includes('提交审核'))!.dispatchEvent('tap');
    await waitFor(() => textOf(page).includes('时长至少半小时'));
    expect(calls.slice(before).filter((c) => ['saveDraft', 'submit'].includes((c.data as { action: string }).action))).toEqual([]);
  });

  it('opens an entry of any age for editing by its id (behind 60 newer ones), and says when there is none', async () => {
    const of = { memberId: world.member._id, userId: world.users.member._id, memberName: world.member.name, buildingId: world.a._id };
    const old = buildEntry({ ...of, status: 'returned', date: daysAgo(28), title: '很早的退回记录', reviewComment: '请写明服务地点' });
    const newer = Array.from({ length: 60 }, (_, i) => buildEntry({ ...of, status: 'approved', approvedHours: 0.5, date: daysAgo(5 + (i % 20)), start: `${String(6 + Math.floor(i / 20)).padStart(2, '0')}:00`, end: `${String(6 + Math.floor(i / 20)).padStart(2, '0')}:30`, title: `较新的${i}` }));
    await app.insert('volunteer_entries', [old, ...newer]);
    const page = renderPage('member/log/index', { id: old._id }) as unknown as PageComp;
    await waitFor(() => textOf(page).includes('辅导员的修改意见：请写明服务地点'));
    expect(calls).toContainEqual({ name: 'volunteer', data: { action: 'myEntry', input: { id: old._id } } });
    const missing = renderPage('member/log/index', { id: 'e-none' }) as unknown as PageComp;
    await waitFor(() => textOf(missing).includes('没有找到这条记录'));
  });
});
