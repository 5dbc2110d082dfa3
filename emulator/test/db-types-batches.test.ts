import { sdkFor, startTestEmulator, type TestEmulator } from './helpers';

/**
 * Issue 13 points 2 and 3, through the real node-sdk: batches as large as CloudBase takes them, and
 * the types CloudBase stores besides JSON's (ObjectId in any field, the db.Geo shapes). Expected values
 * come from node-sdk's own database tests (which run against CloudBase: `test/database/unit/oid.test.ts`,
 * `geo.test.ts`, `geo-advanced.test.ts`) and from MongoDB's manual (comparison/sort order of BSON types,
 * `$type`, `$toObjectId`, `$lookup`); README "Types and batch sizes" says where they disagree.
 */
let emu: TestEmulator;
let db: ReturnType<ReturnType<typeof sdkFor>['database']>;

const schema = {
  collections: [
    { name: 'bulk' },
    { name: 'uniq', indexes: [{ name: 'by_k', unique: true, keys: [{ field: 'k' }] }] },
    { name: 'oids', indexes: [{ name: 'by_ref', keys: [{ field: 'ref' }] }] },
    { name: 'teams' },
    { name: 'mixed' },
    { name: 'ordered', indexes: [{ name: 'by_w', keys: [{ field: 'w' }] }] },
    { name: 'ordered_plain' },
    { name: 'places' },
  ],
};

beforeAll(async () => {
  emu = await startTestEmulator({ schema });
  db = sdkFor(emu).database();
});
afterAll(() => emu.cleanup());

const oid = (hex: string) => db.ObjectId({ id: hex });
/** db.Geo's classes (node-sdk's typings declare only Point). */
type GeoClasses = {
  Point: new (longitude: number, latitude: number) => object;
  LineString: new (points: object[]) => object;
  Polygon: new (lines: object[]) => object;
  MultiPoint: new (points: object[]) => object;
  MultiLineString: new (lines: object[]) => object;
  MultiPolygon: new (polygons: object[]) => object;
};
const geo = () => db.Geo as unknown as GeoClasses;
const hex = (n: number) => n.toString(16).padStart(24, '0');
const idsOf = (data: Array<{ _id: string }>) => data.map((d) => d._id);

describe('batch sizes as CloudBase takes them', () => {
  beforeEach(async () => {
    await db.collection('bulk').where({ _id: db.command.exists(true) }).remove();
    await db.collection('uniq').where({ _id: db.command.exists(true) }).remove();
  });

  // CloudBase documents no count limit for add (MongoDB's own batch limit, 100,000, is split by its
  // driver); the request's size is the limit: 6 MB, past which nothing is stored.
  const batches: Array<[string, number, number]> = [
    ['1,001 small documents', 1001, 0],
    ['5,000 small documents', 5000, 0],
    ['3,000 documents of 1.5 KB (4.5 MB)', 3000, 1500],
  ];
  const batch = (n: number, pad: number) => Array.from({ length: n }, (_, i) => ({ i, pad: 'x'.repeat(pad) }));
  it.each(batches)('takes an add of %s in one call', async (_name, n, pad) => {
    const { ids } = await db.collection('bulk').add(batch(n, pad));
    expect(ids).toHaveLength(n);
    expect(new Set(ids).size).toBe(n);
    expect((await db.collection('bulk').count()).total).toBe(n);
    expect((await db.collection('bulk').where({ i: n - 1 }).get()).data).toHaveLength(1);
  });

  it('refuses a batch past the request size (6 MB) and stores none of it, but not one just below', async () => {
    await expect(db.collection('bulk').add(batch(5000, 1500))).rejects.toMatchObject({ code: 'REQUEST_ENTITY_TOO_LARGE' });
    expect((await db.collection('bulk').count()).total).toBe(0);
    expect((await db.collection('bulk').add(batch(3500, 1500))).ids).toHaveLength(3500);
  });

  it('stores none of a large batch when its last document breaks a unique index', async () => {
    const docs = Array.from({ length: 2500 }, (_, i) => ({ k: i === 2499 ? 7 : i }));
    await expect(db.collection('uniq').add(docs)).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('E11000') });
    expect((await db.collection('uniq').count()).total).toBe(0);
  });

  it('updates and removes every match of a where() in one call, past 1,000', async () => {
    await db.collection('bulk').add(Array.from({ length: 2500 }, (_, i) => ({ i, even: i % 2 === 0 })));
    expect((await db.collection('bulk').where({ even: true }).update({ seen: true })).updated).toBe(1250);
    expect((await db.collection('bulk').where({ seen: true }).count()).total).toBe(1250);
    expect((await db.collection('bulk').where({ i: db.command.gte(500) }).remove()).deleted).toBe(2000);
    expect((await db.collection('bulk').count()).total).toBe(500);
  });
});

