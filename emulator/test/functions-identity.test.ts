import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestEmulator, type TestEmulator } from './helpers';
import { FIXTURE_FUNCTIONS, callAs, signIn } from './functions-helpers';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator({ functionsDir: FIXTURE_FUNCTIONS });
});

afterAll(async () => {
  await emu.cleanup();
});

/** What every reader inside `whoami` must report for this caller. */
function expectCaller(read: any, openid: string, appid: string, unionid?: string) {
  expect(read.wx).toMatchObject({ OPENID: openid, APPID: appid, SOURCE: 'wx_client', ENV: emu.envId });
  expect(read.wx.UNIONID).toBe(unionid);
  expect(read.user).toEqual({ openId: openid, appId: appid });
  expect(read.ctx).toMatchObject({ WX_OPENID: openid, WX_APPID: appid, TCB_SOURCE: 'wx_client' });
  expect(read.ctx.WX_UNIONID).toBe(unionid);
}

test('getWXContext, getUserInfo and getCloudbaseContext(context) all name the signed-in caller', async () => {
  const token = await signIn(emu, 'o-alice', { appid: 'wx-test-app', unionid: 'u-alice' });
  const reply = await callAs(emu, token, 'whoami', { hello: 'world' });
  expect(reply.status).toBe(200);
  expect(reply.body.errMsg).toBe('cloud.callFunction:ok');
  const result = reply.body.result;
  expectCaller(result.before, 'o-alice', 'wx-test-app', 'u-alice');
  expect(result.before.wx.CLIENTIP).toBe('127.0.0.1');
  // CloudBase adds userInfo to a mini-program call's event; the SCF context carries the config.
  expect(result.event).toEqual({ hello: 'world', userInfo: { appId: 'wx-test-app', openId: 'o-alice' } });
  expect(result).toMatchObject({ functionName: 'whoami', timeLimit: 10000, memoryLimit: 256 });
  expect(result.greeting).toBe('hello from config');
  expect(result.requestId).toBe(reply.body.requestID);
  expect(reply.headers.get('x-invocation-id')).toBe(reply.body.requestID);
  expect(emu.metering.getInvocation(reply.body.requestID)?.functionName).toBe('whoami');
});

test('the body cannot choose the caller', async () => {
  const token = await signIn(emu, 'o-honest');
  const reply = await callAs(emu, token, 'whoami', { userInfo: { openId: 'o-mallory' }, openid: 'o-mallory' });
  expect(reply.body.result.before.wx.OPENID).toBe('o-honest');
  expect(reply.body.result.event.userInfo.openId).toBe('o-honest');
});

test('240 overlapping calls by 40 users each see only their own caller', async () => {
  const users = Array.from({ length: 40 }, (_, i) => `o-user-${i}`);
  const tokens = await Promise.all(users.map((openid) => signIn(emu, openid, { appid: 'wx-many' })));
  const calls = Array.from({ length: 240 }, (_, i) => i % users.length);
  const replies = await Promise.all(
    calls.map(async (u) => ({ u, reply: await callAs(emu, tokens[u], 'whoami', { maxDelayMs: 15 }) })),
  );
  const tokensSeen = new Set<string>();
  for (const { u, reply } of replies) {
    expect(reply.body.errMsg).toBe('cloud.callFunction:ok');
    expectCaller(reply.body.result.before, users[u], 'wx-many');
    expectCaller(reply.body.result.after, users[u], 'wx-many');
    tokensSeen.add(reply.body.result.sessionToken);
  }
  // Every invocation had its own session token.
  expect(tokensSeen.size).toBe(240);
});

test('a function called from a function runs with no WeChat identity and source `wx_client,scf`', async () => {
  const token = await signIn(emu, 'o-relay');
  const reply = await callAs(emu, token, 'relay');
  const { self, node, wx } = reply.body.result;
  expect(self).toBe('o-relay');
  for (const inner of [node, wx]) {
    expect(inner.before.wx.OPENID).toBeUndefined();
    expect(inner.before.wx.SOURCE).toBe('wx_client,scf');
    expect(inner.before.user).toEqual({ openId: '', appId: '' });
    expect(inner.event.userInfo).toBeUndefined();
  }
  expect(node.event.from).toBe('node-sdk');
  expect(wx.event.from).toBe('wx-server-sdk');
});

test('invocationOf maps the per-invocation session token while the invocation runs', async () => {
  const seen: Array<{ token: string; invocationId: string | undefined }> = [];
  const probe = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const { token } = JSON.parse(text);
      // The function is blocked on this answer, so it is certainly still running here.
      const invocationId = emu.functions.invocationOf(token);
      seen.push({ token, invocationId });
      res.end(JSON.stringify({ invocationId }));
    });
  });
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/`;
  try {
    const first = await emu.functions.invoke('reporter', { url }, { openid: 'o-probe' });
    const second = await emu.functions.invoke('reporter', { url });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(seen.map((s) => s.invocationId)).toEqual([first.invocationId, second.invocationId]);
    expect(seen[0].token).not.toBe(seen[1].token);
    expect(emu.functions.invocationOf('not-a-token')).toBeUndefined();
    expect(emu.metering.getInvocation(first.invocationId)?.functionName).toBe('reporter');
  } finally {
    await new Promise((resolve) => probe.close(resolve));
  }
});

test('a programmatic call without identity is a server call', async () => {
  const outcome = await emu.functions.invoke('whoami', { n: 1 });
  expect(outcome.ok).toBe(true);
  if (!outcome.ok) return;
  const result = outcome.result as any;
  expect(result.before.wx).toEqual({ SOURCE: 'tcb_server', ENV: emu.envId });
  expect(result.event).toEqual({ n: 1 });
});
