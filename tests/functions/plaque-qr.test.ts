import { PLAQUE_PAGE } from '../../src/shared/domain/plaque-code';
import { buildBuilding, buildRoom, buildUser, plaqueFor } from './builders';
import { startApp, type App } from './harness';
import { decodePng, PNG_SIGNATURE, qrEncodes } from './qr-png';

let app: App;
const building = buildBuilding();
const room = buildRoom({ buildingId: building._id });
const admin = buildUser({ role: 'admin' });
const counselor = buildUser({ role: 'counselor', buildingIds: [building._id] });

beforeAll(async () => {
  app = await startApp();
  await app.insert('buildings', building);
  await app.insert('rooms', room);
  await app.insert('plaques', plaqueFor(room, building));
  await app.insert('users', [admin, counselor]);
});
afterAll(() => app.stop());

describe('plaque.qrCode', () => {
  it("asks WeChat's getUnlimited for the room's code and page, and returns the PNG", async () => {
    const reply = await app.call(admin.openid, 'plaque', 'qrCode', { roomId: room._id });
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    expect(reply.data).toMatchObject({ code: room.plaqueCode, page: PLAQUE_PAGE });

    const png = Buffer.from(reply.data.pngBase64, 'base64');
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.length).toBeGreaterThan(500);
    const image = decodePng(png);
    expect([image.width, image.height]).toEqual([430, 430]);
    // The local stand-in draws a plain QR of what WeChat's code would open.
    expect(qrEncodes(image, `${PLAQUE_PAGE}?scene=${room.plaqueCode}`)).toBe(true);
    expect(qrEncodes(image, `${PLAQUE_PAGE}?scene=0000000000000000`)).toBe(false);

    expect(app.emu.wx.calls.at(-1)).toMatchObject({
      apiName: 'wxacode.getUnlimited',
      request: { scene: room.plaqueCode, page: PLAQUE_PAGE, check_path: false, width: 430 },
      response: { contentType: 'image/png', byteLength: png.length },
    });
  });

  it('follows a reissued code', async () => {
    const issued = await app.call(admin.openid, 'plaque', 'issueCode', { roomId: room._id });
    const reply = await app.call(admin.openid, 'plaque', 'qrCode', { roomId: room._id });
    expect(issued.ok && reply.ok && reply.data.code).toBe(issued.ok && issued.data.code);
  });

  it('is for admins only, and answers NOT_FOUND for an unknown room', async () => {
    expect(await app.call(counselor.openid, 'plaque', 'qrCode', { roomId: room._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(admin.openid, 'plaque', 'qrCode', { roomId: 'r-nowhere' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
