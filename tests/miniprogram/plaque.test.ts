/**
 * @jest-environment jsdom
 */
import { startApp, type App } from '../functions/harness';
import { seedWorld, type World } from '../functions/world';
import { bootApp, cloudBridge, renderPage, textOf, waitFor } from './harness';

let app: App;
let world: World;
const calls: Array<{ name: string; data: unknown }> = [];

beforeAll(async () => {
  app = await startApp();
  world = await seedWorld(app);
  // wx.cloud as the mini-program sees it, answered by the real functions on a local CloudBase.
  bootApp({
    cloud: cloudBridge(app.emu.functions, 'mp-scanner', calls),
  });
});
afterAll(() => app.stop());

describe('compiled plaque page (weapp build under miniprogram-simulate)', () => {
  it('loads with a scene, calls plaque.view through wx.cloud and renders the members', async () => {
    const page = renderPage('pages/plaque/index', { scene: encodeURIComponent(world.roomA.plaqueCode) });
    await waitFor(() => textOf(page).includes(world.member.name));
    expect(calls).toContainEqual({ name: 'plaque', data: { action: 'view', input: { code: world.roomA.plaqueCode } } });
    const text = textOf(page);
    expect(text).toContain('301');
    expect(text).toContain(world.member.name);
    expect(text).toContain(world.neighbour.name);
    expect(text).toContain('预备党员');
    expect(text).not.toContain(world.memberRoster.studentNo);
  });

  it('shows a clear page for an unknown code', async () => {
    const page = renderPage('pages/plaque/index', { scene: 'ZZZZZZZZZZZZZZZZ' });
    await waitFor(() => textOf(page).includes('没有找到'));
  });
});
