import { EJSON, ObjectId } from 'bson';
import { decode, decodeStored, encode, encodeStored, fromBson } from '../src/database/ejson';
import { NOT_PLAIN, plainCanonical, plainStored } from '../src/database/fast-ejson';

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
