/**
 * @jest-environment jsdom
 */
import { startApp, type App } from '../functions/harness';
import { seedWorld, type World } from '../functions/world';
import { bootApp, cloudBridge, renderPage, textOf, waitFor } from './harness';

/** The compiled verification page a pack's QR opens (weapp build under miniprogram-simulate), against the real functions, as a guest. */

let app: App;
let world: World;
const calls: Array<{ name: string; data: unknown }> = [];

beforeAll(async () => {
  app = await startApp();
  world = await seedWorld(app);
  bootApp({ cloud: cloudBridge(app.emu.functions, world.openids.guest, calls) });
});
afterAll(() => app.stop());

describe('compiled 转正材料核验', () => {
  it('opened by the pack\'s code (scene = issue id), shows the issue record: whom for, by whom, the digest', async () => {
    const page = renderPage('pages/dossier/index', { scene: world.dossier._id });
    await waitFor(() => textOf(page).includes(world.dossier.memberName));
    const text = textOf(page);
    expect(text).toContain('张老师');
    expect(text).toContain(world.dossier._id);
    expect(text).toContain('00000000 00000000');
    expect(calls).toContainEqual({ name: 'develop', data: { action: 'verifyDossier', input: { id: world.dossier._id } } });
  });

  it('a forged id reads as not issued', async () => {
    const forged = world.dossier._id.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    const page = renderPage('pages/dossier/index', { scene: forged });
    await waitFor(() => textOf(page).includes('未找到出具记录'));
    expect(textOf(page)).not.toContain(world.dossier.memberName);
  });

  it('a code that is not an issue id says so without a call', async () => {
    const before = calls.length;
    const page = renderPage('pages/dossier/index', { scene: 'not-a-pack' });
    await waitFor(() => textOf(page).includes('二维码无效'));
    expect(calls.length).toBe(before);
  });
});
