import { ObjectId } from 'bson';
import { componentOfSortText, compoundKey, keyOf, sortComponent, sortKeyOf } from '../src/database/keys';

/**
 * The store looks index keys up by their sortable text (`skey`) alone: `uidx` is unique on it, an
 * exact lookup is one skey, a prefix lookup one skey range, and `docs` is unique on `sid` (an id's
 * sortable text). That is right only if the text is injective on keys (equal texts, equal keys) and
 * each component's text is prefix-free (no component's text begins another's), so that a key's
 * components are read back from the concatenation and a prefix of components is a prefix of text.
 */
describe('sortable keys (keys.ts sortKeyOf) are injective and prefix-free per component', () => {
  const oid = new ObjectId('64b7f0c2a1b2c3d4e5f60718');
  const values: unknown[] = [
    null, undefined, true, false,
    0, -0, 1, -1, 1.5, -1.5, 0.1, NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE,
    2 ** 53, 2 ** 53 + 2, 1e21, 1e-7, 123456789,
    '', 'a', 'ab', 'a\u0000', '\u0000', '.', '~', 'ffff', '0000', '\uffff', '\ud800', '\udfff', '\ud83d\ude00', '3', 'x', '"', '\\', ',', '[', 'n:1', 's:a', 'z',
    oid, new ObjectId('64b7f0c2a1b2c3d4e5f60719'),
    new Date(0), new Date(-1), new Date(1_700_000_000_000), new Date(NaN), new Date(8.64e15),
    [], [1], [[1]], ['a'], ['a', 'b'], [null], {}, { a: 1 }, { a: '1' }, { a: { b: null } }, { 'a"': 1 },
    /a/, /a/i, /a\//, /./,
  ];
  const components = [...new Set(values.map(keyOf))];

  /** In sorted order a text that begins another begins the one right after it: adjacent pairs suffice. */
  function expectInjectiveAndPrefixFree(keys: string[], text: (k: string) => string): void {
    const pairs = [...new Set(keys)].map((k) => ({ k, t: text(k) })).sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
    for (let i = 1; i < pairs.length; i += 1) {
      const [a, b] = [pairs[i - 1], pairs[i]];
      expect({ a: a.k, b: b.k, equal: a.t === b.t, prefix: b.t.startsWith(a.t) }).toEqual({ a: a.k, b: b.k, equal: false, prefix: false });
    }
  }

  it('gives equal values one key and one text: -0 and 0, every NaN, null and a missing field', () => {
    expect(sortComponent(keyOf(-0)).text).toBe(sortComponent(keyOf(0)).text);
    expect(sortComponent(keyOf(NaN)).text).toBe(sortComponent(keyOf(0 / 0)).text);
    expect(sortComponent(keyOf(undefined)).text).toBe(sortComponent(keyOf(null)).text);
    expect(sortComponent(keyOf(new Date(5))).text).toBe(sortComponent(keyOf(new Date(5))).text);
    // Same value, different types, different texts.
    expect(sortComponent(keyOf(1)).text).not.toBe(sortComponent(keyOf('1')).text);
    expect(sortComponent(keyOf(0)).text).not.toBe(sortComponent(keyOf(new Date(0))).text);
    expect(sortComponent(keyOf(NaN)).text).not.toBe(sortComponent(keyOf(new Date(NaN))).text);
  });

  it('components: distinct keys never share a text, and no text begins another', () => {
    expectInjectiveAndPrefixFree(components, (k) => sortComponent(k).text);
  });

  it('random strings of any UTF-16 code unit (lone surrogates included) and random doubles', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const keys: string[] = [];
    for (let i = 0; i < 3000; i += 1) {
      const length = Math.floor(rand() * 6);
      let s = '';
      // Few distinct units, so that many strings share prefixes.
      const units = [0, 1, 0x2e, 0x30, 0x7e, 0xd800, 0xdc00, 0xffff];
      for (let j = 0; j < length; j += 1) s += String.fromCharCode(rand() < 0.5 ? units[Math.floor(rand() * units.length)] : Math.floor(rand() * 0x10000));
      keys.push(keyOf(s));
      const view = new DataView(new ArrayBuffer(8));
      view.setUint32(0, Math.floor(rand() * 2 ** 32));
      view.setUint32(4, Math.floor(rand() * 2 ** 32));
      keys.push(keyOf(view.getFloat64(0)));
      keys.push(keyOf(new Date(Math.floor((rand() - 0.5) * 1e15))));
    }
    expectInjectiveAndPrefixFree([...keys, ...components], (k) => sortComponent(k).text);
  });

  it('compound keys: equal skeys are equal keys, and a prefix of components is exactly a prefix of skey', () => {
    const few = components.filter((_, i) => i % 3 === 0);
    const keys: string[][] = [];
    for (const a of few) {
      keys.push([a]);
      for (const b of few) keys.push([a, b]);
    }
    const skeys = new Map<string, string>();
    for (const parts of keys) {
      const skey = sortKeyOf(compoundKey(parts)).skey;
      expect(skeys.get(skey) ?? compoundKey(parts)).toBe(compoundKey(parts));
      skeys.set(skey, compoundKey(parts));
    }
    // The store's prefix lookup: the skey range [text of the prefix, text + '~').
    const prefixText = (parts: string[]) => parts.map((c) => sortComponent(c).text).join('');
    for (const prefix of few.map((c) => [c])) {
      const lo = prefixText(prefix);
      for (const parts of keys) {
        const skey = sortKeyOf(compoundKey(parts)).skey;
        const inRange = skey >= lo && skey < `${lo}~`;
        expect({ parts, prefix, inRange }).toEqual({ parts, prefix, inRange: parts[0] === prefix[0] });
      }
    }
  });

  it('a component is read back from its text (ids come from the (coll, sid) index alone)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const keys = [...components];
    for (let i = 0; i < 2000; i += 1) {
      const view = new DataView(new ArrayBuffer(8));
      view.setUint32(0, Math.floor(rand() * 2 ** 32));
      view.setUint32(4, Math.floor(rand() * 2 ** 32));
      keys.push(keyOf(view.getFloat64(0)), keyOf(new Date(Math.floor((rand() - 0.5) * 1e15))), keyOf(String.fromCharCode(...Array.from({ length: 5 }, () => Math.floor(rand() * 0x10000)))));
    }
    for (const k of keys) expect(componentOfSortText(sortComponent(k).text)).toBe(k);
  });

  it('`~` sorts after every character an skey holds', () => {
    const all = components.map((c) => sortComponent(c).text).join('');
    for (const ch of new Set(all)) expect(ch < '~').toBe(true);
  });
});
