import fs from 'node:fs';
import path from 'node:path';
import { startTestEmulator, tempDir, type TestEmulator } from './helpers';
import { FIXTURE_FUNCTIONS, callAs, signIn } from './functions-helpers';

let emu: TestEmulator;
let token: string;

beforeAll(async () => {
  emu = await startTestEmulator({ functionsDir: FIXTURE_FUNCTIONS });
  token = await signIn(emu, 'o-limits');
});

afterAll(async () => {
  await emu.cleanup();
});

const EXECUTE_FAIL = 'cloud.callFunction:fail Error: errCode: -504002 functions execute fail | errMsg: ';

test('a call past the configured timeout fails as CloudBase times out, and the function keeps working', async () => {
  const slow = await callAs(emu, token, 'sleeper', { ms: 20_000 });
  expect(slow.status).toBe(200);
  expect(slow.body).toEqual({
    errCode: -504003,
    errMsg: 'cloud.callFunction:fail Error: errCode: -504003  | errMsg: Invoking task timed out after 1 seconds',
    requestID: expect.any(String),
  });
  const quick = await callAs(emu, token, 'sleeper', { ms: 5 });
  expect(quick.body).toMatchObject({ errMsg: 'cloud.callFunction:ok', result: { slept: 5 } });
});

test('a call that outgrows memorySize fails, and the function recovers', async () => {
  const hog = await callAs(emu, token, 'hog', { hog: true });
  expect(hog.body.errCode).toBe(-504002);
  expect(hog.body.errMsg).toBe(`${EXECUTE_FAIL}Memory limit exceeded: the function used more than its 64MB`);
  const fine = await callAs(emu, token, 'hog', {});
  expect(fine.body.result).toEqual({ ok: true });
});

test('a thrown error reaches the caller in wx.cloud.callFunction shape', async () => {
  const reply = await callAs(emu, token, 'thrower', { mode: 'throw' });
  expect(reply.status).toBe(200);
  expect(reply.body.errCode).toBe(-504002);
  expect(reply.body.errMsg).toMatch(
    /^cloud\.callFunction:fail Error: errCode: -504002 functions execute fail \| errMsg: Error: boom at exports\.main \(.*thrower[/\\]index\.js:\d+:\d+\)$/,
  );
});

test('a rejected promise, a thrown string and a callback error fail the same way', async () => {
  const rejected = await callAs(emu, token, 'thrower', { mode: 'reject' });
  expect(rejected.body.errMsg).toMatch(/\| errMsg: TypeError: bad input at /);
  const thrownString = await callAs(emu, token, 'thrower', { mode: 'string' });
  expect(thrownString.body.errMsg).toBe(`${EXECUTE_FAIL}plain string`);
  const viaCallback = await callAs(emu, token, 'thrower', { mode: 'callback' });
  expect(viaCallback.body.errMsg).toMatch(/\| errMsg: RangeError: via callback at /);
  const callbackOk = await callAs(emu, token, 'thrower', { mode: 'callback-ok' });
  expect(callbackOk.body.result).toEqual({ via: 'callback' });
});

test('the result travels as JSON', async () => {
  const reply = await callAs(emu, token, 'thrower', {});
  expect(reply.body.result).toEqual({ fine: true, at: '1970-01-01T00:00:00.000Z' });
});

test('a worker that exits or throws later is replaced', async () => {
  const exited = await callAs(emu, token, 'thrower', { mode: 'exit' });
  expect(exited.body.errMsg).toBe(`${EXECUTE_FAIL}3 code exit unexpected`);
  const uncaught = await callAs(emu, token, 'thrower', { mode: 'uncaught' });
  expect(uncaught.body.errMsg).toMatch(/\| errMsg: Error: thrown later at /);
  const after = await callAs(emu, token, 'thrower', {});
  expect(after.body.errMsg).toBe('cloud.callFunction:ok');
});

test('code that does not load fails each call with its SyntaxError', async () => {
  const reply = await callAs(emu, token, 'broken');
  expect(reply.body.errMsg).toMatch(/\| errMsg: SyntaxError: .* at .*broken[/\\]index\.js:\d+$/);
});

test('a missing function gives CloudBase not-found error', async () => {
  for (const name of ['nope', 'a%2Fb', '..%2Fwhoami']) {
    const reply = await callAs(emu, token, name);
    expect(reply.status).toBe(200);
    expect(reply.body.errCode).toBe(-501000);
    expect(reply.body.errMsg).toMatch(
      /^cloud\.callFunction:fail Error: errCode: -501000  \| errMsg: FunctionName parameter could not be found\./,
    );
  }
});

test('an edited function is redeployed with its new code and config', async () => {
  const dir = tempDir('dph-fn-');
  fs.mkdirSync(path.join(dir, 'greet'));
  const write = (greeting: string, timeout: number) => {
    fs.writeFileSync(path.join(dir, 'greet', 'index.js'), `exports.main = async (event, context) => ${JSON.stringify(greeting)} + context.time_limit_in_ms;\n`);
    fs.writeFileSync(path.join(dir, 'greet', 'config.json'), JSON.stringify({ timeout }));
    // Distinct mtimes even on coarse file systems.
    const stamp = new Date(Date.now() + timeout * 1000);
    fs.utimesSync(path.join(dir, 'greet', 'index.js'), stamp, stamp);
  };
  const local = await startTestEmulator({ functionsDir: dir });
  try {
    write('first', 2);
    const first = await local.functions.invoke('greet', {});
    write('second', 5);
    const second = await local.functions.invoke('greet', {});
    expect(first.ok && first.result).toBe('first2000');
    expect(second.ok && second.result).toBe('second5000');
  } finally {
    await local.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
