import { sdkFor, startTestEmulator, type TestEmulator } from './helpers';
import { FIXTURE_FUNCTIONS, callAs, rawPost, signIn } from './functions-helpers';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator({ functionsDir: FIXTURE_FUNCTIONS, allowedOrigins: ['http://localhost:5173'] });
});

afterAll(async () => {
  await emu.cleanup();
});

describe('client endpoint', () => {
  test('a missing or unknown token is refused with 401 and a clear message', async () => {
    for (const token of [undefined, 'not-a-session']) {
      const reply = await callAs(emu, token, 'whoami');
      expect(reply.status).toBe(401);
      expect(reply.body.errCode).toBe(-401001);
      expect(reply.body.errMsg).toMatch(/not signed in.*POST \/client\/signin/);
    }
  });

  test('sign-out ends the session', async () => {
    const token = await signIn(emu, 'o-leaving');
    expect((await callAs(emu, token, 'thrower')).status).toBe(200);
    const out = await rawPost(emu, '/client/signout', '', { authorization: `Bearer ${token}` });
    expect(out.status).toBe(200);
    expect((await callAs(emu, token, 'thrower')).status).toBe(401);
  });

  test('sign-in needs an openid and defaults the appid', async () => {
    const bad = await rawPost(emu, '/client/signin', JSON.stringify({ appid: 'wx1' }));
    expect(bad.status).toBe(400);
    expect(bad.body.errMsg).toMatch(/^signin:fail /);
    const good = await rawPost(emu, '/client/signin', JSON.stringify({ openid: 'o-default' }));
    expect(good.body).toMatchObject({ token: expect.any(String), openid: 'o-default', appid: expect.stringMatching(/^wx/) });
  });

  test('malformed JSON and non-object data are 400', async () => {
    const token = await signIn(emu, 'o-sloppy');
    const auth = { authorization: `Bearer ${token}` };
    const broken = await rawPost(emu, '/client/functions/whoami', '{"data": ', auth);
    expect(broken.status).toBe(400);
    expect(broken.body.errMsg).toMatch(/^cloud\.callFunction:fail .*not valid JSON/);
    const notObject = await rawPost(emu, '/client/functions/whoami', JSON.stringify({ data: [1, 2] }), auth);
    expect(notObject.status).toBe(400);
    const malformedSignin = await rawPost(emu, '/client/signin', 'openid=x');
    expect(malformedSignin.status).toBe(400);
  });

  test('a body over the 6 MB request limit is 413', async () => {
    const token = await signIn(emu, 'o-big');
    const body = JSON.stringify({ data: { blob: 'x'.repeat(6 * 1024 * 1024 + 10) } });
    const reply = await rawPost(emu, '/client/functions/whoami', body, { authorization: `Bearer ${token}` });
    expect(reply.status).toBe(413);
    expect(reply.body.errMsg).toMatch(/exceeds/);
  });

  test('CORS lets the h5 dev server (an allowed origin) call from another port', async () => {
    const preflight = await fetch(`${emu.url}/client/functions/whoami`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
    const token = await signIn(emu, 'o-cors');
    const reply = await rawPost(emu, '/client/functions/thrower', JSON.stringify({ data: {} }), { authorization: `Bearer ${token}`, origin: 'http://localhost:5173' });
    expect(reply.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(reply.headers.get('access-control-expose-headers')).toMatch(/X-Invocation-Id/);
  });
});

describe('functions.invokeFunction (node-sdk app.callFunction from a script)', () => {
  test('reaches the function as a server call and returns its result', async () => {
    const app = sdkFor(emu);
    const res = await app.callFunction({ name: 'whoami', data: { from: 'script' } });
    const result = res.result as any;
    expect(result.event).toEqual({ from: 'script' });
    expect(result.before.wx).toEqual({ SOURCE: 'tcb_server', ENV: emu.envId });
    expect(result.before.user).toEqual({ openId: '', appId: '' });
    expect(emu.metering.getInvocation(result.requestId)?.functionName).toBe('whoami');
  });

  test('answers failures as CloudBase does: {code, message}', async () => {
    const app = sdkFor(emu);
    await expect(app.callFunction({ name: 'thrower', data: { mode: 'throw' } })).rejects.toMatchObject({
      code: 'FUNCTIONS_EXECUTE_FAIL',
      message: expect.stringMatching(/^Error: boom at exports\.main /),
    });
    await expect(app.callFunction({ name: 'nope', data: {} })).rejects.toMatchObject({
      code: 'FUNCTION_NOT_FOUND',
      message: expect.stringMatching(/^FunctionName parameter could not be found\./),
    });
    await expect(app.callFunction({ name: 'sleeper', data: { ms: 20_000 } })).rejects.toMatchObject({
      code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED',
      message: 'Invoking task timed out after 1 seconds',
    });
  });

  test('a call without data gets an empty event', async () => {
    const app = sdkFor(emu);
    // node-sdk sends `request_data: ''` for absent data.
    const res = await app.callFunction({ name: 'whoami', data: undefined });
    expect((res.result as any).event).toEqual({});
  });
});
