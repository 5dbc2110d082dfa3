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

  it('flags the project\'s own words instead when it gives a list', async () => {
    const own = await startTestEmulator({ wx: { riskyWords: ['spoiler'] } });
    try {
      const app = sdkFor(own);
      const check = async (content: string) => ((await app.callWxOpenApi({ apiName: '/wxa/msg_sec_check', requestData: { content, version: 2, scene: 2, openid: 'o1' } })).result as any).result.suggest;
      expect(await check('a spoiler for the finale')).toBe('risky');
      expect(await check('有人在宿舍赌博')).toBe('pass');
    } finally {
      await own.cleanup();
    }
  });

  it('answers a malformed request with errcode 47001 and an unknown API with an error', async () => {
    const app = sdkFor(emu);
    const bad = await app.callWxOpenApi({ apiName: '/wxa/msg_sec_check', requestData: { content: 'hi' } });
    expect(bad.result).toMatchObject({ errcode: 47001 });
    await expect(app.callWxOpenApi({ apiName: '/cgi-bin/nothing', requestData: {} })).rejects.toMatchObject({ code: 'INVALID_PARAM' });
  });

  it('failNext simulates an outage for the next call of one API only, in order', async () => {
    const app = sdkFor(emu);
    const check = () => app.callWxOpenApi({ apiName: '/wxa/msg_sec_check', requestData: { content: '谢谢', version: 2, scene: 2, openid: 'o1' } });
    emu.wx.failNext('/wxa/msg_sec_check');
    emu.wx.failNext('/wxa/msg_sec_check', { errcode: 40001, errmsg: 'invalid credential' });
    emu.wx.failNext('/wxa/msg_sec_check', 'unreachable');
    expect((await check()).result).toEqual({ errcode: -1, errmsg: 'system error' });
    expect((await check()).result).toEqual({ errcode: 40001, errmsg: 'invalid credential' });
    await expect(check()).rejects.toMatchObject({ code: 'SYS_ERR' });
    expect((await check()).result).toMatchObject({ errcode: 0, result: { suggest: 'pass' } });
  });
});

describe('subscribeMessage.send (local stand-in)', () => {
  const message = {
    touser: 'o-member-1',
    template_id: 'TPL-REVIEW',
    page: 'member/hours/index',
    data: { thing1: { value: '宿舍楼道清扫' }, phrase2: { value: '已通过' } },
  };

  it('accepts a well-formed message, answers a msgid and keeps it in the outbox, newest first', async () => {
    const app = sdkFor(emu);
    const first = await app.callWxOpenApi({ apiName: '/cgi-bin/message/subscribe/send', requestData: message });
    expect(first.result).toMatchObject({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    await app.callWxOpenApi({ apiName: '/cgi-bin/message/subscribe/send', requestData: { ...message, touser: 'o-member-2' } });
    await app.callWxOpenApi({ apiName: '/cgi-bin/message/subscribe/send', requestData: { ...message, data: { thing1: { value: '第二条' } } } });
    const mine = emu.wx.outbox('o-member-1');
    expect(mine.map((m) => m.data.thing1.value)).toEqual(['第二条', '宿舍楼道清扫']);
    expect(mine[0]).toMatchObject({ touser: 'o-member-1', template_id: 'TPL-REVIEW', page: 'member/hours/index', at: expect.any(Date) });
    expect(emu.wx.outbox()).toHaveLength(3);
  });

  it('refuses a malformed message with errcode 47001 and leaves it out of the outbox', async () => {
    const app = sdkFor(emu);
    const before = emu.wx.outbox().length;
    for (const bad of [{ ...message, touser: '' }, { ...message, data: {} }, { ...message, data: { thing1: 'not an object' } }, { touser: 'o', data: message.data }]) {
      expect((await app.callWxOpenApi({ apiName: '/cgi-bin/message/subscribe/send', requestData: bad })).result).toMatchObject({ errcode: 47001 });
    }
    expect(emu.wx.outbox()).toHaveLength(before);
  });
});
