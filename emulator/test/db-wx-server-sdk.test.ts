import { startTestEmulator, type TestEmulator } from './helpers';

let emu: TestEmulator;
let cloud: any;
const saved = { ...process.env };

beforeAll(async () => {
  emu = await startTestEmulator({ schema: { collections: [{ name: 'posts', indexes: [{ name: 'slug_unique', keys: [{ field: 'slug' }], unique: true }] }] } });
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

describe('wx-server-sdk against the local CloudBase', () => {
  it('adds, queries, updates, counts, aggregates and removes', async () => {
    const db = cloud.database();
    const _ = db.command;
    const { _id } = await db.collection('posts').add({ data: { slug: 'a', votes: 1, at: db.serverDate() } });
    await db.collection('posts').add({ data: { slug: 'b', votes: 5 } });
    expect((await db.collection('posts').doc(_id).get()).data).toMatchObject({ _id, slug: 'a', votes: 1 });
    await db.collection('posts').doc(_id).update({ data: { votes: _.inc(2) } });
    const { data } = await db.collection('posts').where({ votes: _.gte(3) }).orderBy('votes', 'desc').get();
    expect(data.map((d: { slug: string; votes: number }) => [d.slug, d.votes])).toEqual([['b', 5], ['a', 3]]);
    expect((await db.collection('posts').count()).total).toBe(2);
    const agg = await db.collection('posts').aggregate().group({ _id: null, total: db.command.aggregate.sum('$votes') }).end();
    expect(agg.list).toEqual([{ _id: null, total: 8 }]);
    expect((await db.collection('posts').where({ slug: 'b' }).remove()).stats.removed).toBe(1);
  });

  it('surfaces duplicate keys and missing collections as errors with CloudBase codes', async () => {
    const db = cloud.database();
    await expect(db.collection('posts').add({ data: { slug: 'a' } })).rejects.toMatchObject({ errCode: -502001 });
    await expect(db.collection('absent').get()).rejects.toMatchObject({ errCode: -502005 });
  });

  it('runs a transaction', async () => {
    const db = cloud.database();
    const [post] = (await db.collection('posts').where({ slug: 'a' }).get()).data;
    await db.runTransaction(async (t: any) => {
      const doc = await t.collection('posts').doc(post._id).get();
      await t.collection('posts').doc(post._id).update({ data: { votes: doc.data.votes * 10 } });
    });
    expect((await db.collection('posts').doc(post._id).get()).data.votes).toBe(30);
  });
});
