import fs from 'node:fs';
import path from 'node:path';
import { startTestEmulator, tempDir, type TestEmulator } from 'cloudbase-local/testing';
import { CLIENT_UPLOADS } from '../../scripts/dev/client-uploads';
import { errorMessages } from '../shared/errors';
import { createClient } from './client';
import { BAD_REPLY_MESSAGE, NETWORK_MESSAGE } from './result';
import { memorySessionStore } from './session';
import { createH5Transport } from './transport-h5';

/**
 * The h5 transport against a real local CloudBase (no fetch mocks): a tiny `plaque` function that
 * answers by the code it is given, and reports the caller's openid as the building name so the test
 * can see whose identity reached the function.
 */
const FIXTURE = `
const ROOM = { id: 'r1', number: '512', floor: 5, buildingId: 'b1', buildingName: '智园2号楼' };
exports.main = async (event, context) => {
  const openid = JSON.parse(context.environment || '{}').WX_OPENID || null;
  if (event.action === 'buildings') return { ok: true, data: { items: [{ id: 'b1', name: String(openid), communityId: 'c1', communityName: '智园', floors: 6 }], nextCursor: null } };
  const code = event.input && event.input.code;
  if (code === 'RETRED0000000000') return { ok: false, error: { code: 'CODE_RETIRED', message: '这个门牌二维码已停用，请扫描新的二维码' } };
  if (code === 'BADREPXY00000000') return { ok: true, data: { room: { id: 'r1' }, members: [] } };
  if (code === 'THRWS00000000000') throw new Error('boom');
  return { ok: true, data: { room: ROOM, members: [], linkedMembers: [], roomBadges: [] } };
};
`;

let emu: TestEmulator;
let functionsDir: string;

beforeAll(async () => {
  functionsDir = tempDir('dph-app-fn-');
  fs.mkdirSync(path.join(functionsDir, 'plaque'));
  fs.writeFileSync(path.join(functionsDir, 'plaque', 'index.js'), FIXTURE);
  // The shipped storage rules, which this throwaway functions directory does not hold.
  const storageRules = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cloudfunctions', 'storage.rules.json'), 'utf8'));
  emu = await startTestEmulator({ functionsDir, storageRules, clientUploads: CLIENT_UPLOADS });
});
afterAll(async () => {
  await emu?.cleanup();
  fs.rmSync(functionsDir, { recursive: true, force: true });
});

function h5Client(origin = () => emu.url) {
  const sessions = memorySessionStore();
  const transport = createH5Transport({ origin, sessions });
  return { client: createClient(transport), transport, sessions };
}

describe('h5 transport through the local CloudBase', () => {
  it('signs a new browser in as a guest, then calls the function with its bearer token', async () => {
    const { client, sessions } = h5Client();
    const result = await client.call('plaque', 'view', { code: 'abcdefghjkmnpqrs' });
    expect(result).toEqual({ ok: true, data: { room: { id: 'r1', number: '512', floor: 5, buildingId: 'b1', buildingName: '智园2号楼' }, members: [], linkedMembers: [], roomBadges: [] } });
    expect(sessions.get()?.openid).toMatch(/^h5-guest-/);
  });

  it('acts as whoever signed in locally', async () => {
    const { client, transport } = h5Client();
    await transport.signIn('demo-counselor-1', '刘静');
    const result = await client.call('plaque', 'buildings', {});
    expect(result.ok && result.data.items[0].name).toBe('demo-counselor-1');
  });

  it('signs in again with the same openid when the emulator forgot the session (restart)', async () => {
    const { client, sessions } = h5Client();
    sessions.set({ token: 'forgotten-token', openid: 'o-returning' });
    const result = await client.call('plaque', 'buildings', {});
    expect(result.ok && result.data.items[0].name).toBe('o-returning');
    expect(sessions.get()?.token).not.toBe('forgotten-token');
  });

  it('passes the message of an error reply through', async () => {
    const { client } = h5Client();
    expect(await client.call('plaque', 'view', { code: 'RETRED0000000000' })).toEqual({ ok: false, error: { code: 'CODE_RETIRED', message: '这个门牌二维码已停用，请扫描新的二维码' } });
  });

  it('catches a reply that breaks the contract', async () => {
    const { client } = h5Client();
    expect(await client.call('plaque', 'view', { code: 'BADREPXY00000000' })).toEqual({ ok: false, error: { code: 'INTERNAL', message: BAD_REPLY_MESSAGE } });
  });

  it('turns a crashed function and a missing function (errCode replies) into INTERNAL', async () => {
    const { client } = h5Client();
    expect(await client.call('plaque', 'view', { code: 'THRWS00000000000' })).toEqual({ ok: false, error: { code: 'INTERNAL', message: errorMessages.INTERNAL } });
    // `account` is not deployed on this emulator: -501000.
    expect(await client.call('account', 'me', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: errorMessages.INTERNAL } });
  });

  it('never calls the emulator with a bad input', async () => {
    const { client, sessions } = h5Client();
    expect((await client.call('plaque', 'view', { code: '../../etc/passwd' })).ok).toBe(false);
    expect(sessions.get()).toBeNull(); // not even the guest sign-in happened
  });

  it('an unreachable server is a network failure, not a throw', async () => {
    const { client } = h5Client(() => 'http://127.0.0.1:1');
    expect(await client.call('plaque', 'buildings', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: NETWORK_MESSAGE } });
  });

  it('uploads a photo into the user\'s own folder and answers its fileID; a non-photo or another folder is refused with a reason', async () => {
    const { client, transport } = h5Client();
    await transport.signIn('demo-member-1');
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const result = await client.upload('user/demo-member-1/photo/test.png', `data:image/png;base64,${png}`);
    expect(result).toEqual({ ok: true, data: { fileID: expect.stringMatching(/^cloud:\/\/.+\/user\/demo-member-1\/photo\/test\.png$/) } });

    const html = `data:image/jpeg;base64,${Buffer.from('<html><script>alert(1)</script>').toString('base64')}`;
    expect(await client.upload('user/demo-member-1/photo/x.jpg', html)).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '只能上传 JPEG、PNG 或 WebP 格式的照片' } });
    expect(await client.upload('user/someone-else/photo/x.png', `data:image/png;base64,${png}`)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
