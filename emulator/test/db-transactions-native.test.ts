import { sdkFor, startTestEmulator, type TestEmulator } from './helpers';

/**
 * Transactions as CloudBase runs them behind node-sdk 3.x (MongoDB-native), through both server
 * SDKs unmodified. What each SDK sends was read off @cloudbase/database 1.4.3 (the version both
 * node-sdk 3.18 and wx-server-sdk 4.0.2 load): inside a transaction `where().get()`, `add` (one or
 * an array), `doc()` operations and `updateAndReturn` carry the transaction id; `where().update()`,
 * `where().remove()`, `count()` and `aggregate()` never do, so CloudBase runs those outside it.
 */

let emu: TestEmulator;
let node: ReturnType<ReturnType<typeof sdkFor>['database']>;
let cloud: any;
const saved = { ...process.env };

const schema = { collections: [{ name: 'acct', indexes: [{ name: 'team_n', keys: [{ field: 'team' }, { field: 'n' }] }] }, { name: 'log' }, { name: 'uniq', indexes: [{ name: 'k_unique', keys: [{ field: 'k' }], unique: true }] }] };

beforeAll(async () => {
  emu = await startTestEmulator({ schema });
  node = sdkFor(emu).database();
  // wx-server-sdk finds the service through the environment alone, as it does inside CloudBase.
  Object.assign(process.env, emu.sdkEnv());
  jest.isolateModules(() => {
    cloud = require('wx-server-sdk');
  });
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
});
afterAll(async () => {
  process.env = saved;
  await emu.cleanup();
});

const SEED = [
  { _id: 'a', team: 'x', n: 100 },
  { _id: 'b', team: 'x', n: 0 },
  { _id: 'c', team: 'y', n: 50 },
];
beforeEach(async () => {
  for (const coll of ['acct', 'log', 'uniq']) await node.collection(coll).where({ _id: node.command.exists(true) }).remove();
  await node.collection('acct').add(SEED.map((d) => ({ ...d })));
  await node.collection('uniq').add([{ _id: 'one', k: 'taken' }, { _id: 'two', k: 'other' }]);
});

/** One server SDK as a cloud function would use it: wx-server-sdk wraps arguments in `{data}`. */
interface Driver {
  name: string;
  db: () => any;
  arg: (x: object) => object;
  ids: (res: any) => string[];
  /** The code a failed call inside the transaction (`via` the transaction's own commit or rollback) reports. */
  failCode: (via: 'call' | 'end', code: string) => unknown;
}
const drivers: Driver[] = [
  { name: 'node-sdk', db: () => node, arg: (x) => x, ids: (res) => res.ids, failCode: (_via, code) => code },
  {
    name: 'wx-server-sdk',
    db: () => cloud.database(),
    arg: (x) => ({ data: x }),
    ids: (res) => res._ids,
    // wx-server-sdk's collection wrappers map CloudBase's codes to numbers (DATABASE_REQUEST_FAILED
    // -502001); those it does not list (the transaction ones) become SYS_ERR -501001, with CloudBase's
    // message kept. Commit and rollback pass node-sdk's error through.
    failCode: (via, code) => (via === 'call' ? (code === 'DATABASE_REQUEST_FAILED' ? -502001 : -501001) : code),
  },
];

const outside = async (id: string) => (await node.collection('acct').doc(id).get()).data[0];
const allIds = async (coll = 'acct') => (await node.collection(coll).get()).data.map((d: { _id: string }) => d._id).sort();
/** A failure as either SDK throws it: node-sdk `{code, message}`, wx-server-sdk `{errCode, errMsg}`. */
async function failure(p: Promise<unknown>): Promise<{ code: unknown; message: string }> {
  try {
    await p;
  } catch (err: any) {
    return { code: err.errCode ?? err.code, message: String(err.errMsg ?? err.message) };
  }
  throw new Error('expected the call to fail');
}

