/**
 * @jest-environment jsdom
 */
import simulate from 'miniprogram-simulate';
import type { DutyRecordDoc } from '../../cloudfunctions/_common/repositories/checkin-duty';
import { startApp, type App } from '../functions/harness';
import { seedWorld, type World } from '../functions/world';
import { bootApp, cloudBridge, renderPage, textOf, waitFor } from './harness';

/** The compiled station display and the member's duty scan (weapp build under miniprogram-simulate), against the real functions. */

let app: App;
let world: World;
const calls: Array<{ name: string; data: unknown }> = [];

type Node = { dom: HTMLElement; dispatchEvent: (name: string, init?: { detail?: unknown }) => void };
type PageComp = { dom?: unknown; querySelector: (s: string) => Node | null; querySelectorAll: (s: string) => Node[] };

beforeAll(async () => {
  app = await startApp();
  world = await seedWorld(app);
  bootApp({
    cloud: cloudBridge(app.emu.functions, world.openids.member, calls),
    // The camera reads the station screen's live code.
    scanCode: (opts: { success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
      const res = { errMsg: 'scanCode:ok', result: world.duty.code, scanType: 'QR_CODE' };
      opts.success?.(res);
      opts.complete?.(res);
    },
    showToast: (opts: { success?: (r: unknown) => void }) => opts.success?.({ errMsg: 'showToast:ok' }),
  });
});
afterAll(() => app.stop());

describe('compiled station display', () => {
  it('opened with the station key, shows the station and a fresh code the server issued', async () => {
    const page = renderPage('station/display/index', { key: encodeURIComponent(world.duty.key) }) as unknown as PageComp;
    await waitFor(() => textOf(page).includes(world.duty.station.name));
    const code = /[0-9A-HJKMNP-TV-Z]{16}/.exec(page.querySelector('.station-code')!.dom.textContent ?? '')?.[0];
    expect(code).toBeDefined();
    const stored = (await app.db.collection('duty_codes').doc(code!).get()).data[0] as { stationId: string };
    expect(stored.stationId).toBe(world.duty.station._id);
    expect(page.querySelectorAll('.qr-row').length).toBeGreaterThan(20);
  });

  it('with a revoked or made-up key, shows why and no code', async () => {
    const page = renderPage('station/display/index', { key: `${world.duty.station._id}.notthekey00` }) as unknown as PageComp;
    await waitFor(() => textOf(page).includes('密钥无效'));
    expect(page.querySelector('.station-code') ?? null).toBeNull();
  });
});

describe('compiled 我的值班', () => {
  it('a member on a shift now scans the station code and is checked in', async () => {
    const page = renderPage('member/duty/index', {}) as unknown as PageComp;
    await waitFor(() => textOf(page).includes('扫码签到'));
    page.querySelectorAll('.btn').find((n) => (n.dom.textContent ?? '').includes('扫码签到'))!.dispatchEvent('tap');
    await waitFor(() => textOf(page).includes('签到成功'));
    await simulate.sleep(50);
    expect(calls).toContainEqual({ name: 'checkin', data: { action: 'dutyScan', input: { code: world.duty.code, phase: 'in' } } });
    const id = `${world.duty.current._id}_${world.duty.today}_${world.member._id}`;
    const record = (await app.db.collection('duty_records').doc(id).get()).data[0] as DutyRecordDoc;
    expect(record).toMatchObject({ state: 'checkedIn', memberId: world.member._id });
  });
});
