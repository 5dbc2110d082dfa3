import { sdkFor, startTestEmulator, type TestEmulator } from './helpers';

let emu: TestEmulator;
let db: ReturnType<ReturnType<typeof sdkFor>['database']>;

const schema = {
  collections: [
    { name: 'members', indexes: [{ name: 'by_branch_status', keys: [{ field: 'branch' }, { field: 'status' }] }, { name: 'by_tags', keys: [{ field: 'tags' }] }] },
    { name: 'branches' },
    { name: 'accounts', indexes: [{ name: 'openid_unique', keys: [{ field: 'openid' }], unique: true }] },
    { name: 'pairs', indexes: [{ name: 'pair_unique', keys: [{ field: 'a' }, { field: 'b' }], unique: true }] },
  ],
};

beforeAll(async () => {
  emu = await startTestEmulator({ schema });
  db = sdkFor(emu).database();
  await db.collection('branches').add([{ _id: 'b1', name: '一支部' }, { _id: 'b2', name: '二支部' }]);
  const members = Array.from({ length: 60 }, (_, i) => ({
    _id: `m${i}`,
    branch: i % 2 ? 'b1' : 'b2',
    status: ['full', 'probationary', 'candidate'][i % 3],
    hours: i,
    tags: i % 10 === 0 ? ['star', 'x'] : ['x'],
  }));
  await db.collection('members').add(members);
});
afterAll(() => emu.cleanup());

describe('aggregate', () => {
  it('groups, sorts and counts', async () => {
    const $ = db.command.aggregate;
    const { data } = await db.collection('members').aggregate()
      .match({ hours: db.command.gte(30) })
      .group({ _id: '$status', n: $.sum(1), hours: $.sum('$hours') })
      .sort({ _id: 1 })
      .end();
    expect(data).toEqual([
      { _id: 'candidate', n: 10, hours: 32 + 35 + 38 + 41 + 44 + 47 + 50 + 53 + 56 + 59 },
      { _id: 'full', n: 10, hours: 30 + 33 + 36 + 39 + 42 + 45 + 48 + 51 + 54 + 57 },
      { _id: 'probationary', n: 10, hours: 31 + 34 + 37 + 40 + 43 + 46 + 49 + 52 + 55 + 58 },
    ]);
  });

  it('joins another collection with lookup', async () => {
    const { data } = await db.collection('members').aggregate()
      .match({ _id: db.command.in(['m1', 'm2']) })
      .lookup({ from: 'branches', localField: 'branch', foreignField: '_id', as: 'branchDocs' })
      .project({ _id: 1, branchName: db.command.aggregate.arrayElemAt(['$branchDocs.name', 0]) })
      .sort({ _id: 1 })
      .end();
    expect(data).toEqual([{ _id: 'm1', branchName: '一支部' }, { _id: 'm2', branchName: '二支部' }]);
  });

  it('unwinds, skips, limits and counts', async () => {
    const { data } = await db.collection('members').aggregate().match({ tags: 'star' }).unwind('$tags').count('n').end();
    expect(data).toEqual([{ n: 12 }]);
    const page = await db.collection('members').aggregate().sort({ hours: -1 }).skip(5).limit(2).project({ hours: 1 }).end();
    expect(page.data).toEqual([{ _id: 'm54', hours: 54 }, { _id: 'm53', hours: 53 }]);
  });

  it('refuses geoNear with a clear unsupported error', async () => {
    const agg = db.collection('members').aggregate().geoNear({ distanceField: 'd', near: new db.Geo.Point(120, 28) });
    await expect(agg.end()).rejects.toMatchObject({ code: 'OPERATION_UNSUPPORTED' });
  });

  it('lookup into a missing collection fails as CloudBase does', async () => {
    const agg = db.collection('members').aggregate().lookup({ from: 'nowhere', localField: 'a', foreignField: 'b', as: 'c' });
    await expect(agg.end()).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' });
  });
});

describe('declared indexes', () => {
  const examined = async (run: () => Promise<unknown>) => {
    emu.metering.reset();
    await run();
    return emu.metering.snapshot().total.docsExamined;
  };

  it('answers equality on indexed fields without scanning the collection', async () => {
    const _ = db.command;
    const q = (where: object) => () => db.collection('members').where(where).get();
    expect(await examined(q({ branch: 'b1', status: 'full' }))).toBe(10);
    expect(await examined(q({ branch: 'b1' }))).toBe(30); // prefix of the compound index
    expect(await examined(q({ branch: _.in(['b1', 'b2']), status: 'candidate' }))).toBe(20);
    expect(await examined(q({ tags: 'star' }))).toBe(6); // multikey: array elements are indexed
    expect(await examined(() => db.collection('members').doc('m7').get())).toBe(1);
    expect(await examined(q({ hours: 7 }))).toBe(60); // not indexed: a full scan
  });

  it('gives the same answers through an index as through a scan', async () => {
    const viaIndex = await db.collection('members').where({ branch: 'b2', status: 'probationary' }).orderBy('hours', 'asc').get();
    const viaScan = await db.collection('members').where({ hours: db.command.gte(0) }).orderBy('hours', 'asc').limit(1000).get();
    const expected = viaScan.data.filter((m: { branch: string; status: string }) => m.branch === 'b2' && m.status === 'probationary');
    expect(viaIndex.data).toEqual(expected);
  });

  it('keeps the index right after updates and removals', async () => {
    await db.collection('members').doc('m0').update({ status: 'full' });
    await db.collection('members').doc('m2').update({ branch: 'b9' });
    const { data } = await db.collection('members').where({ branch: 'b9' }).get();
    expect(data.map((d: { _id: string }) => d._id)).toEqual(['m2']);
    await db.collection('members').doc('m2').remove();
    expect((await db.collection('members').where({ branch: 'b9' }).count()).total).toBe(0);
  });

  it('enforces a unique index with the duplicate-key error, and frees the key on removal', async () => {
    const accounts = db.collection('accounts');
    const { id } = await accounts.add({ openid: 'o1' });
    await expect(accounts.add({ openid: 'o1' })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('E11000 duplicate key') });
    await expect(accounts.doc(id!).set({ openid: 'o1', more: true })).resolves.toMatchObject({ updated: 1 });
    const other = await accounts.add({ openid: 'o2' });
    await expect(accounts.doc(other.id!).update({ openid: 'o1' })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    expect((await accounts.doc(other.id!).get()).data[0].openid).toBe('o2');
    await accounts.doc(id!).remove();
    await expect(accounts.add({ openid: 'o1' })).resolves.toHaveProperty('id');
  });

  it('counts a missing field as null in a unique index, as CloudBase does', async () => {
    const accounts = db.collection('accounts');
    await accounts.add({ name: 'no openid' });
    await expect(accounts.add({ name: 'also none' })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
  });

  it('enforces compound unique keys on the combination only', async () => {
    const pairs = db.collection('pairs');
    await pairs.add([{ a: 1, b: 1 }, { a: 1, b: 2 }, { a: 2, b: 1 }]);
    await expect(pairs.add({ a: 1, b: 2 })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    expect((await pairs.count()).total).toBe(3);
  });
});