describe.each(drivers)('transactions through $name', (d) => {
  const _ = () => d.db().command;
  const queries: Array<[string, () => object, (doc: { _id: string; team: string; n: number }) => boolean]> = [
    ['an indexed equality', () => ({ team: 'x' }), (doc) => doc.team === 'x'],
    ['an indexed equality and range', () => ({ team: 'x', n: _().lt(60) }), (doc) => doc.team === 'x' && doc.n < 60],
    ['a range on no index (scan)', () => ({ n: _().gte(1) }), (doc) => doc.n >= 1],
    ['an $or of an id and a field', () => _().or([{ _id: 'c' }, { n: _().lt(10) }]), (doc) => doc._id === 'c' || doc.n < 10],
  ];

  it.each(queries)('a where().get() in a transaction reads the snapshot it started with, plus its own writes: %s', async (_label, query, pred) => {
    const t = await d.db().startTransaction();
    await t.collection('acct').add(d.arg({ _id: 'own', team: 'x', n: 7 }));
    await t.collection('acct').doc('b').update(d.arg({ n: 3 }));
    // Committed by others after the snapshot: none of it is seen.
    await node.collection('acct').doc('a').update({ team: 'y', n: 500 });
    await node.collection('acct').doc('c').update({ team: 'x' });
    await node.collection('acct').add({ _id: 'z', team: 'x', n: 1 });
    const seen = (await t.collection('acct').where(query()).orderBy('_id', 'asc').get()).data;
    const expected = [...SEED.filter((s) => s._id !== 'b'), { _id: 'b', team: 'x', n: 3 }, { _id: 'own', team: 'x', n: 7 }].filter(pred).sort((p, q) => p._id.localeCompare(q._id));
    expect(seen).toEqual(expected);
    await t.rollback();
  });

  it('a read in a transaction sees a document another request removed after its snapshot', async () => {
    const t = await d.db().startTransaction();
    await node.collection('acct').doc('b').remove();
    expect((await t.collection('acct').where({ team: 'x' }).get()).data.map((x: { _id: string }) => x._id).sort()).toEqual(['a', 'b']);
    await t.rollback();
  });

  it.each([['commit'], ['rollback']] as const)('a batch add in a transaction is unseen outside until it ends, then applied on %s', async (end) => {
    const t = await d.db().startTransaction();
    const res = await t.collection('log').add(d.arg([{ _id: 'l1', at: 1 }, { _id: 'l2', at: 2 }, { at: 3 }]));
    expect(d.ids(res)).toHaveLength(3);
    expect(d.ids(res).slice(0, 2)).toEqual(['l1', 'l2']);
    expect(await allIds('log')).toEqual([]);
    expect((await t.collection('log').where({ at: _().gte(2) }).get()).data).toHaveLength(2);
    await t[end]();
    expect(await allIds('log')).toEqual(end === 'commit' ? [...d.ids(res)].sort() : []);
  });

  it('where().update() and where().remove() on a transaction\'s collection run outside it: the SDK sends no transaction id', async () => {
    const t = await d.db().startTransaction();
    await t.collection('acct').where({ team: 'y' }).update(d.arg({ n: 1 }));
    await t.collection('acct').where({ _id: 'b' }).remove();
    // Applied at once, before the transaction ends, and kept after its rollback: as on CloudBase.
    expect((await outside('c')).n).toBe(1);
    // The transaction does not even see it: its reads stay on its snapshot.
    expect((await t.collection('acct').where({ team: 'y' }).get()).data).toEqual([SEED[2]]);
    await t.rollback();
    expect((await outside('c')).n).toBe(1);
    expect(await outside('b')).toBeUndefined();
  });

  const calls: Array<[string, (t: any) => Promise<unknown>, 'call' | 'end']> = [
    ['doc().get()', (t) => t.collection('acct').doc('a').get(), 'call'],
    ['where().get()', (t) => t.collection('acct').where({ team: 'x' }).get(), 'call'],
    ['add()', (t) => t.collection('acct').add(d.arg({ team: 'q' })), 'call'],
    ['add([...])', (t) => t.collection('acct').add(d.arg([{ team: 'q' }, { team: 'r' }])), 'call'],
    ['doc().update()', (t) => t.collection('acct').doc('a').update(d.arg({ n: 1 })), 'call'],
    ['doc().set()', (t) => t.collection('acct').doc('a').set(d.arg({ n: 1 })), 'call'],
    ['doc().remove()', (t) => t.collection('acct').doc('a').remove(), 'call'],
    ['commit()', (t) => t.commit(), 'end'],
    ['rollback()', (t) => t.rollback(), 'end'],
  ];
  const ends = [
    ['commit', /^\[TransactionCommitted\] Transaction \S+ has been committed\.$/],
    ['rollback', /^\[NoSuchTransaction\] Transaction \S+ has been aborted\.$/],
  ] as const;
  it.each(ends.flatMap(([end, text]) => calls.map(([name, call, via]) => [end, name, call, via, text] as const)))(
    'after %s, %s fails with DATABASE_TRANSACTION_FAIL and MongoDB\'s text',
    async (end, _name, call, via, text) => {
      const t = await d.db().startTransaction();
      await t.collection('acct').doc('a').update(d.arg({ n: 1 }));
      await t[end]();
      const f = await failure(call(t));
      expect(f.code).toBe(d.failCode(via, 'DATABASE_TRANSACTION_FAIL'));
      // wx-server-sdk prefixes its own `api:fail -501001 resource system error. ` to the message.
      expect(f.message.replace(/^.*error\. /, '')).toMatch(text);
      expect((await outside('a')).n).toBe(end === 'commit' ? 1 : 100);
      expect((await outside('a')).team).toBe('x');
    },
  );

  it.each([
    ['doc().update()', (t: any) => t.collection('acct').doc('a').update(d.arg({ n: 2 }))],
    ['doc().remove()', (t: any) => t.collection('acct').doc('a').remove()],
    ['add() of the same _id', (t: any) => t.collection('acct').add(d.arg({ _id: 'late' }))],
  ])('%s on a document committed after the snapshot fails with the conflict error and commits nothing', async (_name, write) => {
    const t = await d.db().startTransaction();
    await t.collection('log').add(d.arg({ _id: 'mine' }));
    await node.collection('acct').doc('a').update({ n: 7 });
    await node.collection('acct').add({ _id: 'late' });
    const f = await failure(write(t));
    expect(f.code).toBe(d.failCode('call', 'DATABASE_TRANSACTION_CONFLICT'));
    expect(f.message).toMatch(/\[WriteConflict\] WriteConflict error: this operation conflicted with another operation/);
    // The server aborted it: its commit fails, its earlier writes are gone.
    expect((await failure(t.commit())).code).toBe('DATABASE_TRANSACTION_FAIL');
    expect(await allIds('log')).toEqual([]);
    expect((await outside('a')).n).toBe(7);
  });

  it.each([
    ['a duplicate _id', (t: any) => t.collection('acct').add(d.arg({ _id: 'a' }))],
    ['$inc on a string', (t: any) => t.collection('acct').doc('a').update(d.arg({ team: _().inc(1) }))],
  ])('a write the database refuses inside a transaction (%s) aborts it, as MongoDB does: nothing of it is stored', async (_name, bad) => {
    const t = await d.db().startTransaction();
    await t.collection('log').add(d.arg({ _id: 'before' }));
    const f = await failure(bad(t));
    expect(f.code).toBe(d.failCode('call', 'DATABASE_REQUEST_FAILED'));
    const next = await failure(t.collection('log').add(d.arg({ _id: 'after' })));
    expect(next.message).toMatch(/\[NoSuchTransaction\] Transaction \S+ has been aborted\./);
    expect((await failure(t.commit())).code).toBe('DATABASE_TRANSACTION_FAIL');
    // runTransaction's own rollback after such an error is answered without a failure.
    await t.rollback();
    expect(await allIds('log')).toEqual([]);
  });

  it.each([
    ['a batch add of two documents sharing a unique key', (t: any) => t.collection('uniq').add(d.arg([{ k: 'x' }, { k: 'x' }]))],
    ['an update to a unique key another document holds', (t: any) => t.collection('uniq').doc('two').update(d.arg({ k: 'taken' }))],
  ])('%s fails at that write with E11000, as MongoDB reports it, not at the commit', async (_name, write) => {
    const t = await d.db().startTransaction();
    const f = await failure(write(t));
    expect(f.code).toBe(d.failCode('call', 'DATABASE_REQUEST_FAILED'));
    expect(f.message).toMatch(/E11000 duplicate key error collection: uniq index: k_unique dup key: \{ k: "(x|taken)" \}/);
    await t.rollback();
    expect((await node.collection('uniq').orderBy('_id', 'asc').get()).data).toEqual([{ _id: 'one', k: 'taken' }, { _id: 'two', k: 'other' }]);
  });

  it('a unique key is taken at the write only once the transaction itself freed it', async () => {
    const early = await d.db().startTransaction();
    expect((await failure(early.collection('uniq').doc('two').update(d.arg({ k: 'taken' })))).message).toMatch(/E11000/);
    const t = await d.db().startTransaction();
    await t.collection('uniq').doc('one').update(d.arg({ k: 'freed' }));
    await t.collection('uniq').doc('two').update(d.arg({ k: 'taken' }));
    await t.commit();
    expect((await node.collection('uniq').orderBy('_id', 'asc').get()).data).toEqual([{ _id: 'one', k: 'freed' }, { _id: 'two', k: 'taken' }]);
  });

  it('two open transactions writing one document: the first writer wins, the second gets the conflict error', async () => {
    const t1 = await d.db().startTransaction();
    const t2 = await d.db().startTransaction();
    await t1.collection('acct').doc('c').update(d.arg({ n: 1 }));
    const f = await failure(t2.collection('acct').doc('c').update(d.arg({ n: 2 })));
    expect(f.code).toBe(d.failCode('call', 'DATABASE_TRANSACTION_CONFLICT'));
    expect(f.message).toMatch(/\[WriteConflict\]/);
    await t1.commit();
    expect((await outside('c')).n).toBe(1);
  });

  it.each([
    ['random ids: both commit (write skew, as snapshot isolation allows)', () => ({}), 2],
    ['one fixed id: the second gets the conflict error', () => ({ _id: 'slot-1' }), 1],
  ])('two transactions that check by condition, then claim a slot: %s', async (_name, idOf, committed) => {
    const claim = async (who: string) => {
      const t = await d.db().startTransaction();
      const taken = (await t.collection('log').where({ slot: 1 }).get()).data;
      return { t, taken, claim: () => t.collection('log').add(d.arg({ ...idOf(), slot: 1, who })) };
    };
    // Both read before either writes, in flight together.
    const [p, q] = await Promise.all([claim('p'), claim('q')]);
    expect([p.taken, q.taken]).toEqual([[], []]);
    const results = await Promise.allSettled([p.claim().then(() => p.t.commit()), q.claim().then(() => q.t.commit())]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(committed);
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason.errMsg ?? r.reason.message)).toMatch(/WriteConflict|has been aborted/);
    expect((await node.collection('log').where({ slot: 1 }).get()).data).toHaveLength(committed);
  });

  it('concurrent transactions reading by condition and writing: every committed one counted once, no lost update', async () => {
    await node.collection('acct').add({ _id: 'counter', team: 'k', n: 0 });
    const work = async (t: any) => {
      const [counter] = (await t.collection('acct').where({ team: 'k' }).get()).data;
      await t.collection('log').add(d.arg([{ saw: counter.n }, { saw: counter.n, second: true }]));
      await t.collection('acct').doc('counter').update(d.arg({ n: counter.n + 1 }));
    };
    // Real concurrency: 12 transactions in flight at once against one document.
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => d.db().runTransaction(work, 30)));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    expect(ok).toBeGreaterThan(0);
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason.errMsg ?? r.reason.message)).toMatch(/WriteConflict/);
    expect((await outside('counter')).n).toBe(ok);
    const logs = (await node.collection('log').limit(1000).get()).data as Array<{ saw: number }>;
    expect(logs).toHaveLength(2 * ok);
    // Each committed transaction saw a distinct counter value: reads were snapshots, writes serialised.
    expect(new Set(logs.map((l) => l.saw)).size).toBe(ok);
  });
});

