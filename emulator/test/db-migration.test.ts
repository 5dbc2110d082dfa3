import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ObjectId } from 'bson';
import { encodeBody, idKeyOf, indexKeys } from '../src/database/codec';
import { sortComponent, sortKeyOf } from '../src/database/keys';
import { parseSchema } from '../src/database/schema';
import { SCHEMA_VERSION } from '../src/database/store';
import { sdkFor, startTestEmulator, tempDir } from './helpers';

/**
 * Data directories made before the slim layout (user_version 0: `docs` with AUTOINCREMENT and two
 * indexes, `idx` a rowid table with indexes by key, by rid and by skey, `uidx` keyed by key) open with
 * every document, index entry and uniqueness intact. The old files are built here with the old DDL,
 * as the store of commit 13e5a21 (and, without the sortable-key columns, the first stores) left them.
 */
const OLD_DDL = `
  CREATE TABLE collections (name TEXT PRIMARY KEY, indexes TEXT NOT NULL, created_at INTEGER NOT NULL);
  CREATE TABLE docs (rid INTEGER PRIMARY KEY AUTOINCREMENT, coll TEXT NOT NULL, idkey TEXT NOT NULL,
    ver INTEGER NOT NULL, body TEXT NOT NULL);
  CREATE UNIQUE INDEX docs_by_id ON docs(coll, idkey);
  CREATE TABLE idx (coll TEXT NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL, rid INTEGER NOT NULL);
  CREATE INDEX idx_lookup ON idx(coll, name, key);
  CREATE INDEX idx_by_rid ON idx(rid);
  CREATE TABLE uidx (coll TEXT NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL, rid INTEGER NOT NULL,
    PRIMARY KEY (coll, name, key)) WITHOUT ROWID;
  CREATE INDEX uidx_by_rid ON uidx(rid);
  CREATE TABLE collection_rules (name TEXT PRIMARY KEY, rule TEXT NOT NULL);
`;
/** What the old store's addSortKeys added on open (every store made since sortable keys came). */
const OLD_SORT_DDL = `
  ALTER TABLE docs ADD COLUMN sid TEXT;
  ALTER TABLE idx ADD COLUMN skey TEXT; ALTER TABLE idx ADD COLUMN flat INTEGER;
  ALTER TABLE uidx ADD COLUMN skey TEXT; ALTER TABLE uidx ADD COLUMN flat INTEGER;
  CREATE INDEX docs_sorted ON docs(coll, sid);
  CREATE INDEX idx_sorted ON idx(coll, name, skey);
  CREATE INDEX uidx_sorted ON uidx(coll, name, skey);
  CREATE INDEX idx_unorderable ON idx(coll, name, skey) WHERE flat = 0;
  CREATE INDEX uidx_unorderable ON uidx(coll, name, skey) WHERE flat = 0;
`;

const schemaJson = {
  collections: [
    {
      name: 'people',
      indexes: [
        { name: 'by_city', keys: [{ field: 'city' }] },
        { name: 'by_email', keys: [{ field: 'email' }], unique: true },
        { name: 'by_tags_age', keys: [{ field: 'tags' }, { field: 'age', direction: -1 }] },
      ],
    },
    { name: 'notes' },
  ],
};
const schema = parseSchema(schemaJson);
const oid = new ObjectId('64b7f0c2a1b2c3d4e5f60718');
const OID = oid.toHexString();
const at = new Date(1_700_000_000_000);

function people(): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [
    { _id: 'alice', city: 'Paris', email: 'a@x', tags: ['x', 'y'], age: 30 },
    { _id: 7, city: 'Oslo', email: 'b@x', tags: [], age: 41 },
    { _id: oid, city: 'Paris', email: 'c@x', tags: 'x', age: 25, at },
    { _id: 'dave', city: null, email: 'd@x', age: 50 },
    { _id: 'eve', city: 'Rome', email: 'e@x', tags: [['nested']], age: 19, note: '党员 \u0000 "quoted"' },
  ];
  for (let i = 0; i < 20; i += 1) out.push({ _id: `p${String(i).padStart(2, '0')}`, city: ['Paris', 'Oslo', 'Lima'][i % 3], email: `${i}@f`, tags: [`t${i % 4}`], age: 20 + i });
  return out;
}

