import { outboxRoute } from '../../scripts/dev/outbox';
import { sdkFor, startTestEmulator, type TestEmulator } from 'cloudbase-local/testing';

/** `GET /__dev/outbox`: the subscribe messages the local WeChat stand-in accepted, for the h5 app. */
let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ extraRoutes: [outboxRoute(() => emu.wx)] });
});
afterAll(() => emu.cleanup());

it('lists one recipient’s messages, newest first', async () => {
  const app = sdkFor(emu);
  const send = (touser: string, value: string) =>
    app.callWxOpenApi({ apiName: '/cgi-bin/message/subscribe/send', requestData: { touser, template_id: 'TPL', page: 'member/hours/index', data: { thing1: { value } } } });
  await send('o-a', '第一条');
  await send('o-b', '别人的');
  await send('o-a', '第二条');
  const res = await fetch(`${emu.url}/__dev/outbox?openid=o-a`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { messages: Array<{ touser: string; data: { thing1: { value: string } }; at: string }> };
  expect(body.messages.map((m) => m.data.thing1.value)).toEqual(['第二条', '第一条']);
  expect(body.messages[0]).toEqual({ touser: 'o-a', template_id: 'TPL', page: 'member/hours/index', data: { thing1: { value: '第二条' } }, at: expect.any(String) });
  expect(((await (await fetch(`${emu.url}/__dev/outbox`)).json()) as { messages: unknown[] }).messages).toHaveLength(3);
});
