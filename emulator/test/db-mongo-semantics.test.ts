/**
 * Matching and operators as MongoDB (behind CloudBase) answers them, where mingo answers otherwise.
 * Every expected value is MongoDB's documented result (or the calendar's, for the date parts), sent
 * through the real node-sdk to the local CloudBase.
 */
import { collections, sdkFor, startTestEmulator, type TestEmulator } from './helpers';

let emu: TestEmulator;
let db: ReturnType<ReturnType<typeof sdkFor>['database']>;

const docs = [
  { _id: 'docs', items: [{ b: 1, c: 2 }, { b: 2 }] },
  { _id: 'scalars', items: [1, 2] },
  { _id: 'nested', items: [[{ b: 1 }]] },
  { _id: 'noB', items: [{ c: 5 }] },
  { _id: 'bArray', items: [{ b: [1, 3] }] },
  { _id: 'empty', items: [] },
  { _id: 'notArray', items: { b: 1 } },
];

beforeAll(async () => {
  emu = await startTestEmulator({ schema: collections('m', 'strings', 'dates') });
  db = sdkFor(emu).database();
  await db.collection('m').add(docs);
  await db.collection('strings').add({ _id: 's' });
  await db.collection('dates').add({ _id: 'd' });
});
afterAll(() => emu.cleanup());

const ids = (data: Array<{ _id?: unknown }>) => data.map((d) => String(d._id)).sort();

describe('$elemMatch as MongoDB matches it', () => {
  const _ = () => db.command;
  // MongoDB: a document condition tests the elements that are documents (an array element as the
  // document {"0": ..}), never scalars; a value condition tests every element.
  const cases: Array<[string, () => object, string[]]> = [
    ['document condition skips scalars and nested arrays', () => ({ items: _().elemMatch({ b: 1 }) }), ['bArray', 'docs']],
    ['$exists: false inside (an array element has no field b)', () => ({ items: _().elemMatch({ b: _().exists(false) }) }), ['nested', 'noB']],
    ['$exists: true inside', () => ({ items: _().elemMatch({ b: _().exists(true) }) }), ['bArray', 'docs']],
    ['$mod inside', () => ({ items: _().elemMatch({ b: (_() as any).mod([2, 0]) }) }), ['docs']],
    ['two fields on one element', () => ({ items: _().elemMatch({ b: 1, c: 2 }) }), ['docs']],
    ['two fields on different elements do not match', () => ({ items: _().elemMatch({ b: 2, c: 2 }) }), []],
    ['$and inside is a document condition', () => ({ items: { $elemMatch: { $and: [{ b: 1 }, { c: 2 }] } } }), ['docs']],
    ['empty condition: any document or array element', () => ({ items: _().elemMatch({}) }), ['bArray', 'docs', 'nested', 'noB']],
    ['$all of $elemMatch conditions: each matched by some document element', () => ({ items: _().all([_().elemMatch({ b: 1 }), _().elemMatch({ b: 2 })]) }), ['docs']],
    ['$all of one $elemMatch skips scalars', () => ({ items: { $all: [{ $elemMatch: { b: { $exists: false } } }] } }), ['nested', 'noB']],
    ['value condition tests scalars', () => ({ items: _().elemMatch(_().gt(1)) }), ['scalars']],
    ['value $mod tests scalars', () => ({ items: _().elemMatch((_() as any).mod([2, 1])) }), ['scalars']],
    ['a dotted path without $elemMatch still reaches into arrays', () => ({ 'items.b': 1 }), ['bArray', 'docs', 'notArray']],
  ];
  test.each(cases)('%s', async (_name, where, expected) => {
    const res = await db.collection('m').where(where()).get();
    expect(ids(res.data)).toEqual(expected);
  });

  test('the same matching in an aggregate $match', async () => {
    const res = await db.collection('m').aggregate().match({ items: db.command.elemMatch({ b: db.command.exists(false) }) }).end();
    expect(ids(res.data as Array<{ _id: string }>)).toEqual(['nested', 'noB']);
  });
});