/** An old-layout file holding `people` (and one since-deleted newest row), written as the old store wrote. */
function buildOldFile(file: string, withSortKeys: boolean): { entries: Map<string, number> } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(OLD_DDL);
  if (withSortKeys) db.exec(OLD_SORT_DDL);
  const entries = new Map<string, number>();
  const write = db.transaction(() => {
    for (const c of schema.collections) db.prepare('INSERT INTO collections (name, indexes, created_at) VALUES (?, ?, ?)').run(c.name, JSON.stringify(c.indexes), 1);
    const docs = [...people(), { _id: 'gone', city: 'Paris', email: 'gone@x', tags: ['x'], age: 99 }];
    let ver = 0;
    for (const doc of docs) {
      ver += 1;
      const idkey = idKeyOf(doc);
      const rid = Number(
        withSortKeys
          ? db.prepare('INSERT INTO docs (coll, idkey, ver, body, sid) VALUES (?, ?, ?, ?, ?)').run('people', idkey, ver, encodeBody(doc), sortComponent(idkey).text).lastInsertRowid
          : db.prepare('INSERT INTO docs (coll, idkey, ver, body) VALUES (?, ?, ?, ?)').run('people', idkey, ver, encodeBody(doc)).lastInsertRowid,
      );
      for (const index of schema.collections[0].indexes) {
        const list = indexKeys(doc, [index]).get(index.name)!;
        for (const key of list) {
          const { skey, flat } = sortKeyOf(key);
          const table = index.unique ? 'uidx' : 'idx';
          if (withSortKeys) db.prepare(`INSERT INTO ${table} (coll, name, key, rid, skey, flat) VALUES (?, ?, ?, ?, ?, ?)`).run('people', index.name, key, rid, skey, flat && list.length === 1 ? 1 : 0);
          else db.prepare(`INSERT INTO ${table} (coll, name, key, rid) VALUES (?, ?, ?, ?)`).run('people', index.name, key, rid);
          if (doc._id !== 'gone') entries.set(`${table} ${index.name} ${key} ${idkey}`, flat && list.length === 1 ? 1 : 0);
        }
      }
    }
    db.prepare('INSERT INTO docs (coll, idkey, ver, body) VALUES (?, ?, ?, ?)').run('notes', 's:n1', ver + 1, encodeBody({ _id: 'n1', text: 'hello' }));
    // The newest person is deleted as the old store deleted: its row and its entries by rid.
    const gone = db.prepare<[], { rid: number }>("SELECT rid FROM docs WHERE idkey = 's:gone'").get()!.rid;
    for (const t of ['docs', 'idx', 'uidx']) db.prepare(`DELETE FROM ${t} WHERE rid = ?`).run(gone);
  });
  write();
  db.close();
  return { entries };
}

