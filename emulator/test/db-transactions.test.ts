import { sdkFor, startTestEmulator, type TestEmulator } from './helpers';

let emu: TestEmulator;
let db: ReturnType<ReturnType<typeof sdkFor>['database']>;
/** Short transaction life for the expiry test only; the others keep CloudBase's 30 s, so load cannot expire them. */
const LIFE_MS = 1500;

const schema = { collections: [{ name: 'acct' }, { name: 'uniq', indexes: [{ name: 'k_unique', keys: [{ field: 'k' }], unique: true }] }] };

beforeAll(async () => {
  emu = await startTestEmulator({ schema });
  db = sdkFor(emu).database();
});
afterAll(() => emu.cleanup());
beforeEach(async () => {
  await db.collection('acct').where({ _id: db.command.exists(true) }).remove();
  await db.collection('acct').add([{ _id: 'a', balance: 100 }, { _id: 'b', balance: 0 }]);
});

const balance = async (id: string) => (await db.collection('acct').doc(id).get()).data[0]?.balance;

describe('transactions', () => {
  it('commits all writes at once; outside readers see none of them before commit', async () => {
    const t = await db.startTransaction();
    await t.collection('acct').doc('a').update({ balance: db.command.inc(-30) });
    await t.collection('acct').doc('b').update({ balance: db.command.inc(30) });
    await t.collection('acct').add({ _id: 'log1', what: 'transfer' });
    expect(await balance('a')).toBe(100);
    expect((await t.collection('acct').doc('a').get()).data.balance).toBe(70); // reads its own writes
    await t.commit();
    expect([await balance('a'), await balance('b')]).toEqual([70, 30]);
    expect((await db.collection('acct').doc('log1').get()).data).toHaveLength(1);
  });

  it('rolls back on abort', async () => {
    const t = await db.startTransaction();
    await t.collection('acct').doc('a').set({ balance: 1 });
    await t.collection('acct').doc('b').remove();
    await t.rollback();
    expect([await balance('a'), await balance('b')]).toEqual([100, 0]);
  });

  it('reads the snapshot it started from, even after others commit', async () => {
    const t = await db.startTransaction();
    await db.collection('acct').doc('a').update({ balance: 555 });
    await db.collection('acct').doc('b').remove();
    await db.collection('acct').add({ _id: 'late', balance: 1 });
    expect((await t.collection('acct').doc('a').get()).data.balance).toBe(100);
    expect((await t.collection('acct').doc('b').get()).data).toMatchObject({ balance: 0 });
    expect((await t.collection('acct').doc('late').get()).data).toBeNull();
    await t.rollback();
  });

  it('detects a write conflict between two transactions at write time; first writer wins', async () => {
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await t1.collection('acct').doc('a').update({ balance: 1 });
    await expect(t2.collection('acct').doc('a').update({ balance: 2 })).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    await t1.commit();
    expect(await balance('a')).toBe(1);
    // The loser was aborted by the server: it cannot commit later.
    await expect(t2.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
  });

  it('detects a conflict with a write committed after its snapshot', async () => {
    const t = await db.startTransaction();
    await db.collection('acct').doc('a').update({ balance: 7 });
    await expect(t.collection('acct').doc('a').update({ balance: 8 })).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    expect(await balance('a')).toBe(7);
  });

  it('fails the commit when a plain write touched a document it had written', async () => {
    const t = await db.startTransaction();
    await t.collection('acct').doc('a').update({ balance: 1 });
    await db.collection('acct').doc('a').update({ balance: 2 });
    await expect(t.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    expect(await balance('a')).toBe(2);
  });

  it('runTransaction retries on conflict and applies exactly once per success', async () => {
    // 20 concurrent read-modify-write transfers: conflicts happen, retries resolve them.
    const transfer = () =>
      db.runTransaction(async (t: any) => {
        const a = (await t.collection('acct').doc('a').get()).data;
        const b = (await t.collection('acct').doc('b').get()).data;
        await t.collection('acct').doc('a').update({ balance: a.balance - 1 });
        await t.collection('acct').doc('b').update({ balance: b.balance + 1 });
      }, 50);
    const results = await Promise.allSettled(Array.from({ length: 20 }, transfer));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    expect(ok).toBeGreaterThan(0);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    expect([await balance('a'), await balance('b')]).toEqual([100 - ok, ok]);
  });

  it('runTransaction rolls back when the callback throws', async () => {
    await expect(
      db.runTransaction(async (t: any) => {
        await t.collection('acct').doc('a').update({ balance: 0 });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await balance('a')).toBe(100);
  });

  it('expires after its life; an expired transaction can do nothing and holds no lock', async () => {
    const short = await startTestEmulator({ schema, transactionLifeMs: LIFE_MS });
    try {
      await expiresAfterItsLife(sdkFor(short).database());
    } finally {
      await short.cleanup();
    }
  });

  async function expiresAfterItsLife(db: ReturnType<ReturnType<typeof sdkFor>['database']>) {
    const balance = async (id: string) => (await db.collection('acct').doc(id).get()).data[0]?.balance;
    await db.collection('acct').add([{ _id: 'a', balance: 100 }, { _id: 'b', balance: 0 }]);
    const t = await db.startTransaction();
    await t.collection('acct').doc('a').update({ balance: 1 });
    await new Promise((r) => setTimeout(r, LIFE_MS + 1200));
    await expect(t.collection('acct').doc('b').get()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
    await expect(t.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
    const t2 = await db.startTransaction();
    await t2.collection('acct').doc('a').update({ balance: 3 });
    await t2.commit();
    expect(await balance('a')).toBe(3);
  }

  it('reports a duplicate key at the add, and commits nothing of a failed transaction', async () => {
    await db.collection('uniq').add({ k: 'taken' });
    const t = await db.startTransaction();
    await t.collection('acct').doc('a').update({ balance: 0 });
    await expect(t.collection('uniq').add({ k: 'taken' })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    await t.rollback();
    expect(await balance('a')).toBe(100);
  });

  it('refuses an unknown transaction id', async () => {
    const res = await db.collection('acct').doc('a').get();
    expect(res.data).toHaveLength(1);
    const t = await db.startTransaction();
    await t.commit();
    await expect(t.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
  });
});