describe('$jsonSchema in queries', () => {
  const schemaCases: Array<[string, object, string[]]> = [
    ['required', { required: ['items'] }, docs.map((d) => d._id).sort()],
    ['bsonType of a property', { properties: { items: { bsonType: 'object' } } }, ['notArray']],
    ['items: minItems and the element schema', { properties: { items: { bsonType: 'array', minItems: 1, items: { bsonType: 'int' } } } }, ['scalars']],
    ['type constraints let other types through', { properties: { items: { minItems: 2 } } }, ['docs', 'notArray', 'scalars']],
    ['not', { not: { properties: { items: { bsonType: 'array' } } } }, ['notArray']],
    ['anyOf with required', { anyOf: [{ properties: { items: { maxItems: 0 } } }, { properties: { _id: { enum: ['noB'] } } }] }, ['empty', 'noB', 'notArray']],
    ['additionalProperties: false', { properties: { _id: {}, items: {} }, additionalProperties: false }, docs.map((d) => d._id).sort()],
  ];
  test.each(schemaCases)('%s', async (_name, schema, expected) => {
    const res = await db.collection('m').where({ $jsonSchema: schema }).get();
    expect(ids(res.data)).toEqual(expected);
  });

  test.each([
    ['an unknown keyword', { foo: 1 }],
    ['$ref (MongoDB does not support it)', { $ref: '#/a' }],
    ['type integer (MongoDB uses bsonType int)', { type: 'integer' }],
  ])('a schema MongoDB refuses (%s) fails the request', async (_name, schema) => {
    await expect(db.collection('m').where({ $jsonSchema: schema }).get()).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
  });
});

async function project(collection: string, expr: object): Promise<unknown> {
  const res = await db.collection(collection).aggregate().project({ _id: 0, r: expr }).end();
  return (res.data as Array<{ r: unknown }>)[0].r;
}

describe('string operators', () => {
  const cases: Array<[string, object, unknown]> = [
    // $substrBytes / $substr: a negative count runs to the end; a count past the end stops there.
    ['$substrBytes count -1', { $substrBytes: ['hello', 1, -1] }, 'ello'],
    ['$substr count -1', { $substr: ['hello', 1, -1] }, 'ello'],
    ['$substrBytes count past the end', { $substrBytes: ['hello', 2, 100] }, 'llo'],
    ['$substrBytes index past the end', { $substrBytes: ['hello', 10, 2] }, ''],
    ['$substrBytes of null', { $substrBytes: [null, 0, 2] }, ''],
    ['$substrBytes whole UTF-8 characters', { $substrBytes: ['cafétéria', 0, 5] }, 'café'],
    ['$substrBytes Chinese, to the end', { $substrBytes: ['党建活动', 3, -1] }, '建活动'],
    // $indexOfCP (MongoDB's documentation examples)
    ['$indexOfCP', { $indexOfCP: ['cafeteria', 'e'] }, 3],
    ['$indexOfCP counts code points', { $indexOfCP: ['cafétéria', 't'] }, 4],
    ['$indexOfCP not found', { $indexOfCP: ['cafétéria', 'e'] }, -1],
    ['$indexOfCP from a start', { $indexOfCP: ['foo.bar.fi', '.', 5] }, 7],
    ['$indexOfCP within [start, end)', { $indexOfCP: ['vanilla', 'll', 0, 2] }, -1],
    ['$indexOfCP start past the end', { $indexOfCP: ['vanilla', 'll', 12] }, -1],
    ['$indexOfCP start after end', { $indexOfCP: ['vanilla', 'll', 5, 2] }, -1],
    ['$indexOfCP token longer than the rest', { $indexOfCP: ['vanilla', 'nilla', 3] }, -1],
    ['$indexOfCP of null', { $indexOfCP: [null, 'foo'] }, null],
    ['$indexOfCP surrogate pairs are one code point', { $indexOfCP: ['😀党建', '建'] }, 2],
  ];
  test.each(cases)('%s', async (_name, expr, expected) => {
    expect(await project('strings', expr)).toEqual(expected);
  });

  test.each([
    ['$indexOfCP with a negative start', { $indexOfCP: ['vanilla', 'll', -1] }],
    ['$substrBytes starting inside a UTF-8 character', { $substrBytes: ['cafétéria', 4, 2] }],
    ['$substrBytes ending inside a UTF-8 character', { $substrBytes: ['cafétéria', 0, 4] }],
    ['$substrBytes with a negative index', { $substrBytes: ['hello', -1, 2] }],
  ])('%s fails the request', async (_name, expr) => {
    await expect(project('strings', expr)).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
  });
});

