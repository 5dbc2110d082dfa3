import { collections, sdkFor, startTestEmulator, type TestEmulator } from './helpers';

let emu: TestEmulator;
let db: ReturnType<ReturnType<typeof sdkFor>['database']>;

const people = [
  { _id: 'p1', name: 'Li Lei', age: 20, tags: ['a', 'b'], scores: [80, 95], addr: { city: 'Wenzhou', zip: '325000' }, at: new Date('2026-01-01T00:00:00Z') },
  { _id: 'p2', name: 'Han Meimei', age: 22, tags: ['b'], scores: [60], addr: { city: 'Shenyang' }, at: new Date('2026-02-01T00:00:00Z') },
  { _id: 'p3', name: 'Wang Fang', age: 25, tags: [], scores: [], addr: null, at: new Date('2026-03-01T00:00:00Z') },
  { _id: 'p4', name: 'li ming', age: 19, scores: [99, 70, 85], at: new Date('2026-04-01T00:00:00Z') },
];

beforeAll(async () => {
  emu = await startTestEmulator({ schema: collections('people', 'upd') });
  db = sdkFor(emu).database();
  await db.collection('people').add(people);
});
afterAll(() => emu.cleanup());

describe('query commands', () => {
  const _ = () => db.command;
  const cases: Array<[string, () => object, string[]]> = [
    ['eq', () => ({ age: _().eq(22) }), ['p2']],
    ['neq', () => ({ age: _().neq(22) }), ['p1', 'p3', 'p4']],
    ['lt', () => ({ age: _().lt(20) }), ['p4']],
    ['lte', () => ({ age: _().lte(20) }), ['p1', 'p4']],
    ['gt', () => ({ age: _().gt(22) }), ['p3']],
    ['gte', () => ({ age: _().gte(22) }), ['p2', 'p3']],
    ['in', () => ({ age: _().in([19, 25]) }), ['p3', 'p4']],
    ['nin', () => ({ age: _().nin([19, 25]) }), ['p1', 'p2']],
    ['exists true', () => ({ tags: _().exists(true) }), ['p1', 'p2', 'p3']],
    ['exists false', () => ({ tags: _().exists(false) }), ['p4']],
    ['size', () => ({ scores: _().size(1) }), ['p2']],
    ['all', () => ({ tags: _().all(['a', 'b']) }), ['p1']],
    ['elemMatch', () => ({ scores: _().elemMatch(_().gt(90)) }), ['p1', 'p4']],
    ['range on an array (any element)', () => ({ scores: _().gt(90).lt(97) }), ['p1', 'p4']],
    ['mod', () => ({ age: (_() as any).mod([5, 0]) }), ['p1', 'p3']],
    ['and', () => ({ age: _().gt(19).and(_().lt(25)) }), ['p1', 'p2']],
    ['or (field)', () => ({ age: _().lt(20).or(_().gt(24)) }), ['p3', 'p4']],
    ['or (top level)', () => _().or([{ age: 20 }, { name: 'Wang Fang' }]), ['p1', 'p3']],
    ['nor', () => _().nor([{ age: 20 }, { age: 22 }]), ['p3', 'p4']],
    ['not', () => ({ age: _().not(_().gt(20)) }), ['p1', 'p4']],
    ['array contains', () => ({ tags: 'b' }), ['p1', 'p2']],
    ['nested field (object)', () => ({ addr: { city: 'Wenzhou' } }), ['p1']],
    ['nested field (dotted)', () => ({ 'addr.city': 'Shenyang' }), ['p2']],
    ['null matches null and missing', () => ({ addr: null }), ['p3', 'p4']],
    ['date comparison', () => ({ at: _().gte(new Date('2026-02-15T00:00:00Z')) }), ['p3', 'p4']],
    ['JS RegExp', () => ({ name: /^li/i }), ['p1', 'p4']],
    ['db.RegExp', () => ({ name: db.RegExp({ regexp: 'mei$', options: 'i' }) }), ['p2']],
    ['expr', () => (_() as any).expr(_().aggregate.gt(['$age', 21])), ['p2', 'p3']],
  ];

  it.each(cases)('%s', async (_name, where, ids) => {
    const { data } = await db.collection('people').where(where()).orderBy('_id', 'asc').get();
    expect(data.map((d: { _id: string }) => d._id)).toEqual(ids);
    expect((await db.collection('people').where(where()).count()).total).toBe(ids.length);
  });

  it('refuses geo queries with a clear unsupported error', async () => {
    const c = db.command;
    await expect(
      db.collection('people').where({ loc: c.geoNear({ geometry: new db.Geo.Point(120, 28), maxDistance: 10 }) }).get(),
    ).rejects.toMatchObject({ code: 'OPERATION_UNSUPPORTED' });
  });

  it('answers an unknown operator with a request error, not a crash', async () => {
    const raw = db.collection('people').options({ raw: true });
    await expect(raw.where({ age: { $bogus: 1 } }).get()).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    expect((await db.collection('people').count()).total).toBe(4);
  });
});

