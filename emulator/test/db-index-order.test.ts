import { sdkFor, startTestEmulator, type TestEmulator } from './helpers';

/**
 * The planner reads an index in the order a query asks for, and narrows a range on an indexed
 * field, so `where({g}).orderBy('t').limit(n)` examines about n documents. Correctness first: every
 * query answers exactly what the same query answers on an unindexed copy of the data (a scan),
 * order and ties included, also with missing fields, nulls, arrays and mixed types.
 */
let emu: TestEmulator;
let db: ReturnType<ReturnType<typeof sdkFor>['database']>;

const indexes = [
  { name: 'by_g_t', keys: [{ field: 'g' }, { field: 't' }] },
  { name: 'by_t', keys: [{ field: 't' }] },
  { name: 'by_g_t_id', keys: [{ field: 'g' }, { field: 't', direction: -1 }, { field: '_id', direction: -1 }] },
  { name: 'by_at', keys: [{ field: 'at' }] },
];
const schema = {
  collections: [
    { name: 'tidy', indexes },
    { name: 'tidy_plain' },
    { name: 'messy', indexes },
    { name: 'messy_plain' },
  ],
};

const base = new Date('2026-09-01T00:00:00Z').getTime();
// Scalars of one type per field, with ties (t repeats every 40), some t missing and some null.
const tidy = Array.from({ length: 300 }, (_, i) => ({
  _id: `d${String((i * 37) % 300).padStart(3, '0')}`,
  g: ['a', 'b', 'c'][i % 3],
  ...(i % 29 === 0 ? {} : { t: i % 31 === 0 ? null : i % 40 }),
  at: new Date(base + (i % 50) * 60_000),
}));
// The same, plus arrays (multikey), strings among numbers and objects.
const messy = tidy.map((d, i) => (i % 7 === 0 ? { ...d, t: [i % 40, (i * 3) % 40] } : i % 11 === 0 ? { ...d, t: `s${i % 5}` } : i % 13 === 0 ? { ...d, t: { n: i } } : d));

beforeAll(async () => {
  emu = await startTestEmulator({ schema });
  db = sdkFor(emu).database();
  for (const name of ['tidy', 'tidy_plain']) await db.collection(name).add(tidy);
  for (const name of ['messy', 'messy_plain']) await db.collection(name).add(messy);
});
afterAll(() => emu.cleanup());

type Coll = ReturnType<typeof db.collection>;
const _ = () => db.command;

/** Queries as functions of a collection, so the indexed and the plain copy run the same one. */
const queries: Array<[string, (c: Coll) => Promise<unknown>]> = [
  ['eq + order asc + limit', (c) => c.where({ g: 'a' }).orderBy('t', 'asc').limit(5).get()],
  ['eq + order desc + skip', (c) => c.where({ g: 'b' }).orderBy('t', 'desc').skip(7).limit(6).get()],
  ['$in + order + tie-break', (c) => c.where({ g: _().in(['a', 'c']) }).orderBy('t', 'asc').orderBy('_id', 'desc').skip(3).limit(10).get()],
  ['$in + order one way (prefixes read side by side, merged)', (c) => c.where({ g: _().in(['a', 'c']) }).orderBy('t', 'desc').orderBy('_id', 'desc').skip(2).limit(7).get()],
  ['$in + range count', (c) => c.where({ g: _().in(['a', 'b']), t: _().gte(5).and(_().lt(9)) }).count()],
  ['eq + order given whole by the index', (c) => c.where({ g: 'b' }).orderBy('t', 'desc').orderBy('_id', 'desc').skip(2).limit(7).get()],
  ['order only', (c) => c.orderBy('t', 'desc').limit(9).get()],
  ['order only, no limit', (c) => c.orderBy('t', 'asc').limit(1000).get()],
  ['range', (c) => c.where({ t: _().gte(10).and(_().lt(20)) }).limit(1000).get()],
  ['range count', (c) => c.where({ t: _().lt(5) }).count()],
  ['eq + range + order', (c) => c.where({ g: 'a', t: _().gt(30) }).orderBy('t', 'desc').limit(4).get()],
  ['cursor $or', (c) => c.where(_().and([{ g: 'a' }, _().or([{ t: _().lt(20) }, { t: 20, _id: _().lt('d150') }])])).orderBy('t', 'desc').orderBy('_id', 'desc').limit(5).get()],
  ['date range + order', (c) => c.where({ at: _().lt(new Date(base + 10 * 60_000)) }).orderBy('at', 'desc').limit(8).get()],
  ['_id order + range', (c) => c.where({ _id: _().gt('d100') }).orderBy('_id', 'asc').limit(5).get()],
  ['null equality + order', (c) => c.where({ t: null }).orderBy('_id', 'desc').limit(20).get()],
];

describe('index order and ranges answer exactly what a scan answers', () => {
  const answer = async (run: (c: Coll) => Promise<unknown>, name: string) => {
    const { requestId: _id, ...rest } = (await run(db.collection(name))) as { requestId?: string };
    return rest;
  };
  it.each(queries)('%s', async (_name, run) => {
    expect(await answer(run, 'tidy')).toEqual(await answer(run, 'tidy_plain'));
    expect(await answer(run, 'messy')).toEqual(await answer(run, 'messy_plain'));
  });
});