describe('ObjectId in any field', () => {
  const A = hex(0x0a);
  const B = hex(0x0b);
  const C = hex(0x0c);
  beforeAll(async () => {
    await db.collection('oids').add([
      { _id: 'p1', ref: oid(A), refs: [oid(A), oid(B)], n: 1 },
      { _id: 'p2', ref: oid(B), refs: [oid(C)], n: 2 },
      { _id: 'p3', ref: oid(C), refs: [], n: 3 },
      { _id: 'p4', ref: A, n: 4 }, // the same hex as a string: another type, another value
      { _id: 'p5', n: 5 },
    ]);
    await db.collection('teams').add([
      { _id: oid(A), name: '一支部' },
      { _id: oid(B), name: '二支部' },
      { _id: oid(C), name: '三支部', lead: oid(A) },
    ]);
  });

  it('answers an ObjectId _id as its hex text in add (as node-sdk expects of CloudBase)', async () => {
    const id = hex(0xfeed);
    expect((await db.collection('mixed').add({ _id: oid(id), x: 1 })).id).toBe(id);
    expect((await db.collection('mixed').add([{ _id: oid(hex(0xfeee)) }, { _id: 'plain' }])).ids).toEqual([hex(0xfeee), 'plain']);
    // Still an ObjectId: a string with the same text is another _id.
    expect((await db.collection('mixed').add({ _id: id })).id).toBe(id);
    expect((await db.collection('mixed').where({ _id: oid(id) }).get()).data).toEqual([{ _id: id, x: 1 }]);
    expect((await db.collection('mixed').where({ _id: oid(id) }).update({ x: 2 })).updated).toBe(1);
    expect((await db.collection('mixed').where({ _id: _().in([oid(id), oid(hex(0xfeee))]) }).orderBy('_id', 'desc').get()).data).toEqual([{ _id: hex(0xfeee) }, { _id: id, x: 2 }]);
    expect((await db.collection('mixed').where({ _id: oid(id) }).remove()).deleted).toBe(1);
    expect((await db.collection('mixed').doc(id).get()).data).toEqual([{ _id: id }]);
  });

  it('reads a stored ObjectId back as its hex text (node-sdk: getRes.data[0].a === objId)', async () => {
    const { data } = await db.collection('oids').where({ ref: oid(B) }).get();
    expect(data).toEqual([{ _id: 'p2', ref: B, refs: [C], n: 2 }]);
    // The hex text is a string: it matches the string, not the ObjectId (MongoDB compares types first).
    expect((await db.collection('oids').where({ ref: A }).get()).data).toEqual([{ _id: 'p4', ref: A, n: 4 }]);
  });

  const _ = () => db.command;
  const queries: Array<[string, () => object, string[]]> = [
    ['equality', () => ({ ref: oid(A) }), ['p1']],
    ['eq', () => ({ ref: _().eq(oid(C)) }), ['p3']],
    ['neq', () => ({ ref: _().neq(oid(A)) }), ['p2', 'p3', 'p4', 'p5']],
    ['in', () => ({ ref: _().in([oid(A), oid(C), 'nope']) }), ['p1', 'p3']],
    ['nin', () => ({ ref: _().nin([oid(A), oid(C)]) }), ['p2', 'p4', 'p5']],
    ['gt (ObjectIds only: MongoDB compares within a type)', () => ({ ref: _().gt(oid(A)) }), ['p2', 'p3']],
    ['gte and lt', () => ({ ref: _().gte(oid(A)).and(_().lt(oid(C))) }), ['p1', 'p2']],
    ['an element of an array', () => ({ refs: oid(C) }), ['p2']],
    ['all', () => ({ refs: _().all([oid(A), oid(B)]) }), ['p1']],
    ['size', () => ({ refs: _().size(0) }), ['p3']],
  ];
  const refOf: Record<string, string | undefined> = { p1: A, p2: B, p3: C, p4: A, p5: undefined };
  it.each(queries)('matches by %s', async (_name, where, ids) => {
    const { data } = await db.collection('oids').where(where()).orderBy('_id', 'asc').get();
    expect(data.map((d: { _id: string; ref?: string }) => [d._id, d.ref])).toEqual(ids.map((id) => [id, refOf[id]]));
    expect((await db.collection('oids').where(where()).count()).total).toBe(ids.length);
  });

  it('matches $type objectId (MongoDB alias and number 7)', async () => {
    const raw = db.collection('oids').options({ raw: true });
    expect(idsOf((await raw.where({ ref: { $type: 'objectId' } }).orderBy('_id', 'asc').get()).data)).toEqual(['p1', 'p2', 'p3']);
    expect(idsOf((await raw.where({ ref: { $type: 7 } }).orderBy('_id', 'asc').get()).data)).toEqual(['p1', 'p2', 'p3']);
    expect(idsOf((await raw.where({ ref: { $type: ['string', 'objectId'] } }).orderBy('_id', 'asc').get()).data)).toEqual(['p1', 'p2', 'p3', 'p4']);
  });

  it('finds by an ObjectId through the index on the field (examined = selected)', async () => {
    emu.metering.reset();
    const { data } = await db.collection('oids').where({ ref: _().in([oid(A), oid(B)]) }).get();
    expect(data).toEqual([{ _id: 'p1', ref: A, refs: [A, B], n: 1 }, { _id: 'p2', ref: B, refs: [C], n: 2 }]);
    expect(emu.metering.snapshot().total.docsExamined).toBe(2);
  });

  it('updates to and by ObjectIds, and returns them from updateAndReturn as hex text', async () => {
    await db.collection('mixed').add({ _id: 'u1', owner: null });
    expect((await db.collection('mixed').doc('u1').update({ owner: oid(C), seen: _().push([oid(A)]) })).updated).toBe(1);
    expect((await db.collection('mixed').where({ owner: oid(C), seen: oid(A) }).get()).data).toEqual([{ _id: 'u1', owner: C, seen: [A] }]);
    const { doc } = await db.collection('mixed').where({ owner: oid(C) }).updateAndReturn({ owner: oid(B) });
    expect(doc).toEqual({ _id: 'u1', owner: B, seen: [A] });
    // $pull of one ObjectId removes that one only (it was taken for an empty document condition).
    await db.collection('mixed').doc('u1').update({ seen: _().push([oid(B), oid(C)]) });
    await db.collection('mixed').doc('u1').update({ seen: _().pull(oid(B)) });
    expect((await db.collection('mixed').doc('u1').get()).data[0].seen).toEqual([A, C]);
    // An ObjectId is a scalar: no field can be set inside it, and it is not a number.
    for (const update of [{ 'owner.x': 1 }, { owner: _().inc(1) }]) {
      await expect(db.collection('mixed').doc('u1').update(update)).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    }
    expect((await db.collection('mixed').doc('u1').get()).data[0]).toEqual({ _id: 'u1', owner: B, seen: [A, C] });
    expect((await db.collection('mixed').where({ owner: oid(B) }).remove()).deleted).toBe(1);
  });

  it('joins an ObjectId field to an ObjectId _id with $lookup (node-sdk: 联表 _id 与 非_id字段)', async () => {
    const joined = async (localField: string) =>
      (await db.collection('oids').aggregate().match({ n: _().lte(3) }).lookup({ from: 'teams', localField, foreignField: '_id', as: 'teams' }).sort({ _id: 1 }).end()).data.map(
        (d: { _id: string; teams: Array<{ name: string }> }) => [d._id, d.teams.map((t) => t.name)],
      );
    expect(await joined('ref')).toEqual([['p1', ['一支部']], ['p2', ['二支部']], ['p3', ['三支部']]]);
    // An array of ObjectIds joins each team once (mingo also returned one empty entry per element that joined nothing).
    expect(await joined('refs')).toEqual([['p1', ['一支部', '二支部']], ['p2', ['三支部']], ['p3', []]]);
    // The reverse: a team's ObjectId field to an ObjectId _id of the same collection, and a pipeline join.
    const lead = await db.collection('teams').aggregate().match({ lead: _().exists(true) }).lookup({ from: 'teams', localField: 'lead', foreignField: '_id', as: 'l' }).end();
    expect(lead.data.map((d: { name: string; l: Array<{ name: string }> }) => [d.name, d.l.map((t) => t.name)])).toEqual([['三支部', ['一支部']]]);
    const $ = db.command.aggregate;
    const piped = await db
      .collection('oids')
      .aggregate()
      .match({ _id: 'p2' })
      .lookup({ from: 'teams', let: { r: '$ref' }, pipeline: $.pipeline().match(_().expr($.eq(['$_id', '$$r']))).done(), as: 't' })
      .end();
    expect(piped.data[0].t).toEqual([{ _id: B, name: '二支部' }]);
  });

  it('groups, types and converts ObjectIds in an aggregate as MongoDB does', async () => {
    const $ = db.command.aggregate;
    const grouped = await db.collection('oids').aggregate().match({ n: _().lte(4) }).group({ _id: '$ref', n: $.sum(1) }).sort({ _id: 1 }).end();
    // Strings sort before ObjectIds (MongoDB's order of types); ObjectIds by their bytes.
    expect(grouped.data).toEqual([{ _id: A, n: 1 }, { _id: A, n: 1 }, { _id: B, n: 1 }, { _id: C, n: 1 }]);
    const projected = await db
      .collection('oids')
      .aggregate()
      .match({ _id: _().in(['p1', 'p4']) })
      .project({ t: { $type: '$ref' }, s: { $toString: '$ref' }, same: $.eq(['$ref', { $toObjectId: A }]), back: { $convert: { input: '$ref', to: 'string' } } })
      .sort({ _id: 1 })
      .end();
    expect(projected.data).toEqual([
      { _id: 'p1', t: 'objectId', s: A, same: true, back: A },
      { _id: 'p4', t: 'string', s: A, same: false, back: A },
    ]);
    // An ObjectId's date is its first four bytes (seconds); B's are 0.
    const dated = await db.collection('oids').aggregate().match({ _id: 'p2' }).project({ _id: 0, at: { $toDate: '$ref' } }).end();
    expect(dated.data).toEqual([{ at: new Date(0) }]);
  });
});

