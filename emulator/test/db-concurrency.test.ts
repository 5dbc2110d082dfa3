import { sdkFor, startTestEmulator, type TestEmulator } from './helpers';

let emu: TestEmulator;
let db: ReturnType<ReturnType<typeof sdkFor>['database']>;

beforeAll(async () => {
  emu = await startTestEmulator({
    schema: { collections: [{ name: 'counters' }, { name: 'bindings', indexes: [{ name: 'student_unique', keys: [{ field: 'studentNo' }], unique: true }] }] },
  });
  db = sdkFor(emu).database();
});
afterAll(() => emu.cleanup());

describe('concurrency', () => {
  it('200 concurrent inserts of one unique key: exactly one succeeds, the rest get the duplicate-key error', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => db.collection('bindings').add({ studentNo: '2024001', openid: `o${i}` })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(199);
    for (const f of failed) expect(f.reason).toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('E11000') });
    expect((await db.collection('bindings').where({ studentNo: '2024001' }).count()).total).toBe(1);
  });

  it('200 concurrent inc(1) on one document add exactly 200', async () => {
    await db.collection('counters').add({ _id: 'c', n: 0 });
    const results = await Promise.all(Array.from({ length: 200 }, () => db.collection('counters').doc('c').update({ n: db.command.inc(1) })));
    expect(results.every((r: { updated: number }) => r.updated === 1)).toBe(true);
    expect((await db.collection('counters').doc('c').get()).data[0].n).toBe(200);
  });

  it('a conditional update claims a document once under concurrency', async () => {
    await db.collection('counters').add({ _id: 'job', state: 'pending' });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => db.collection('counters').where({ _id: 'job', state: 'pending' }).update({ state: 'done' })),
    );
    expect(results.reduce((sum: number, r: { updated: number }) => sum + r.updated, 0)).toBe(1);
  });
});