describe('examined documents', () => {
  const examined = async (run: () => Promise<unknown>) => {
    emu.metering.reset();
    await run();
    return emu.metering.snapshot().total.docsExamined;
  };

  it('a limited query ordered by the index field after the equalities examines about the limit', async () => {
    // One order key: ties keep natural order, so exactly the limit is examined.
    expect(await examined(() => db.collection('tidy').where({ g: 'a' }).orderBy('t', 'asc').limit(5).get())).toBe(5);
    expect(await examined(() => db.collection('tidy').orderBy('at', 'desc').limit(8).get())).toBe(8);
    // A second order key: the last tie group is read whole (t repeats at most 8 times).
    expect(await examined(() => db.collection('tidy').orderBy('t', 'desc').orderBy('_id', 'asc').limit(5).get())).toBeLessThanOrEqual(5 + 8);
    // The index gives both order keys: no tie group to finish.
    expect(await examined(() => db.collection('tidy').where({ g: 'b' }).orderBy('t', 'desc').orderBy('_id', 'desc').limit(5).get())).toBe(5);
    expect(await examined(() => db.collection('tidy_plain').where({ g: 'a' }).orderBy('t', 'asc').limit(5).get())).toBe(300);
  });

  it('a range on an indexed field examines only what is in range', async () => {
    const { total } = await db.collection('tidy').where({ t: _().lt(5) }).count();
    expect(await examined(() => db.collection('tidy').where({ t: _().lt(5) }).count())).toBe(total);
    expect(await examined(() => db.collection('tidy').where({ at: _().lt(new Date(base + 2 * 60_000)) }).remove())).toBe(12);
  });

  it('a range bounded on both sides (the SDK sends two conditions) examines only what is between them', async () => {
    const between = () => db.collection('tidy').where({ t: _().gte(30).and(_().lt(32)) });
    const { total } = await between().count();
    expect(total).toBeGreaterThan(0);
    expect(await examined(() => between().count())).toBe(total);
    expect(await examined(() => between().orderBy('t', 'asc').limit(1000).get())).toBe(total);
  });

  it('a cursor page examines the page only, not what came before (its $or is checked on the index keys)', async () => {
    const page = (c: string, id: string) => db.collection(c).where(_().and([{ g: 'a' }, _().or([{ t: _().lt(10) }, { t: 10, _id: _().lt(id) }])])).orderBy('t', 'desc').orderBy('_id', 'desc').limit(5).get();
    expect(await examined(() => page('tidy', 'd150'))).toBe(5);
    for (const id of ['d000', 'd150', 'd299', 'e']) expect((await page('tidy', id)).data).toEqual((await page('tidy_plain', id)).data);
  });

  it('falls back to reading every candidate when the index cannot give the order (arrays, mixed types)', async () => {
    expect(await examined(() => db.collection('messy').orderBy('t', 'asc').limit(5).get())).toBe(300);
  });

  it('seeks the index: a page reads about its own index keys, not every entry under the prefix, and the metering says so', async () => {
    const keys = async (run: () => Promise<unknown>) => {
      emu.metering.reset();
      await run();
      return emu.metering.snapshot().total.keysExamined;
    };
    // 100 entries under g = 'a': a page of 5 reads its keys, the rest of its last tie group (missing and null t tie) and one more.
    expect(await keys(() => db.collection('tidy').where({ g: 'a' }).orderBy('t', 'asc').limit(5).get())).toBeLessThanOrEqual(5 + 8);
    expect(await keys(() => db.collection('tidy').where({ g: 'b' }).orderBy('t', 'desc').orderBy('_id', 'desc').limit(5).get())).toBeLessThanOrEqual(5 + 1); // + the key that ends the page
    // A cursor page deep in the order seeks to it (the hull of its $or), rather than reading the entries before it.
    const page = () => db.collection('tidy').where(_().and([{ g: 'a' }, _().or([{ t: _().lt(10) }, { t: 10, _id: _().lt('d150') }])])).orderBy('t', 'desc').orderBy('_id', 'desc').limit(5).get();
    expect(await keys(page)).toBeLessThanOrEqual(5 + 8);
    // Paging by _id after a value reads from there on; a range count reads what is in range.
    expect(await keys(() => db.collection('tidy').where({ _id: _().gt('d200') }).orderBy('_id', 'asc').limit(5).get())).toBeLessThanOrEqual(5 + 1);
    const { total } = await db.collection('tidy').where({ t: _().gte(30).and(_().lt(32)) }).count();
    expect(await keys(() => db.collection('tidy').where({ t: _().gte(30).and(_().lt(32)) }).count())).toBe(total);
    // An exclusive low bound seeks past the equal keys (MongoDB's `(v, ...]` bounds): t > 38 under g = 'a'
    // reads the few t = 39 keys, not the t = 38 tie group before them; and the answer is a scan's.
    const after = (c: string) => db.collection(c).where({ g: 'a', t: _().gt(38) }).orderBy('t', 'asc').orderBy('_id', 'asc').get();
    const { data: beyond } = await after('tidy');
    expect(beyond).toEqual((await after('tidy_plain')).data);
    expect(await keys(() => after('tidy'))).toBeLessThanOrEqual(beyond.length + 1);
    expect(await keys(() => db.collection('tidy').where({ g: 'b', t: 10, _id: _().gt('d150') }).get())).toBeLessThanOrEqual(
      (await db.collection('tidy').where({ g: 'b', t: 10, _id: _().gt('d150') }).get()).data.length + 1,
    );
    // Per request too, so a test can name the query that read an index whole.
    emu.metering.reset();
    const invocation = emu.metering.invocation('keys-check');
    expect(invocation.keysExamined).toBe(0);
    // Where no order can be trusted (arrays), every entry under the prefix is read, and counted.
    expect(await keys(() => db.collection('messy').orderBy('t', 'asc').limit(5).get())).toBeGreaterThanOrEqual(300);
  });
});