describe.each([
  ['with the sortable-key columns (13e5a21)', true],
  ['of the first stores, without sortable keys', false],
])('a data directory of the old layout, %s', (_label, withSortKeys) => {
  it('opens with every document, index entry and uniqueness intact, through the SDK', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'database.sqlite');
    const { entries } = buildOldFile(file, withSortKeys);
    const emu = await startTestEmulator({ dataDir, schema: schemaJson });
    try {
      const db = sdkFor(emu).database();
      const _ = db.command;
      const people = db.collection('people');
      // Every document, in natural (insertion) order, and the other collection.
      const all = (await people.limit(1000).get()).data as Array<Record<string, unknown>>;
      expect(all.map((d) => d._id)).toEqual(people_ids());
      expect(all[2]).toEqual({ _id: OID, city: 'Paris', email: 'c@x', tags: 'x', age: 25, at });
      expect((await people.doc('eve').get()).data).toEqual([{ _id: 'eve', city: 'Rome', email: 'e@x', tags: [['nested']], age: 19, note: '党员 \u0000 "quoted"' }]);
      expect((await people.where({ _id: 7 }).get()).data).toMatchObject([{ city: 'Oslo' }]);
      expect((await db.collection('notes').doc('n1').get()).data).toEqual([{ _id: 'n1', text: 'hello' }]);
      expect((await people.count()).total).toBe(25);

      // Index reads: exact, multikey prefix with a range, ordered seeks (unique and `_id`).
      expect(((await people.where({ city: 'Paris' }).get()).data as Array<{ _id: unknown }>).map((d) => d._id)).toEqual(['alice', OID, 'p00', 'p03', 'p06', 'p09', 'p12', 'p15', 'p18']);
      expect(((await people.where({ city: null }).get()).data as Array<{ _id: unknown }>).map((d) => d._id)).toEqual(['dave']);
      expect(((await people.where({ tags: 'x', age: _.gt(26) }).get()).data as Array<{ _id: unknown }>).map((d) => d._id)).toEqual(['alice']);
      expect(((await people.where({ tags: 't1' }).orderBy('age', 'desc').get()).data as Array<{ _id: unknown }>).map((d) => d._id)).toEqual(['p17', 'p13', 'p09', 'p05', 'p01']);
      expect(((await people.orderBy('email', 'desc').limit(3).get()).data as Array<{ email: string }>).map((d) => d.email)).toEqual(['e@x', 'd@x', 'c@x']);
      expect(((await people.where({ _id: _.gte('p18') }).orderBy('_id', 'asc').get()).data as Array<{ _id: string }>).map((d) => d._id)).toEqual(['p18', 'p19']);

      // Uniqueness: of `_id` and of the unique index, as before; a key freed by an update can be taken.
      await expect(people.add({ _id: 'alice' })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('E11000 duplicate key error collection: people index: _id_ dup key: { _id: "alice" }') });
      await expect(people.add({ email: 'a@x' })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('index: by_email dup key: { email: "a@x" }') });
      await people.doc('alice').update({ email: 'z@x', city: 'Lima' });
      await people.add({ _id: 'fred', email: 'a@x', city: 'Paris' });
      await people.doc('dave').remove();
      await people.add({ _id: 'dave2', email: 'd@x' });
      expect(((await people.where({ city: 'Paris' }).get()).data as Array<{ _id: unknown }>).map((d) => d._id)).toEqual([OID, 'p00', 'p03', 'p06', 'p09', 'p12', 'p15', 'p18', 'fred']);
      expect(((await people.where({ city: null }).get()).data as Array<{ _id: unknown }>).map((d) => d._id)).toEqual(['dave2']);
      // New rows come after every old one (natural order), past the deleted newest row too.
      const now = (await people.limit(1000).get()).data as Array<{ _id: unknown }>;
      expect(now.slice(-2).map((d) => d._id)).toEqual(['fred', 'dave2']);
    } finally {
      await emu.stop();
    }

    // The file is of the new layout, the old tables are gone, and each old entry was carried over (not rebuilt).
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
      expect(tables).toEqual(['collection_rules', 'collections', 'docs', 'docs_by_sid', 'idx', 'idx_unorderable', 'uidx', 'uidx_unorderable']);
      const rows = db.prepare("SELECT 'idx' AS t, i.name, i.key, d.idkey, i.flat, i.skey FROM idx i JOIN docs d USING (rid) UNION ALL SELECT 'uidx', u.name, u.key, d.idkey, u.flat, u.skey FROM uidx u JOIN docs d USING (rid)").all() as Array<{ t: string; name: string; key: string; idkey: string; flat: number; skey: string }>;
      for (const r of rows) expect(r.skey).toBe(sortKeyOf(r.key).skey);
      const now = new Map(rows.map((r) => [`${r.t} ${r.name} ${r.key} ${r.idkey}`, r.flat]));
      // What the requests above changed, applied to the old entries.
      const expected = new Map(entries);
      for (const k of [...expected.keys()]) if (/ s:(alice|dave)$/.test(k) && !k.includes('by_tags_age')) expected.delete(k);
      for (const k of [...expected.keys()]) if (/ s:dave$/.test(k)) expected.delete(k);
      const added: Array<[string, number]> = [
        ['idx by_city ["s:Lima"] s:alice', 1], ['uidx by_email ["s:z@x"] s:alice', 1],
        ['idx by_city ["s:Paris"] s:fred', 1], ['uidx by_email ["s:a@x"] s:fred', 1], ['idx by_tags_age ["z","z"] s:fred', 1],
        ['idx by_city ["z"] s:dave2', 1], ['uidx by_email ["s:d@x"] s:dave2', 1], ['idx by_tags_age ["z","z"] s:dave2', 1],
      ];
      for (const [k, flat] of added) expected.set(k, flat);
      expect(Object.fromEntries([...now].sort())).toEqual(Object.fromEntries([...expected].sort()));
    } finally {
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  /** The ids as the SDK hands them back (an ObjectId as its hex text). */
  function people_ids(): unknown[] {
    return people().map((d) => (d._id instanceof ObjectId ? OID : d._id));
  }
});

it('a file of a layout newer than this code is refused', () => {
  const dataDir = tempDir();
  const file = path.join(dataDir, 'database.sqlite');
  const db = new Database(file);
  db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SqliteStore } = require('../src/database/store') as typeof import('../src/database/store');
  expect(() => new SqliteStore(file)).toThrow(/layout 3/);
  fs.rmSync(dataDir, { recursive: true, force: true });
});