describe('update commands', () => {
  const base = { n: 10, s: 'x', arr: [1, 2, 3], set: ['a'], obj: { k: 1 }, nul: null };
  const _ = () => db.command;
  const cases: Array<[string, () => object, object]> = [
    ['set', () => ({ obj: _().set({ z: 2 }) }), { obj: { z: 2 } }],
    ['set dotted', () => ({ 'obj.j': 5 }), { obj: { k: 1, j: 5 } }],
    ['remove', () => ({ s: _().remove() }), { s: undefined }],
    ['inc', () => ({ n: _().inc(5) }), { n: 15 }],
    ['inc missing', () => ({ fresh: _().inc(2) }), { fresh: 2 }],
    ['mul', () => ({ n: _().mul(3) }), { n: 30 }],
    ['min', () => ({ n: _().min(4) }), { n: 4 }],
    ['max', () => ({ n: _().max(40) }), { n: 40 }],
    ['rename', () => ({ s: _().rename('t') }), { s: undefined, t: 'x' }],
    ['push', () => ({ arr: _().push([4, 5]) }), { arr: [1, 2, 3, 4, 5] }],
    ['push with position/slice/sort', () => ({ arr: _().push({ each: [9, 0], position: 1, sort: 1, slice: 4 }) }), { arr: [0, 1, 2, 3] }],
    ['pop', () => ({ arr: _().pop() }), { arr: [1, 2] }],
    ['shift', () => ({ arr: _().shift() }), { arr: [2, 3] }],
    ['unshift', () => ({ arr: _().unshift([7, 8]) }), { arr: [7, 8, 1, 2, 3] }],
    ['pull', () => ({ arr: _().pull(_().gte(2)) }), { arr: [1] }],
    ['pullAll', () => ({ arr: _().pullAll([1, 3]) }), { arr: [2] }],
    ['addToSet', () => ({ set: _().addToSet('a') }), { set: ['a'] }],
    ['addToSet $each', () => ({ set: _().addToSet({ $each: ['a', 'b', 'c'] }) }), { set: ['a', 'b', 'c'] }],
  ];

  it.each(cases)('%s', async (_name, data, expected) => {
    const { id } = await db.collection('upd').add(base);
    await db.collection('upd').doc(id!).update(data());
    const [doc] = (await db.collection('upd').doc(id!).get()).data;
    const want: Record<string, unknown> = { ...base, _id: id, ...expected };
    for (const k of Object.keys(want)) if (want[k] === undefined) delete want[k];
    expect(doc).toEqual(want);
  });

  const strict: Array<[string, () => object]> = [
    ['inc on a string', () => ({ s: _().inc(1) })],
    ['mul on a string', () => ({ s: _().mul(2) })],
    ['set through a null parent', () => ({ 'nul.k': 1 })],
    ['set through a string parent', () => ({ 's.k': 1 })],
    ['push on a non-array', () => ({ n: _().push([1]) })],
  ];

  it.each(strict)('fails, as MongoDB does, on %s and changes nothing', async (_name, data) => {
    const { id } = await db.collection('upd').add(base);
    await expect(db.collection('upd').doc(id!).update(data())).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    const [doc] = (await db.collection('upd').doc(id!).get()).data;
    expect(doc).toEqual({ ...base, _id: id });
  });

  it('applies update commands through where().update to every match', async () => {
    await db.collection('upd').add([{ g: 'w', n: 1 }, { g: 'w', n: 2 }]);
    await db.collection('upd').where({ g: 'w' }).update({ n: db.command.inc(10), log: db.command.push(['x']) });
    const { data } = await db.collection('upd').where({ g: 'w' }).orderBy('n', 'asc').get();
    expect(data.map((d: { n: number; log: string[] }) => [d.n, d.log])).toEqual([[11, ['x']], [12, ['x']]]);
  });
});