describe("sort in MongoDB's order of types", () => {
  // MongoDB: null and missing < numbers < strings < objects < arrays < binary < ObjectId < booleans <
  // dates; an array sorts by its smallest element ascending and its largest descending.
  const docs = () => [
    { _id: 'd01' },
    { _id: 'd02', v: null },
    { _id: 'd03', v: 2 },
    { _id: 'd04', v: 'b' },
    { _id: 'd05', v: { k: 1 } },
    { _id: 'd06', v: oid(hex(2)) },
    { _id: 'd07', v: oid(hex(1)) },
    { _id: 'd08', v: true },
    { _id: 'd09', v: new Date('2020-01-01T00:00:00Z') },
    { _id: 'd10', v: [oid(hex(3)), 1] },
  ];
  beforeAll(async () => {
    await db.collection('mixed').where({ _id: db.command.exists(true) }).remove();
    await db.collection('mixed').add(docs());
    // Scalars of mixed types on an indexed field: the index is read in order and stops early.
    const w = [oid(hex(9)), 'a', 5, new Date('2021-01-01T00:00:00Z'), false, oid(hex(4)), 'z', null, true, oid(hex(7)), -1];
    const rows = w.map((value, i) => ({ _id: `w${String(i).padStart(2, '0')}`, w: value }));
    await db.collection('ordered').add(rows);
    await db.collection('ordered_plain').add(rows);
  });

  const orders: Array<[string, 'asc' | 'desc', string[]]> = [
    ['ascending', 'asc', ['d01', 'd02', 'd10', 'd03', 'd04', 'd05', 'd07', 'd06', 'd08', 'd09']],
    ['descending', 'desc', ['d09', 'd08', 'd10', 'd06', 'd07', 'd05', 'd04', 'd03', 'd01', 'd02']],
  ];
  it.each(orders)('orders a find %s', async (_name, dir, ids) => {
    expect(idsOf((await db.collection('mixed').orderBy('v', dir).orderBy('_id', 'asc').get()).data)).toEqual(ids);
  });
  it.each(orders)('orders an aggregate $sort %s', async (_name, dir, ids) => {
    const sorted = await db.collection('mixed').aggregate().sort({ v: dir === 'asc' ? 1 : -1, _id: 1 }).end();
    expect(idsOf(sorted.data)).toEqual(ids);
  });

  const expectedW = ['w07', 'w10', 'w02', 'w01', 'w06', 'w05', 'w09', 'w00', 'w04', 'w08', 'w03'];
  it.each([1, 3, 5, 8, 11])('reads an index in that order and stops early (limit %i) with the answer of a scan', async (limit) => {
    for (const [dir, want] of [['asc', expectedW], ['desc', [...expectedW].reverse()]] as const) {
      const viaIndex = idsOf((await db.collection('ordered').orderBy('w', dir).limit(limit).get()).data);
      const viaScan = idsOf((await db.collection('ordered_plain').orderBy('w', dir).limit(limit).get()).data);
      expect(viaIndex).toEqual(want.slice(0, limit));
      expect(viaScan).toEqual(want.slice(0, limit));
    }
  });

  it('ranges over ObjectIds on the index (type bracketing: only ObjectIds)', async () => {
    const _ = db.command;
    const { data } = await db.collection('ordered').where({ w: _.gt(oid(hex(4))) }).orderBy('w', 'desc').get();
    expect(data).toEqual([{ _id: 'w00', w: hex(9) }, { _id: 'w09', w: hex(7) }]);
  });
});

