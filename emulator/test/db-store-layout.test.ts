import fs from 'node:fs';
import path from 'node:path';
import { encodeBody, idKeyOf, indexKeys } from '../src/database/codec';
import type { Doc } from '../src/database/ejson';
import type { IndexSpec } from '../src/database/schema';
import { SqliteStore, type IndexKeys } from '../src/database/store';
import { tempDir } from './helpers';

/**
 * The store keeps no index by rid: a replaced or deleted row's entries are deleted by the keys it
 * holds (`Write.oldKeys`). These check that no entry is left behind, even when the keys given are
 * not the ones stored, and what dropping AUTOINCREMENT means for rids.
 */
describe('SqliteStore without indexes by rid', () => {
  const indexes: IndexSpec[] = [
    { name: 'by_city', keys: [{ field: 'city', direction: 1 }], unique: false },
    { name: 'by_email', keys: [{ field: 'email', direction: 1 }], unique: true },
  ];
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = tempDir();
    store = new SqliteStore(path.join(dir, 'database.sqlite'));
    store.ensureCollection('people', indexes, (body) => indexKeys(JSON.parse(body) as Doc, indexes));
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const insert = (doc: Doc) => store.apply([{ kind: 'insert', coll: 'people', idkey: idKeyOf(doc), body: encodeBody(doc), keys: indexKeys(doc, indexes) }])[0];
  const entries = (index: string) => store.indexEntries('people', index).map((e) => `${e.key}@${e.rid}`).sort();

  it('replace and delete remove the old entries by their keys, and by rid when the keys given are not those stored', () => {
    const a = insert({ _id: 'a', city: 'Paris', email: 'a@x' });
    const b = insert({ _id: 'b', city: 'Paris', email: 'b@x' });
    const moved = { _id: 'a', city: 'Oslo', email: 'a2@x' };
    store.apply([{ kind: 'replace', coll: 'people', rid: a, body: encodeBody(moved), keys: indexKeys(moved, indexes), oldKeys: indexKeys({ _id: 'a', city: 'Paris', email: 'a@x' }, indexes) }]);
    expect(entries('by_city')).toEqual([`["s:Oslo"]@${a}`, `["s:Paris"]@${b}`].sort());
    expect(entries('by_email')).toEqual([`["s:a2@x"]@${a}`, `["s:b@x"]@${b}`].sort());
    // Wrong old keys (none, or another value): the row's entries of a changed index are still all replaced.
    const again = { _id: 'a', city: 'Lima', email: 'a3@x' };
    const wrong: IndexKeys = new Map([['by_city', ['["s:Nowhere"]']]]);
    store.apply([{ kind: 'replace', coll: 'people', rid: a, body: encodeBody(again), keys: indexKeys(again, indexes), oldKeys: wrong }]);
    expect(entries('by_city')).toEqual([`["s:Lima"]@${a}`, `["s:Paris"]@${b}`].sort());
    expect(entries('by_email')).toEqual([`["s:a3@x"]@${a}`, `["s:b@x"]@${b}`].sort());
    store.apply([{ kind: 'delete', coll: 'people', rid: b, oldKeys: new Map() }]);
    expect(entries('by_city')).toEqual([`["s:Lima"]@${a}`]);
    expect(entries('by_email')).toEqual([`["s:a3@x"]@${a}`]);
    // The freed unique key can be taken.
    expect(() => insert({ _id: 'c', email: 'b@x' })).not.toThrow();
    expect(() => insert({ _id: 'd', email: 'a3@x' })).toThrow(/E11000 duplicate key error collection: people index: by_email dup key: \{ email: "a3@x" \}/);
  });

  it('a rebuild of changed index definitions drops the entries of the old ones', () => {
    insert({ _id: 'a', city: 'Paris', email: 'a@x' });
    const next: IndexSpec[] = [{ name: 'by_email', keys: [{ field: 'email', direction: 1 }], unique: false }];
    store.ensureCollection('people', next, (body) => indexKeys(JSON.parse(body) as Doc, next));
    expect(entries('by_city')).toEqual([]);
    expect(store.lookupExact('people', 'by_email', '["s:a@x"]')).toHaveLength(1);
    expect(store.uniqueOwner('people', 'by_email', '["s:a@x"]')).toBeUndefined();
  });

  it('without AUTOINCREMENT a new row follows every existing one; only the newest row, once deleted, may give its rid again', () => {
    const a = insert({ _id: 'a', email: 'a' });
    const b = insert({ _id: 'b', email: 'b' });
    store.apply([{ kind: 'delete', coll: 'people', rid: b, oldKeys: indexKeys({ _id: 'b', email: 'b' }, indexes) }]);
    const c = insert({ _id: 'c', email: 'c' });
    expect(c).toBe(b);
    expect([...store.scan('people')].map((r) => r.idkey)).toEqual(['s:a', 's:c']);
    store.apply([{ kind: 'delete', coll: 'people', rid: a, oldKeys: indexKeys({ _id: 'a', email: 'a' }, indexes) }]);
    expect(insert({ _id: 'd', email: 'd' })).toBeGreaterThan(c);
    expect([...store.scan('people')].map((r) => r.idkey)).toEqual(['s:c', 's:d']);
  });
});