describe('node-sdk only', () => {
  it.each([
    ['commit', 6, 6],
    ['rollback', 6, 100],
  ] as const)('update-and-return in a transaction returns the new document; %s decides what stays', async (end, returned, after) => {
    const t = await node.startTransaction();
    const res = await t.collection('acct').where({ team: 'x', n: node.command.gt(50) }).updateAndReturn({ n: 6 });
    expect(res).toMatchObject({ updated: 1, doc: { _id: 'a', n: returned } });
    expect((await outside('a')).n).toBe(100);
    expect((await t.collection('acct').doc('a').get()).data.n).toBe(6);
    await t[end]();
    expect((await outside('a')).n).toBe(after);
  });

  it('update-and-return on a document committed after the snapshot fails with the conflict error', async () => {
    const t = await node.startTransaction();
    await node.collection('acct').doc('c').update({ n: 1 });
    await expect(t.collection('acct').where({ team: 'y' }).updateAndReturn({ n: 2 })).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
  });

  it('after the end, update-and-return fails with DATABASE_TRANSACTION_FAIL', async () => {
    const t = await node.startTransaction();
    await t.commit();
    await expect(t.collection('acct').where({ _id: 'a' }).updateAndReturn({ n: 2 })).rejects.toMatchObject({
      code: 'DATABASE_TRANSACTION_FAIL',
      message: expect.stringMatching(/has been committed/),
    });
  });

  /** modifyDocument / removeDocument by condition with the transaction id, sent through the SDK's own requester. */
  const send = async (t: any, action: string, params: object) => {
    const res = await t.getRequestMethod().send(action, { collectionName: 'acct', queryType: 'WHERE', transactionId: t.getTransactionId(), ...params });
    if (res.code) throw res;
    return res.data;
  };
  it.each([['commit'], ['rollback']] as const)('where update and remove sent with the transaction id stay inside it until %s', async (end) => {
    const t = await node.startTransaction();
    const upd = await send(t, 'database.modifyDocument', { query: JSON.stringify({ team: 'x' }), data: JSON.stringify({ $inc: { n: 1 } }), multi: true, merge: true, upsert: false });
    const del = await send(t, 'database.removeDocument', { query: JSON.stringify({ team: 'y' }), multi: true });
    expect([upd.updated, del.deleted]).toEqual([2, 1]);
    expect(await allIds()).toEqual(['a', 'b', 'c']);
    expect((await t.collection('acct').where({}).get()).data).toEqual([{ _id: 'a', team: 'x', n: 101 }, { _id: 'b', team: 'x', n: 1 }]);
    await t[end]();
    const docs = (await node.collection('acct').orderBy('_id', 'asc').get()).data;
    expect(docs).toEqual(end === 'commit' ? [{ _id: 'a', team: 'x', n: 101 }, { _id: 'b', team: 'x', n: 1 }] : SEED);
  });

  it('an upsert by condition inside a transaction builds the document from the query and the update', async () => {
    const t = await node.startTransaction();
    const res = await send(t, 'database.modifyDocument', { query: JSON.stringify({ team: 'new' }), data: JSON.stringify({ $set: { n: 9 } }), multi: false, merge: true, upsert: true });
    expect(res.upsert_id).toBeDefined();
    await t.commit();
    expect((await node.collection('acct').where({ team: 'new' }).get()).data).toEqual([{ _id: res.upsert_id, team: 'new', n: 9 }]);
  });
});

describe('wx-server-sdk only', () => {
  it('its runTransaction does not retry a conflict: its wrappers turn the code into -501001 before node-sdk checks it', async () => {
    const db = cloud.database();
    let attempts = 0;
    const f = await failure(
      db.runTransaction(async (t: any) => {
        attempts += 1;
        const a = await t.collection('acct').doc('a').get();
        await node.collection('acct').doc('a').update({ n: 1 });
        await t.collection('acct').doc('a').update({ data: { n: a.data.n + 1 } });
      }, 5),
    );
    expect(attempts).toBe(1);
    expect(f.code).toBe(-501001);
    expect(f.message).toMatch(/WriteConflict/);
    expect((await outside('a')).n).toBe(1);
  });
});
