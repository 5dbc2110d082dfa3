import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { adminPost, collections, sdkFor, startTestEmulator, type TestEmulator } from './helpers';
import { FIXTURE_FUNCTIONS, callAs, rawPost, signIn } from './functions-helpers';
import { nestsDeeperThan } from '../src/http/json-depth';
import { WorkerPool } from '../src/functions/worker-pool';

// Nesting like this overflows every recursive walker (structured clone, EJSON, the query engine).
const deepText = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const deepValue = (levels: number): unknown => JSON.parse(deepText(levels));

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator({ functionsDir: FIXTURE_FUNCTIONS, schema: collections('things') });
});
afterAll(() => emu.cleanup());

/** After each refusal the same server still answers a function call and an SDK call. */
async function stillServes() {
  const token = await signIn(emu, 'o-after');
  expect((await callAs(emu, token, 'whoami')).body).toMatchObject({ errMsg: 'cloud.callFunction:ok' });
  expect((await sdkFor(emu).database().collection('things').count()).total).toBe(0);
}

describe('nesting depth', () => {
  test('counts brackets outside strings only', () => {
    expect(nestsDeeperThan(deepText(100))).toBe(false);
    expect(nestsDeeperThan(deepText(101))).toBe(true);
    expect(nestsDeeperThan(JSON.stringify({ s: '[[[[[[['.repeat(100), t: '"\\"[{' }))).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ a: { b: { c: 1 } } }), 3)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ a: { b: { c: [1] } } }), 3)).toBe(true);
  });

  test('the client endpoint refuses a body nested too deep with 400, and a legitimately nested one passes', async () => {
    const token = await signIn(emu, 'o-deep');
    const auth = { authorization: `Bearer ${token}` };
    const reply = await rawPost(emu, '/client/functions/whoami', `{"data":{"action":"me","input":{"a":${deepText(5000)}}}}`, auth);
    expect(reply.status).toBe(400);
    expect(reply.body.errMsg).toBe('cloud.callFunction:fail request body nests deeper than 100 levels');
    expect((await rawPost(emu, '/client/functions/whoami', JSON.stringify({ data: { a: deepValue(90) } }), auth)).status).toBe(200);
    await stillServes();
  });

  test('the admin endpoint (SDK protocol) answers INVALID_PARAM for deep params and deep EJSON strings', async () => {
    const query = { action: 'database.getDocument', collectionName: 'things', queryType: 'WHERE' };
    for (const body of [
      `{"action":"database.getDocument","collectionName":"things","queryType":"WHERE","query":${deepText(5000)}}`,
      { ...query, query: `{"a":${deepText(5000)}}` },
      { action: 'database.insertDocument', collectionName: 'things', data: [`{"a":${deepText(5000)}}`] },
    ]) {
      const { status, body: reply } = await adminPost(emu, body);
      expect(status).toBe(200);
      expect(reply).toEqual({ code: 'INVALID_PARAM', message: expect.stringMatching(/nests deeper than 100 levels/), requestId: expect.any(String) });
    }
    await stillServes();
  });

  test("node-sdk's callFunction with deep data is refused as INVALID_PARAM", async () => {
    // Deeper than 100 yet shallow enough for the SDK's own serialiser (it refuses ~5000 itself).
    await expect(sdkFor(emu).callFunction({ name: 'whoami', data: { a: deepValue(200) } })).rejects.toMatchObject({
      code: 'INVALID_PARAM',
      message: expect.stringMatching(/request_data nests deeper than 100 levels/),
    });
    await stillServes();
  });

  test('the storage client JSON endpoint refuses a deep body with 400', async () => {
    const token = await signIn(emu, 'o-files');
    const reply = await rawPost(emu, '/client/storage/temp-urls', `{"fileList":${deepText(5000)}}`, { authorization: `Bearer ${token}` });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ code: 'INVALID_PARAM', message: 'request body nests deeper than 100 levels' });
    await stillServes();
  });

  test('an event the worker cannot receive fails as a function failure, and the instance keeps serving', async () => {
    // Below the HTTP bound, structured clone into the worker can still fail (too deep for its stack, or
    // not cloneable at all): postMessage throws, which once became an unhandled rejection.
    const pool = new WorkerPool({ functionName: 'sleeper', indexFile: path.join(FIXTURE_FUNCTIONS, 'sleeper', 'index.js'), env: {}, memoryMb: 256 }, 1);
    try {
      const call = (event: unknown) => pool.run({ id: randomUUID(), unset: [], env: {}, event, context: {} }, 5000);
      const refused = await call({ ms: 0, notCloneable: () => 1 });
      expect(refused).toMatchObject({ ok: false, failure: { kind: 'execute', message: expect.stringMatching(/could not be passed to the function/) } });
      expect(await call({ ms: 0 })).toEqual({ ok: true, json: '{"slept":0}' });
      expect(pool.size).toBe(1);
    } finally {
      await pool.close();
    }
  });
});
