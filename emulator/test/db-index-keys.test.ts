import { Binary, Decimal128, Int32, Long, ObjectId, Timestamp } from 'bson';
import { decodeBody, decodeRow, encodeBody, indexKeys } from '../src/database/codec';
import { fromBson, type Doc } from '../src/database/ejson';
import { parseSchema } from '../src/database/schema';
import { sdkFor, startTestEmulator, type TestEmulator } from './helpers';

/**
 * A write rewrites only the indexes whose keys it changes (store.ts `replaceKeys`), comparing the
 * keys of the new document with those of the old one, decoded from its stored body. That is sound
 * only if a document's keys survive the trip through storage, and if every write leaves each index
 * holding exactly the keys of the documents as they now are. Both are checked here.
 */
const indexes = [
  { name: 'by_a', keys: [{ field: 'a' }] },
  { name: 'by_u', unique: true, keys: [{ field: 'u' }] },
  { name: 'by_tags', keys: [{ field: 'tags' }] },
  { name: 'by_g_n', keys: [{ field: 'g' }, { field: 'n', direction: -1 }] },
  { name: 'by_deep', keys: [{ field: 'sub.x' }] },
];
const specs = parseSchema({ collections: [{ name: 'keyed', indexes }] }).collections[0].indexes;

// A value of every type a document can hold, some nested, some in arrays.
const values: unknown[] = [
  null, true, false, 0, -0, 1, -1, 1.5, 2 ** 31, 2 ** 53 - 1, -(2 ** 40) + 0.25, NaN, Infinity, -Infinity,
  '', 'a', '党员', 'with "quotes" and \\ and \u0000 nul', '\ud83d\ude00', new Date(0), new Date('2026-09-01T08:00:00.123Z'), new Date(-1e12),
  new ObjectId('64b7f0c2a1b2c3d4e5f60718'), /a.c/i, [], [1, 'x', null], [[1, 2], [3]], { x: 1 }, { x: [1, { y: 2 }] }, { $inner: undefined },
  new Binary(Buffer.from([1, 2, 3]), 0), new Timestamp({ t: 5, i: 1 }), Long.fromNumber(42), new Int32(7), Decimal128.fromString('1.25'),
];

describe('index keys survive the trip through storage', () => {
  it.each(values.map((v, i) => [i, v]))('value %i keeps its keys in every index after encode and decode', (_i, value) => {
    const doc = fromBson({ _id: 'x', a: value, u: value, tags: [value, 'k'], g: value, n: value, sub: { x: value } }) as Doc;
    const again = decodeBody(encodeBody(doc));
    expect(indexKeys(again, specs)).toEqual(indexKeys(doc, specs));
  });
});

describe('every write leaves each index holding exactly the keys of the documents', () => {
  let emu: TestEmulator;
  let db: ReturnType<ReturnType<typeof sdkFor>['database']>;
  beforeAll(async () => {
    emu = await startTestEmulator({ schema: { collections: [{ name: 'keyed', indexes }] } });
    db = sdkFor(emu).database();
  });
  afterAll(() => emu.cleanup());

  /** What each index holds, against what the documents' keys are: equal as multisets of (key, document). */
  function expectIndexesTrue(): void {
    const store = emu.database.state.store;
    const rows = [...store.scan('keyed')];
    for (const index of specs) {
      const held = store.indexEntries('keyed', index.name).map((e) => `${e.rid} ${e.key}`).sort();
      const wanted = rows.flatMap((row) => (indexKeys(decodeRow(row), [index]).get(index.name) ?? []).map((key) => `${row.rid} ${key}`)).sort();
      expect({ index: index.name, held }).toEqual({ index: index.name, held: wanted });
    }
  }

  const ids = (res: { data: Array<{ _id: unknown }> }) => res.data.map((d) => d._id).sort();

  it('after adds, updates of indexed and unindexed fields, array pushes and pulls, unsets, replacements and removes', async () => {
    const _ = db.command;
    const c = db.collection('keyed');
    await c.add(Array.from({ length: 12 }, (_v, i) => ({ _id: `d${i}`, a: i % 3, u: `u${i}`, tags: [`t${i % 4}`], g: i % 2 ? 'odd' : 'even', n: i, sub: { x: i }, other: 0 })));
    expectIndexesTrue();

    const steps: Array<[string, () => Promise<unknown>]> = [
      ['inc an unindexed field', () => c.doc('d1').update({ other: _.inc(1) })],
      ['set an indexed field', () => c.doc('d2').update({ a: 99 })],
      ['change one field of a compound key', () => c.doc('d3').update({ n: _.inc(100) })],
      ['push to a multikey field', () => c.doc('d4').update({ tags: _.push(['t9', 't0']) })],
      ['pull from a multikey field', () => c.doc('d4').update({ tags: _.pull('t0') })],
      ['reorder a multikey array (same keys, other order)', () => c.doc('d4').update({ tags: ['t9', 't0'] })],
      ['unset an indexed field (indexed as null)', () => c.doc('d5').update({ a: _.remove() })],
      ['change a nested indexed field', () => c.doc('d6').update({ 'sub.x': 'deep' })],
      ['set the nested parent to an array', () => c.doc('d6').update({ sub: [{ x: 1 }, { x: 2 }] })],
      ['change a unique key', () => c.doc('d7').update({ u: 'u7-new' })],
      ['take a unique key another document gave up', () => c.doc('d8').update({ u: 'u7' })],
      ['replace a document (set) with other keys', () => c.doc('d9').set({ a: 'text', u: 'u9-set', tags: [], g: 'even', n: -1 })],
      ['replace a document (set) with the same keys', () => c.doc('d10').set({ a: 1, u: 'u10', tags: ['t2'], g: 'even', n: 10, sub: { x: 10 }, other: 5 })],
      ['update many by an indexed field', () => c.where({ g: 'odd' }).update({ n: _.inc(1000) })],
      ['update many without touching keys', () => c.where({ g: 'even' }).update({ other: _.inc(2) })],
      ['remove one', () => c.doc('d11').remove()],
      ['upsert a new one', () => c.doc('d12').set({ a: 0, u: 'u12', tags: ['t1'], g: 'odd', n: 12 })],
    ];
    for (const [what, step] of steps) {
      await step();
      try {
        expectIndexesTrue();
      } catch (err) {
        throw new Error(`after "${what}": ${(err as Error).message}`);
      }
    }

    // Queries served by each index answer what the documents say.
    expect(ids(await c.where({ a: 99 }).get())).toEqual(['d2']);
    expect(ids(await c.where({ u: 'u7' }).get())).toEqual(['d8']);
    expect(ids(await c.where({ u: 'u7-new' }).get())).toEqual(['d7']);
    expect(ids(await c.where({ tags: 't9' }).get())).toEqual(['d4']);
    expect(ids(await c.where({ tags: 't0' }).get())).toEqual(['d0', 'd4', 'd8']);
    expect(ids(await c.where({ 'sub.x': 'deep' }).get())).toEqual([]);
    expect(ids(await c.where({ 'sub.x': 2 }).get())).toEqual(['d2', 'd6']);
    expect(ids(await c.where({ g: 'odd', n: _.gt(1000) }).get())).toEqual(['d1', 'd3', 'd5', 'd7']);
    await expect(c.doc('d1').update({ u: 'u7' })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('E11000 duplicate key') });
    expectIndexesTrue();
  });
});
