/**
 * node-sdk without throwing: `tcb.setThrowOnCode(false)` (the requester) and `throwOnCode: false` (the
 * database's own checks) make every failure come back as `{code, message, requestId}`. Each failure the
 * local CloudBase produces must reach that path (HTTP 200 with CloudBase's string code), never a
 * thrown HTTP status or a code the SDK does not know.
 */
import tcb from '@cloudbase/node-sdk';
import { parseSchema } from '../src/database/schema';
import { FIXTURE_FUNCTIONS } from './functions-helpers';
import { startTestEmulator, type TestEmulator } from './helpers';

let emu: TestEmulator;
let app: ReturnType<typeof tcb.init>;
let db: ReturnType<ReturnType<typeof tcb.init>['database']>;

beforeAll(async () => {
  emu = await startTestEmulator({
    functionsDir: FIXTURE_FUNCTIONS,
    schema: parseSchema({ collections: [{ name: 'c', indexes: [{ name: 'by_code', unique: true, keys: [{ field: 'code', direction: 1 }] }] }] }),
  });
  (tcb as unknown as { setThrowOnCode(v: boolean): void }).setThrowOnCode(false);
  app = tcb.init({ ...emu.sdkConfig(), timeout: 20000, throwOnCode: false } as never);
  db = app.database();
  await db.collection('c').add([{ _id: 'a', n: 'text', code: 'A' }, { _id: 'b', code: 'B' }]);
});
afterAll(async () => {
  (tcb as unknown as { setThrowOnCode(v: boolean): void }).setThrowOnCode(true);
  await emu.cleanup();
});

type Answer = { code?: string; message?: string; requestId?: string };

const failures: Array<[string, () => Promise<unknown>, string]> = [
  ['add to a collection that does not exist', () => db.collection('nope').add({ a: 1 }), 'DATABASE_COLLECTION_NOT_EXIST'],
  ['get from a collection that does not exist', () => db.collection('nope').where({ a: 1 }).get(), 'DATABASE_COLLECTION_NOT_EXIST'],
  ['a field name starting with $', () => db.collection('c').add({ $_key: 1 }), 'DATABASE_REQUEST_FAILED'],
  ['a nested field name starting with $', () => db.collection('c').add({ a: { $b: 1 } }), 'DATABASE_REQUEST_FAILED'],
  ['a duplicate _id', () => db.collection('c').add({ _id: 'a' }), 'DATABASE_REQUEST_FAILED'],
  ['a unique index violated', () => db.collection('c').add({ code: 'A' }), 'DATABASE_REQUEST_FAILED'],
  ['$inc on a string', () => db.collection('c').doc('a').update({ n: db.command.inc(1) }), 'DATABASE_REQUEST_FAILED'],
  ['$set through a scalar', () => db.collection('c').doc('a').update({ 'n.x': 1 }), 'DATABASE_REQUEST_FAILED'],
  ['an unknown query operator', () => db.collection('c').where({ n: { $nope: 1 } }).get(), 'DATABASE_REQUEST_FAILED'],
  ['a schema MongoDB refuses', () => db.collection('c').where({ $jsonSchema: { nope: 1 } }).get(), 'DATABASE_REQUEST_FAILED'],
  ['an unknown aggregate expression', () => db.collection('c').aggregate().project({ r: { $nope: 1 } }).end(), 'DATABASE_REQUEST_FAILED'],
  ['an aggregate expression failing on a value', () => db.collection('c').aggregate().project({ r: { $indexOfCP: ['$n', 'x', -1] } }).end(), 'DATABASE_REQUEST_FAILED'],
  ['a geo query', () => db.collection('c').where({ p: db.command.geoNear({ geometry: new db.Geo.Point(1, 1) }) }).get(), 'OPERATION_UNSUPPORTED'],
  ['a read in a transaction that has ended', async () => {
    const t = await db.startTransaction();
    await t.commit();
    return t.collection('c').doc('a').get();
  }, 'DATABASE_TRANSACTION_FAIL'],
  ['a body over 6 MB', () => db.collection('c').add({ big: 'x'.repeat(7 * 1024 * 1024) }), 'REQUEST_ENTITY_TOO_LARGE'],
  ['a function that does not exist', () => app.callFunction({ name: 'nope', data: {} }), 'FUNCTION_NOT_FOUND'],
  ['a function that throws', () => app.callFunction({ name: 'thrower', data: { mode: 'throw' } }), 'FUNCTIONS_EXECUTE_FAIL'],
];

test.each(failures)('%s: {code, message} with CloudBase\'s code, not a throw', async (_name, call, code) => {
  const answer = (await call()) as Answer;
  expect(answer).toMatchObject({ code, message: expect.any(String), requestId: expect.any(String) });
  expect(answer.message).not.toBe('');
});

test('a field name containing "." is stored, as CloudBase stores it (node-sdk\'s own test adds {\'key.\': \'1\'})', async () => {
  const added = (await db.collection('c').add({ _id: 'dotted', code: 'D', 'key.': '1', nested: { 'a.b': 2 } })) as { id?: string; code?: string };
  expect(added.code).toBeUndefined();
  const got = await db.collection('c').doc('dotted').get();
  expect(got.data[0]).toEqual({ _id: 'dotted', code: 'D', 'key.': '1', nested: { 'a.b': 2 } });
});

describe('updateAndReturn', () => {
  test('a value set to what it already is: the document comes back, counted as updated (findAndModify)', async () => {
    expect(await db.collection('c').doc('u').set({ v: 1, code: 'U' })).not.toHaveProperty('code', expect.any(String));
    const same = (await db.collection('c').where({ _id: 'u' }).updateAndReturn({ v: 1 })) as { updated: number; doc: unknown };
    expect(same).toMatchObject({ updated: 1, doc: { _id: 'u', v: 1 } });
    const changed = (await db.collection('c').where({ _id: 'u' }).updateAndReturn({ v: 2 })) as { updated: number; doc: unknown };
    expect(changed).toMatchObject({ updated: 1, doc: { _id: 'u', v: 2 } });
  });

  test('nothing matched: updated 0 and doc null', async () => {
    const none = (await db.collection('c').where({ _id: 'missing' }).updateAndReturn({ v: 1 })) as { updated: number; doc: unknown };
    expect(none).toMatchObject({ updated: 0, doc: null });
  });
});
