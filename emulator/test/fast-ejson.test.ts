import { EJSON, Long, ObjectId } from 'bson';
import { decode, decodeStored, encode, encodeStored, fromBson } from '../src/database/ejson';
import { encodeCanonical, encodeRelaxed, NOT_PLAIN, plainCanonical, plainStored } from '../src/database/fast-ejson';

/**
 * The one-walk EJSON decoding (fast-ejson.ts) must give exactly what the full path gives (bson's
 * EJSON, then fromBson), or hand over to it: every case below through both.
 */
/** Deep equality that tells -0 from 0 and takes two invalid Dates as equal (their times are both NaN). */
function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  if (a instanceof ObjectId || b instanceof ObjectId) return a instanceof ObjectId && b instanceof ObjectId && a.equals(b);
  if (a instanceof RegExp || b instanceof RegExp) return String(a) === String(b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && isDeepStrictEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const full = (text: string) => fromBson(EJSON.deserialize(JSON.parse(text), { relaxed: false }));
const fullStored = (text: string) => fromBson(EJSON.parse(text, { relaxed: true }));

const canonical: Array<[string, string, boolean]> = [
  // [name, text, taken by the fast walk]
  ['a get by id', '{"_id":"id1"}', true],
  ['numbers as the SDK sends them', '{"$inc":{"n":{"$numberInt":"1"}},"$set":{"s":"x","f":{"$numberDouble":"1.5"}}}', true],
  ['a date as the SDK sends it', '{"n":{"$numberInt":"1"},"at":{"$date":{"$numberLong":"1796202902422"}},"s":"x"}', true],
  ['an ISO date', '{"at":{"$date":"2026-01-02T03:04:05.678Z"}}', true],
  ['a bad ISO date', '{"at":{"$date":"not a date"}}', true],
  ['plain integers, -0, int32 edges', '{"a":1,"b":-0,"c":2147483647,"d":-2147483648,"e":2147483648,"f":1.5,"g":-1e300}', true],
  ['int64 and beyond', '{"a":9007199254740993,"b":9223372036854775807,"c":9223372036854775808,"d":1e19,"e":-9223372036854775808}', true],
  ['$numberInt edge 2^31', '{"a":{"$numberInt":"2147483648"},"b":{"$numberInt":"-2147483648"},"c":{"$numberInt":"-0"}}', true],
  ['$numberLong', '{"a":{"$numberLong":"9223372036854775807"},"b":{"$numberLong":"-5"}}', true],
  ['$numberDouble specials', '{"a":{"$numberDouble":"Infinity"},"b":{"$numberDouble":"-Infinity"},"c":{"$numberDouble":"-0.0"},"d":{"$numberDouble":"1e-7"}}', true],
  ['arrays and nesting', '{"a":[1,{"b":[{"$numberInt":"2"},"x",null,true]}],"$or":[{"k":{"$in":["a","b"]}},{"n":{"$gt":{"$numberInt":"3"}}}]}', true],
  ['operators are not typed values', '{"k":{"$exists":true},"m":{"$elemMatch":{"a":{"$numberInt":"1"}}}}', true],
  ['a server date', '{"at":{"$tcb_server_date":{"offset":{"$numberInt":"1000"}}}}', true],
  ['an ObjectId', '{"_id":{"$oid":"5f0c3b9e8f1b2c3d4e5f6071"}}', false],
  ['a regex', '{"s":{"$regularExpression":{"pattern":"^a","options":"i"}}}', false],
  ['a decimal', '{"n":{"$numberDecimal":"1.5"}}', false],
  ['a typed key beside others', '{"n":{"$numberInt":"1","x":2}}', false],
  ['$date of a number', '{"at":{"$date":{"$numberInt":"5"}}}', false],
  ['$undefined', '{"a":{"$undefined":true}}', false],
  ['a DBRef', '{"a":{"$ref":"c","$id":"x"}}', false],
  ['a __proto__ key', '{"__proto__":{"polluted":1},"a":1}', false],
  ['a NUL byte in a key', '{"a\\u0000b":1}', false],
  ['a scalar', '"text"', true],
];

describe('canonical EJSON (requests): the walk gives what bson gives', () => {
  test.each(canonical)('%s', (_name, text, fast) => {
    const plain = plainCanonical(JSON.parse(text));
    expect(plain !== NOT_PLAIN).toBe(fast);
    // Otherwise decode() takes the full path, as before.
    if (!fast) return;
    // Deep strict: -0 is not 0, an invalid Date equals an invalid Date.
    expect(isDeepStrictEqual(plain, full(text))).toBe(true);
    expect(isDeepStrictEqual(decode(text, 'query'), full(text))).toBe(true);
  });

  test('bad wrappers still fail as before', () => {
    for (const text of ['{"n":{"$numberInt":"abc"}}', '{"n":{"$numberInt":"99999999999"}}', '{"n":{"$numberLong":"1.5"}}', '{"n":{"$numberDouble":"x"}}']) {
      expect(plainCanonical(JSON.parse(text))).toBe(NOT_PLAIN);
      expect(() => decode(text, 'data')).toThrow(/needs a numeric string|out of range/);
    }
  });
});

describe('stored bodies (relaxed EJSON): the walk gives what bson gives', () => {
  const docs: Array<[string, Record<string, unknown>]> = [
    ['plain', { _id: 'a', n: 1, f: 1.5, s: '党员', b: true, z: null, arr: [1, 'x', { y: 2 }] }],
    ['dates', { _id: 'a', at: new Date('2026-01-02T03:04:05.678Z'), old: new Date(-1e12), list: [new Date(0)] }],
    ['far dates', { _id: 'a', at: new Date('+010000-01-01T00:00:00Z') }],
    ['-0 and big numbers', { _id: 'a', z: -0, big: 2 ** 60, inf: Infinity, nan: NaN }],
    ['an ObjectId', { _id: new ObjectId('5f0c3b9e8f1b2c3d4e5f6071'), ref: new ObjectId('5f0c3b9e8f1b2c3d4e5f6072') }],
    ['a regex', { _id: 'a', r: /^a/i }],
  ];
  test.each(docs)('%s', (_name, doc) => {
    const text = encodeStored(doc);
    const plain = plainStored(text);
    if (plain !== NOT_PLAIN) expect(isDeepStrictEqual(plain, fullStored(text))).toBe(true);
    expect(isDeepStrictEqual(decodeStored(text), fullStored(text))).toBe(true);
    // And the answer goes out as before.
    expect(encode(decodeStored(text))).toBe(encode(fullStored(text) as Record<string, unknown>));
  });
});

/**
 * Encoding: the one-walk writer (fast-ejson.ts encodeCanonical / encodeRelaxed) must give exactly the
 * text bson's EJSON.stringify gives, or hand over to it. A seeded generator makes documents of every
 * plain kind with the edge values; the non-plain kinds must be handed over.
 */
describe('encoding: the walk writes what bson writes', () => {
  let seed = 20261202;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)];
  const numbers = [0, -0, 1, -1, 1.5, -2.25, 2147483647, 2147483648, -2147483648, -2147483649, 2 ** 53, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 2 ** 64, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, Infinity, -Infinity, NaN, 0.1 + 0.2];
  const strings = ['', 'a', '党员之星', 'quote " backslash \\ slash /', 'tab\tnew\nline\u0000nul\u001f', '\ud83d\ude00', 'lone \ud800 surrogate', '\u2028\u2029', '$notAKey'];
  const dates = [0, -1, 1, 1788000000000, 1788000000123, 253402300799999, 253402300800000, 253402318799999, 253402318800000, -62198755200000, 8.64e15].map((t) => new Date(t));
  const scalar = (): unknown => pick<() => unknown>([() => pick(numbers), () => Math.round((rand() - 0.5) * 1e6) / (rand() < 0.5 ? 1 : 7), () => pick(strings), () => pick(dates), () => rand() < 0.5, () => null, () => undefined])();
  const value = (depth: number): unknown => {
    if (depth > 3 || rand() < 0.5) return scalar();
    if (rand() < 0.4) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
    const obj: Record<string, unknown> = {};
    for (let i = Math.floor(rand() * 5); i > 0; i -= 1) obj[pick(['a', 'b', 'n', '10', '2', '党', 'with space', 'x.y'])] = value(depth + 1);
    return obj;
  };

  test('2,000 generated documents, canonical and relaxed', () => {
    for (let i = 0; i < 2000; i += 1) {
      const doc = { _id: `d${i}`, ...(value(0) as object), v: value(0) };
      expect(encodeCanonical(doc)).toBe(EJSON.stringify(doc as never, { relaxed: false }));
      expect(encodeRelaxed(doc)).toBe(EJSON.stringify(doc as never, { relaxed: true }));
      // And the public encoders agree with bson whichever path they take.
      expect(encodeStored(doc)).toBe(EJSON.stringify(doc as never, { relaxed: true }));
    }
  });

  test.each([
    ['an ObjectId', { a: new ObjectId('5f0c3b9e8f1b2c3d4e5f6071') }],
    ['a regex', { a: /^x/i }],
    ['an invalid date', { a: new Date(NaN) }],
    ['a bson wrapper', { a: new Long(5) }],
    ['a Buffer', { a: Buffer.from('x') }],
    ['a class instance', { a: new (class Point { x = 1; })() }],
    ['a function', { a: () => 1 }],
    ['a bigint', { a: BigInt(1) }],
    ['a toJSON key', { toJSON: 1 }],
    ['a _bsontype key', { _bsontype: 'x' }],
  ])('%s is handed over to bson', (_name, doc) => {
    expect(encodeCanonical(doc)).toBe(NOT_PLAIN);
    expect(encodeRelaxed(doc)).toBe(NOT_PLAIN);
  });

  test('an ObjectId still goes out as its hex through encode()', () => {
    expect(encode({ _id: new ObjectId('5f0c3b9e8f1b2c3d4e5f6071'), n: 1 })).toBe('{"_id":"5f0c3b9e8f1b2c3d4e5f6071","n":{"$numberInt":"1"}}');
  });
});
