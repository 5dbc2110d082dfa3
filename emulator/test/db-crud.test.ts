import { collections, sdkFor, startTestEmulator, type TestEmulator } from './helpers';

let emu: TestEmulator;
let db: ReturnType<ReturnType<typeof sdkFor>['database']>;

beforeAll(async () => {
  emu = await startTestEmulator({ schema: collections('items', 'other') });
  db = sdkFor(emu).database();
});
afterAll(() => emu.cleanup());
beforeEach(async () => {
  await db.collection('items').where({ _id: db.command.exists(true) }).remove();
});

describe('add and get', () => {
  it('adds one document and reads it back by _id with its types intact', async () => {
    const at = new Date('2026-03-01T08:00:00+08:00');
    const { id } = await db.collection('items').add({ name: '张三', n: 3, x: 2.5, ok: true, at, tags: ['a'], nested: { a: { b: 1 } } });
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const { data } = await db.collection('items').doc(id!).get();
    expect(data).toEqual([{ _id: id, name: '张三', n: 3, x: 2.5, ok: true, at, tags: ['a'], nested: { a: { b: 1 } } }]);
    expect(data[0].at).toBeInstanceOf(Date);
  });

  it('adds many documents in one call, atomically, keeping a given _id', async () => {
    const res = await db.collection('items').add([{ _id: 'mine', n: 1 }, { n: 2 }, { n: 3 }]);
    expect(res.ids).toHaveLength(3);
    expect(res.ids?.[0]).toBe('mine');
    expect((await db.collection('items').count()).total).toBe(3);
    expect((await db.collection('items').doc('mine').get()).data[0].n).toBe(1);
    // One duplicate in a batch stores none of it.
    await expect(db.collection('items').add([{ _id: 'fresh', n: 9 }, { _id: 'mine', n: 9 }])).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    expect((await db.collection('items').doc('fresh').get()).data).toEqual([]);
  });

  it('answers an unknown _id with an empty list', async () => {
    expect((await db.collection('items').doc('nope').get()).data).toEqual([]);
  });

  it('stores serverDate as the server clock plus offset', async () => {
    const before = Date.now();
    const { id } = await db.collection('items').add({ at: db.serverDate(), later: db.serverDate({ offset: 60_000 }) });
    const [doc] = (await db.collection('items').doc(id!).get()).data;
    expect(doc.at.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(doc.at.getTime()).toBeLessThanOrEqual(Date.now() + 5);
    expect(doc.later.getTime() - doc.at.getTime()).toBe(60_000);
  });

  it('resolves serverDate nested in objects and arrays, in updates and queries, leaving the rest as sent', async () => {
    const _ = db.command;
    const { id } = await db.collection('items').add({ log: [{ what: 'made', at: db.serverDate() }, { what: 'plain', n: 1 }], meta: { deep: { at: db.serverDate({ offset: -1000 }) }, tag: 'x' } });
    await db.collection('items').doc(id!).update({ log: _.push([{ what: 'seen', at: db.serverDate({ offset: 5 }) }]), touched: db.serverDate() });
    const [doc] = (await db.collection('items').doc(id!).get()).data;
    expect(doc.log.map((e: { what: string }) => e.what)).toEqual(['made', 'plain', 'seen']);
    expect(doc.log[0].at).toBeInstanceOf(Date);
    expect(doc.log[1]).toEqual({ what: 'plain', n: 1 });
    expect(doc.log[2].at).toBeInstanceOf(Date);
    expect(doc.meta.tag).toBe('x');
    expect(doc.log[0].at.getTime() - doc.meta.deep.at.getTime()).toBe(1000);
    expect(doc.touched).toBeInstanceOf(Date);
    // A query's serverDate is resolved too: everything made before now, and nothing after an hour hence.
    expect((await db.collection('items').where({ _id: id, 'log.0.at': _.lte(db.serverDate()) }).count()).total).toBe(1);
    expect((await db.collection('items').where({ _id: id, 'log.0.at': _.gt(db.serverDate({ offset: 3_600_000 })) }).count()).total).toBe(0);
  });

  it('keeps integers and doubles apart in the reply', async () => {
    const { id } = await db.collection('items').add({ i: 7, d: 7.25, big: 2 ** 40, neg: -3 });
    const [doc] = (await db.collection('items').doc(id!).get()).data;
    expect(doc).toMatchObject({ i: 7, d: 7.25, big: 2 ** 40, neg: -3 });
  });

  it('refuses field names starting with $ as MongoDB does (DATABASE_REQUEST_FAILED)', async () => {
    await expect(db.collection('items').add({ $bad: 1 })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    expect((await db.collection('items').count()).total).toBe(0);
  });
});

describe('where, order, skip, limit, field', () => {
  beforeEach(async () => {
    const docs = Array.from({ length: 30 }, (_, i) => ({ _id: `d${String(i).padStart(2, '0')}`, i, group: i % 3, name: `n${i}` }));
    await db.collection('items').add(docs);
  });

  it('orders, skips and limits', async () => {
    const { data } = await db.collection('items').where({ group: 1 }).orderBy('i', 'desc').skip(2).limit(3).get();
    expect(data.map((d: { i: number }) => d.i)).toEqual([22, 19, 16]);
  });

  it('orders by two fields in the order given', async () => {
    const { data } = await db.collection('items').orderBy('group', 'asc').orderBy('i', 'desc').limit(4).get();
    expect(data.map((d: { i: number }) => d.i)).toEqual([27, 24, 21, 18]);
  });

  it('projects fields in and out', async () => {
    const only = await db.collection('items').where({ i: 5 }).field({ name: true }).get();
    expect(only.data).toEqual([{ _id: 'd05', name: 'n5' }]);
    const without = await db.collection('items').where({ i: 5 }).field({ name: false, group: false }).get();
    expect(without.data).toEqual([{ _id: 'd05', i: 5 }]);
    const doc = await db.collection('items').doc('d05').field({ i: true }).get();
    expect(doc.data).toEqual([{ _id: 'd05', i: 5 }]);
  });

  it('returns natural (insertion) order without orderBy', async () => {
    const { data } = await db.collection('items').limit(5).get();
    expect(data.map((d: { i: number }) => d.i)).toEqual([0, 1, 2, 3, 4]);
  });

  it('counts with and without a query', async () => {
    expect((await db.collection('items').count()).total).toBe(30);
    expect((await db.collection('items').where({ group: 2 }).count()).total).toBe(10);
  });
});

describe('limits like CloudBase', () => {
  it('returns 100 documents by default and at most 1000', async () => {
    const docs = Array.from({ length: 1100 }, (_, i) => ({ i }));
    for (let k = 0; k < docs.length; k += 500) await db.collection('items').add(docs.slice(k, k + 500));
    expect((await db.collection('items').get()).data).toHaveLength(100);
    expect((await db.collection('items').limit(1000).get()).data).toHaveLength(1000);
    expect((await db.collection('items').limit(5000).get()).data).toHaveLength(1000);
    expect((await db.collection('items').skip(1050).limit(1000).get()).data).toHaveLength(50);
  });
});

describe('set, update and remove', () => {
  it('set replaces a document, or creates it (upsert)', async () => {
    await db.collection('items').add({ _id: 's1', a: 1, b: 2 });
    const replaced = await db.collection('items').doc('s1').set({ c: 3 });
    expect(replaced.updated).toBe(1);
    expect((await db.collection('items').doc('s1').get()).data).toEqual([{ _id: 's1', c: 3 }]);
    const created = await db.collection('items').doc('s2').set({ d: 4 });
    expect(created.upsertedId).toBe('s2');
    expect((await db.collection('items').doc('s2').get()).data).toEqual([{ _id: 's2', d: 4 }]);
  });

  it('doc().update merges nested objects into dotted paths', async () => {
    await db.collection('items').add({ _id: 'u1', profile: { name: 'a', age: 1 }, keep: true });
    const r = await db.collection('items').doc('u1').update({ profile: { age: 2 } });
    expect(r.updated).toBe(1);
    expect((await db.collection('items').doc('u1').get()).data[0]).toEqual({ _id: 'u1', profile: { name: 'a', age: 2 }, keep: true });
  });

  it('doc().update of a missing document updates nothing', async () => {
    expect((await db.collection('items').doc('ghost').update({ a: 1 })).updated).toBe(0);
    expect((await db.collection('items').count()).total).toBe(0);
  });

  it('where().update changes every match; an update that changes nothing counts 0', async () => {
    await db.collection('items').add([{ g: 1, v: 0 }, { g: 1, v: 0 }, { g: 2, v: 0 }]);
    expect((await db.collection('items').where({ g: 1 }).update({ v: 5 })).updated).toBe(2);
    expect((await db.collection('items').where({ g: 1 }).update({ v: 5 })).updated).toBe(0);
    expect((await db.collection('items').where({ v: 5 }).count()).total).toBe(2);
  });

  it('removes one document by _id and many by query', async () => {
    await db.collection('items').add([{ _id: 'r1', g: 1 }, { g: 2 }, { g: 2 }, { g: 3 }]);
    expect((await db.collection('items').doc('r1').remove()).deleted).toBe(1);
    expect((await db.collection('items').doc('r1').remove()).deleted).toBe(0);
    expect((await db.collection('items').where({ g: 2 }).remove()).deleted).toBe(2);
    expect((await db.collection('items').count()).total).toBe(1);
  });

  it('updateAndReturn gives back the updated document', async () => {
    await db.collection('items').add({ _id: 'c1', n: 1 });
    const r = await db.collection('items').where({ _id: 'c1' }).updateAndReturn({ n: db.command.inc(4) });
    expect(r.updated).toBe(1);
    expect(r.doc).toEqual({ _id: 'c1', n: 5 });
  });

  it('refuses to change _id, on the server too', async () => {
    await db.collection('items').add({ _id: 'fixed', n: 1 });
    await expect(db.collection('items').doc('fixed').update({ _id: 'other' })).rejects.toThrow();
    // The SDK checks the top level only; a raw $set of _id reaches the server, which refuses it.
    const raw = db.collection('items').options({ raw: true }).where({ _id: 'fixed' });
    await expect(raw.update({ $set: { _id: 'other' } })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    expect((await db.collection('items').doc('fixed').get()).data).toEqual([{ _id: 'fixed', n: 1 }]);
  });
});

describe('collections', () => {
  it('fails every action on an undeclared collection as CloudBase does', async () => {
    const c = db.collection('undeclared');
    const code = { code: 'DATABASE_COLLECTION_NOT_EXIST' };
    await expect(c.add({ a: 1 })).rejects.toMatchObject(code);
    await expect(c.get()).rejects.toMatchObject(code);
    await expect(c.count()).rejects.toMatchObject(code);
    await expect(c.doc('x').update({ a: 1 })).rejects.toMatchObject(code);
    await expect(c.where({ a: 1 }).remove()).rejects.toMatchObject(code);
    await expect(c.aggregate().match({}).end()).rejects.toMatchObject(code);
  });

  it('createCollection makes a new one and refuses an existing name', async () => {
    await db.createCollection('made_at_runtime');
    await db.collection('made_at_runtime').add({ a: 1 });
    expect((await db.collection('made_at_runtime').count()).total).toBe(1);
    await expect(db.createCollection('made_at_runtime')).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_ALREADY_EXIST' });
  });
});
