import { adminPost, collections, sdkFor, startTestEmulator, type TestEmulator } from './helpers';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator({ schema: collections('things'), bodyLimit: 64 * 1024 });
});
afterAll(() => emu.cleanup());

/** A raw POST to the admin endpoint, signed with the emulator's key pair. */
const post = (body: string | object) => adminPost(emu, body);

const stored = async () => (await sdkFor(emu).database().collection('things').count()).total;

describe('bad input gets a CloudBase-shaped error, stores nothing, and the server keeps serving', () => {
  const insert = (data: unknown, extra: object = {}) => ({ action: 'database.insertDocument', collectionName: 'things', data, ...extra });
  const cases: Array<[string, string | object, string]> = [
    ['malformed JSON', '{"action": "database.insertDocument", ', 'INVALID_PARAM'],
    ['a JSON array body', '[1,2,3]', 'INVALID_PARAM'],
    ['no action', { collectionName: 'things' }, 'INVALID_ACTION'],
    ['unknown action', { action: 'database.dropEverything' }, 'INVALID_ACTION'],
    ['data not an array', insert('{"a":1}'), 'INVALID_PARAM'],
    ['data with a non-string element', insert([{ a: 1 }]), 'INVALID_PARAM'],
    ['bad EJSON', insert(['{"a": {"$numberInt": "not a number"}}']), 'INVALID_PARAM'],
    ['EJSON that is not an object', insert(['[1,2]']), 'INVALID_PARAM'],
    ['broken JSON inside EJSON', insert(['{"a":']), 'INVALID_PARAM'],
    ['bad regex', { action: 'database.getDocument', collectionName: 'things', query: '{"a":{"$regularExpression":{"pattern":"(","options":""}}}' }, 'INVALID_PARAM'],
    ['collectionName a number', { action: 'database.getDocument', collectionName: 42 }, 'INVALID_PARAM'],
    ['negative offset', { action: 'database.getDocument', collectionName: 'things', offset: -1 }, 'INVALID_PARAM'],
    ['order of 2', { action: 'database.getDocument', collectionName: 'things', order: '{"a":{"$numberInt":"2"}}' }, 'INVALID_PARAM'],
    ['unknown update operator', { action: 'database.modifyDocument', collectionName: 'things', query: '{}', queryType: 'WHERE', data: '{"$explode":{"a":1}}', multi: true }, 'INVALID_PARAM'],
    ['update without operators', { action: 'database.modifyDocument', collectionName: 'things', query: '{}', queryType: 'WHERE', data: '{"a":1}', multi: true }, 'INVALID_PARAM'],
    ['unknown aggregate stage', { action: 'database.aggregateDocuments', collectionName: 'things', stages: [{ stageKey: '$out', stageValue: '"x"' }] }, 'INVALID_PARAM'],
    ['$where (code execution)', { action: 'database.getDocument', collectionName: 'things', query: '{"$where":"sleep(1000)"}' }, 'OPERATION_UNSUPPORTED'],
    ['queryType not DOC/WHERE', { action: 'database.getDocument', collectionName: 'things', queryType: 'ALL' }, 'INVALID_PARAM'],
    ['transaction id that does not exist', insert(['{"a":1}'], { transactionId: 'txn-nope' }), 'DATABASE_TRANSACTION_FAIL'],
  ];

  it.each(cases)('%s', async (_name, body, code) => {
    const { status, body: reply } = await post(body);
    expect(status).toBe(200);
    expect(reply).toEqual({ code, message: expect.any(String), requestId: expect.any(String) });
    expect(await stored()).toBe(0);
  });

  it('refuses an oversize body', async () => {
    const big = insert([JSON.stringify({ text: 'x'.repeat(100 * 1024) })]);
    const { body } = await post(big);
    expect(body.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    expect(await stored()).toBe(0);
  });

  it('refuses a request without the emulator credential', async () => {
    const { body } = await adminPost(emu, insert(['{"a":1}']), { credentials: null, headers: { authorization: 'Bearer nobody' } });
    expect(body.code).toBe('SIGN_PARAM_INVALID');
    expect(await stored()).toBe(0);
  });

  it('still serves a good request after all that', async () => {
    const { body } = await post(insert(['{"a":{"$numberInt":"1"}}']));
    expect(body).toMatchObject({ data: { insertedIds: [expect.any(String)] } });
    expect(await stored()).toBe(1);
  });
});
