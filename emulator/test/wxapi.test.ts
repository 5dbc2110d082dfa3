import { sdkFor, startTestEmulator, type TestEmulator } from './helpers';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.cleanup());

describe('WeChat open APIs (local stand-ins)', () => {
  it('msgSecCheck passes ordinary text and flags the stand-in word list, recording each call', async () => {
    const app = sdkFor(emu);
    const check = (content: string) => app.callWxOpenApi({ apiName: '/wxa/msg_sec_check', requestData: { content, version: 2, scene: 2, openid: 'o1' } });
    expect((await check('宿舍卫生很好，谢谢党员同学')).result).toMatchObject({ errcode: 0, result: { suggest: 'pass' } });
    expect((await check('有人在宿舍赌博')).result).toMatchObject({ errcode: 0, result: { suggest: 'risky' } });
    expect((await check('x'.repeat(10)).then(() => emu.wx.calls.length))).toBe(3);
  });

  it('answers a malformed request with errcode 47001 and an unknown API with an error', async () => {
    const app = sdkFor(emu);
    const bad = await app.callWxOpenApi({ apiName: '/wxa/msg_sec_check', requestData: { content: 'hi' } });
    expect(bad.result).toMatchObject({ errcode: 47001 });
    await expect(app.callWxOpenApi({ apiName: '/cgi-bin/nothing', requestData: {} })).rejects.toMatchObject({ code: 'INVALID_PARAM' });
  });
});