describe('date operators', () => {
  // [date, $dayOfYear, $dayOfWeek (1 = Sunday), $isoDayOfWeek (1 = Monday), $week, $isoWeek, $isoWeekYear]
  const table: Array<[string, number, number, number, number, number, number]> = [
    ['2014-01-01T08:15:39.736Z', 1, 4, 3, 0, 1, 2014], // MongoDB's $dayOfYear/$dayOfWeek/$week example
    ['2016-01-01T00:00:00Z', 1, 6, 5, 0, 53, 2015], // a Friday: ISO week 53 of 2015
    ['2011-01-02T00:00:00Z', 2, 1, 7, 1, 52, 2010], // the year's first Sunday starts week 1
    ['2008-12-29T00:00:00Z', 364, 2, 1, 52, 1, 2009], // a Monday in ISO week 1 of 2009
    ['2011-08-14T00:00:00Z', 226, 1, 7, 33, 32, 2011], // MongoDB's $isoWeek example (a Sunday)
    ['2006-10-24T00:00:00Z', 297, 3, 2, 43, 43, 2006], // MongoDB's $isoWeek example
    ['2016-12-31T23:59:59Z', 366, 7, 6, 52, 52, 2016], // a leap year's last day
  ];
  const OPS = ['$dayOfYear', '$dayOfWeek', '$isoDayOfWeek', '$week', '$isoWeek', '$isoWeekYear'];
  test.each(table)('%s', async (at, ...expected) => {
    const res = await db
      .collection('dates')
      .aggregate()
      .project({ _id: 0, ...Object.fromEntries(OPS.map((op) => [op.slice(1), { [op]: new Date(at) }])) })
      .end();
    expect((res.data as object[])[0]).toEqual(Object.fromEntries(OPS.map((op, i) => [op.slice(1), expected[i]])));
  });

  test.each([
    // 2016-01-02 20:00 UTC is Sunday 2016-01-03 04:00 in China, Saturday 15:00 at -05:00
    ['Asia/Shanghai', { dayOfYear: 3, dayOfWeek: 1, week: 1, isoWeek: 53, isoWeekYear: 2015 }],
    ['+08:00', { dayOfYear: 3, dayOfWeek: 1, week: 1, isoWeek: 53, isoWeekYear: 2015 }],
    ['-0500', { dayOfYear: 2, dayOfWeek: 7, week: 0, isoWeek: 53, isoWeekYear: 2015 }],
  ])('with timezone %s', async (timezone, expected) => {
    const date = new Date('2016-01-02T20:00:00Z');
    const res = await db
      .collection('dates')
      .aggregate()
      .project({ _id: 0, ...Object.fromEntries(Object.keys(expected).map((k) => [k, { [`$${k}`]: { date, timezone } }])) })
      .end();
    expect((res.data as object[])[0]).toEqual(expected);
  });

  test.each(table)('$dateToString %%U %%V %%G %%u %%w %%j and $dateToParts iso8601 of %s', async (at, doy, dow, isoDow, week, isoWeek, isoYear) => {
    const date = new Date(at);
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    expect(await project('dates', { $dateToString: { format: '%U %V %G %u %w %j', date } })).toBe(
      `${pad(week, 2)} ${pad(isoWeek, 2)} ${isoYear} ${isoDow} ${dow} ${pad(doy, 3)}`,
    );
    expect(await project('dates', { $dateToParts: { date, iso8601: true } })).toEqual({
      isoWeekYear: isoYear, isoWeek, isoDayOfWeek: isoDow,
      hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds(), millisecond: date.getUTCMilliseconds(),
    });
  });

  test.each([
    ['%Y%%', '2016%'],
    ['100%% at %H:%M', '100% at 04:05'],
    ['%%Y is %Y', '%Y is 2016'],
  ])('$dateToString %s writes a literal %% for %%%%', async (format, expected) => {
    const date = new Date('2016-01-01T04:05:00Z');
    expect(await project('dates', { $dateToString: { format, date } })).toBe(expected);
  });

  test('a missing date gives null; an unknown timezone fails the request', async () => {
    expect(await project('dates', { $week: '$nowhere' })).toBeNull();
    await expect(project('dates', { $week: { date: new Date(), timezone: 'Mars/Olympus' } })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
  });
});

describe('$pull as MongoDB applies it', () => {
  const mixed = [1, { b: 1 }, [{ b: 1 }], { c: 1 }, 'b'];
  const cases: Array<[string, () => object, unknown[]]> = [
    // A document condition removes only documents matching it as a query (never scalars or arrays).
    ['document condition', () => ({ items: db.command.pull({ b: 1 }) }), [1, [{ b: 1 }], { c: 1 }, 'b']],
    ['$exists: false', () => ({ items: db.command.pull({ b: db.command.exists(false) }) }), [1, { b: 1 }, [{ b: 1 }], 'b']],
    ['operator condition tests every element', () => ({ items: db.command.pull(db.command.gte(1)) }), [{ b: 1 }, [{ b: 1 }], { c: 1 }, 'b']],
    ['a value removes equal elements', () => ({ items: db.command.pull('b') }), [1, { b: 1 }, [{ b: 1 }], { c: 1 }]],
    ['an array value removes equal arrays', () => ({ items: db.command.pull([{ b: 1 }]) }), [1, { b: 1 }, { c: 1 }, 'b']],
  ];
  test.each(cases)('%s', async (_name, update, expected) => {
    const id = `pull-${_name}`;
    await db.collection('m').doc(id).set({ items: mixed });
    const r = await db.collection('m').doc(id).update(update());
    expect(r.updated).toBe(1);
    const got = await db.collection('m').doc(id).get();
    expect((got.data[0] as { items: unknown[] }).items).toEqual(expected);
  });

  test('a $pull that removes nothing changes nothing', async () => {
    await db.collection('m').doc('pull-none').set({ items: [1, 2] });
    const r = await db.collection('m').doc('pull-none').update({ items: db.command.pull({ b: 1 }) });
    expect(r.updated).toBe(0);
  });
});

describe('projection $elemMatch (field())', () => {
  const cases: Array<[string, string, object, unknown]> = [
    // MongoDB returns the first element matching as in a query $elemMatch, or leaves the field out.
    ['skips scalars', 'docs', { b: 2 }, [{ b: 2 }]],
    ['first match only', 'docs', { b: db_exists() }, [{ b: 1, c: 2 }]],
    ['no document element matches a scalar array', 'scalars', { b: 1 }, undefined],
    ['a nested array is the document of its indexes', 'nested', { b: db_exists(false) }, [[{ b: 1 }]]],
  ];
  function db_exists(v = true) {
    return { $exists: v };
  }
  test.each(cases)('%s', async (_name, id, cond, expected) => {
    const res = await db.collection('m').where({ _id: id }).field({ items: db.command.project.elemMatch(cond) }).get();
    expect((res.data[0] as { items?: unknown }).items).toEqual(expected);
  });
});