describe('geo values stored and returned unchanged, geo queries refused clearly', () => {
  const shapes = () => {
    const { Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon } = geo();
    const ring = (d: number) => new LineString([new Point(-d, -d), new Point(d, -d), new Point(d, d), new Point(-d, d), new Point(-d, -d)]);
    return {
      point: new Point(120.15, 30.28),
      line: new LineString([new Point(1, 2), new Point(3, 4)]),
      polygon: new Polygon([ring(2), ring(1)]),
      multiPoint: new MultiPoint([new Point(1, 1), new Point(-1, -1)]),
      multiLineString: new MultiLineString([new LineString([new Point(0, 0), new Point(1, 1)]), new LineString([new Point(2, 2), new Point(3, 3)])]),
      multiPolygon: new MultiPolygon([new Polygon([ring(2)]), new Polygon([ring(1)])]),
    };
  };
  const kinds = ['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon'] as const;
  const fields = ['point', 'line', 'polygon', 'multiPoint', 'multiLineString', 'multiPolygon'] as const;

  it.each(kinds.map((k, i) => [k, fields[i]] as const))('keeps a %s: add, read back as the db.Geo class, set again, remove', async (kind, field) => {
    const value = shapes()[field];
    const data = { value, list: [value], nested: { value }, due: new Date('2018-09-01T00:00:00Z') };
    const { id } = await db.collection('places').add(data);
    const [doc] = (await db.collection('places').where({ _id: id }).get()).data;
    expect(doc.value).toBeInstanceOf(geo()[kind]);
    expect(doc).toEqual({ _id: id, ...data });
    // Matched by equality like any document (and by its parts).
    expect(idsOf((await db.collection('places').where({ value, 'nested.value.type': kind }).get()).data)).toEqual([id]);
    // As node-sdk's geo tests expect of CloudBase: set to the same data reports the document updated.
    expect((await db.collection('places').doc(id!).set(data)).updated).toBe(1);
    const raw = await db.collection('places').aggregate().match({ _id: id }).project({ _id: 0, value: 1 }).end();
    expect(raw.data).toEqual([{ value: JSON.parse(JSON.stringify(value)) }]);
    expect((await db.collection('places').where({ _id: id }).remove()).deleted).toBe(1);
  });

  const refused: Array<[string, string, () => Promise<unknown>]> = [
    ['geoNear', '$nearSphere', () => db.collection('places').where({ p: db.command.geoNear({ geometry: new db.Geo.Point(120, 30), maxDistance: 1000, minDistance: 0 }) }).get()],
    ['geoWithin', '$geoWithin', () => db.collection('places').where({ p: db.command.geoWithin({ geometry: shapes().polygon }) }).get()],
    ['geoWithin', '$geoWithin', () => db.collection('places').where({ p: db.command.geoWithin({ centerSphere: [new db.Geo.Point(120, 30), 0.01] }) }).count()],
    ['geoIntersects', '$geoIntersects', () => db.collection('places').where({ p: db.command.geoIntersects({ geometry: shapes().line }) }).remove()],
    ['geoNear', '$geoNear', () => db.collection('places').aggregate().geoNear({ distanceField: 'd', near: new db.Geo.Point(120, 30), spherical: true }).end()],
  ];
  it.each(refused)('refuses %s (%s) with OPERATION_UNSUPPORTED and says why', async (command, op, call) => {
    await expect(call()).rejects.toMatchObject({
      code: 'OPERATION_UNSUPPORTED',
      message: expect.stringContaining(`${command} (${op}) is not supported by the local CloudBase`),
    });
  });
});
