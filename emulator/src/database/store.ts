import Database from 'better-sqlite3';
import { duplicateKeyError, collectionNotExist } from '../errors';
import { sortComponent, sortKeyOf } from './keys';
import type { IndexSpec } from './schema';

/** A stored document row: `rid` gives natural (insertion) order, `ver` the sequence of its last write. */
export interface Row {
  rid: number;
  idkey: string;
  ver: number;
  body: string;
}

/** One change in an atomic batch. Bodies are already encoded; keys are already computed. */
export type Write =
  | { kind: 'insert'; coll: string; idkey: string; body: string; keys: IndexKeys }
  /** `oldKeys`, the keys the row holds now when known: an index whose keys stay the same is not rewritten. */
  | { kind: 'replace'; coll: string; rid: number; body: string; keys: IndexKeys; oldKeys?: IndexKeys }
  | { kind: 'delete'; coll: string; rid: number };

/** Index name -> the document's keys for it. */
export type IndexKeys = Map<string, string[]>;

interface CollectionInfo {
  name: string;
  indexes: IndexSpec[];
}

/** Commits after which apply() checkpoints the WAL itself, when the owner's timer has not (a bulk load). */
export const CHECKPOINT_EVERY = 2000;

/**
 * SQLite holds every collection in one `docs` table and every declared index in `idx` (or `uidx`,
 * whose primary key enforces uniqueness). WAL mode: a commit is durable once better-sqlite3 returns,
 * so a process killed at any moment reopens with every acknowledged write.
 */
export class SqliteStore {
  private db: Database.Database;
  private collections = new Map<string, CollectionInfo>();
  private seq: number;
  private stmts;
  private commitsSinceCheckpoint = 0;

  constructor(file: string) {
    this.db = new Database(file);
    // One process owns the files (data-lock.ts): an exclusive lock taken once, before WAL is entered,
    // keeps the WAL index in memory (no -shm file) and saves every transaction its lock calls.
    this.db.pragma('locking_mode = EXCLUSIVE');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Checkpoints (which fsync) are not left to whichever commit fills 1,000 WAL pages: the owner calls
    // checkpoint() between requests, and apply() does once the WAL has taken CHECKPOINT_EVERY commits.
    this.db.pragma('wal_autocheckpoint = 0');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY, indexes TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS docs (rid INTEGER PRIMARY KEY AUTOINCREMENT, coll TEXT NOT NULL, idkey TEXT NOT NULL,
        ver INTEGER NOT NULL, body TEXT NOT NULL);
      CREATE UNIQUE INDEX IF NOT EXISTS docs_by_id ON docs(coll, idkey);
      CREATE TABLE IF NOT EXISTS idx (coll TEXT NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL, rid INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS idx_lookup ON idx(coll, name, key);
      CREATE INDEX IF NOT EXISTS idx_by_rid ON idx(rid);
      CREATE TABLE IF NOT EXISTS uidx (coll TEXT NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL, rid INTEGER NOT NULL,
        PRIMARY KEY (coll, name, key)) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS uidx_by_rid ON uidx(rid);
      CREATE TABLE IF NOT EXISTS collection_rules (name TEXT PRIMARY KEY, rule TEXT NOT NULL);
    `);
    this.addSortKeys();
    this.stmts = {
      byId: this.db.prepare<[string, string], Row>('SELECT rid, idkey, ver, body FROM docs WHERE coll = ? AND idkey = ?'),
      byRid: this.db.prepare<[number], Row>('SELECT rid, idkey, ver, body FROM docs WHERE rid = ?'),
      scan: this.db.prepare<[string], Row>('SELECT rid, idkey, ver, body FROM docs WHERE coll = ? ORDER BY rid'),
      count: this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM docs WHERE coll = ?'),
      insert: this.db.prepare('INSERT INTO docs (coll, idkey, ver, body, sid) VALUES (?, ?, ?, ?, ?)'),
      replace: this.db.prepare('UPDATE docs SET ver = ?, body = ? WHERE rid = ?'),
      delete: this.db.prepare('DELETE FROM docs WHERE rid = ?'),
      idxInsert: this.db.prepare('INSERT INTO idx (coll, name, key, rid, skey, flat) VALUES (?, ?, ?, ?, ?, ?)'),
      uidxInsert: this.db.prepare('INSERT INTO uidx (coll, name, key, rid, skey, flat) VALUES (?, ?, ?, ?, ?, ?)'),
      idxDelete: this.db.prepare('DELETE FROM idx WHERE rid = ?'),
      uidxDelete: this.db.prepare('DELETE FROM uidx WHERE rid = ?'),
      idxDeleteOf: this.db.prepare('DELETE FROM idx WHERE rid = ? AND name = ?'),
      uidxDeleteOf: this.db.prepare('DELETE FROM uidx WHERE rid = ? AND name = ?'),
      idxExact: this.db.prepare<[string, string, string, string, string, string], { rid: number }>(
        'SELECT rid FROM idx WHERE coll = ? AND name = ? AND key = ? UNION SELECT rid FROM uidx WHERE coll = ? AND name = ? AND key = ?',
      ),
      idxPrefix: this.db.prepare<[string, string, string, string, string, string, string, string], { rid: number }>(
        'SELECT rid FROM idx WHERE coll = ? AND name = ? AND key >= ? AND key < ? UNION SELECT rid FROM uidx WHERE coll = ? AND name = ? AND key >= ? AND key < ?',
      ),
      idxAll: this.db.prepare<[string, string, string, string], { rid: number; key: string }>(
        'SELECT rid, key FROM idx WHERE coll = ? AND name = ? UNION ALL SELECT rid, key FROM uidx WHERE coll = ? AND name = ?',
      ),
      idxRange: this.db.prepare<[string, string, string, string, string, string, string, string], { rid: number; key: string }>(
        'SELECT rid, key FROM idx WHERE coll = ? AND name = ? AND key >= ? AND key < ? UNION ALL SELECT rid, key FROM uidx WHERE coll = ? AND name = ? AND key >= ? AND key < ?',
      ),
      idEntries: this.db.prepare<[string], { rid: number; key: string }>('SELECT rid, idkey AS key FROM docs WHERE coll = ?'),
      uniqueOwner: this.db.prepare<[string, string, string], { rid: number }>(
        'SELECT rid FROM uidx WHERE coll = ? AND name = ? AND key = ?',
      ),
      idUnorderable: this.db.prepare<[string, string, string], { one: number }>('SELECT 1 AS one FROM docs WHERE coll = ? AND sid >= ? AND sid < ? LIMIT 1'),
      idxUnorderable: this.db.prepare<[string, string, string, string], { one: number }>('SELECT 1 AS one FROM idx WHERE coll = ? AND name = ? AND skey >= ? AND skey < ? AND flat = 0 LIMIT 1'),
      uidxUnorderable: this.db.prepare<[string, string, string, string], { one: number }>('SELECT 1 AS one FROM uidx WHERE coll = ? AND name = ? AND skey >= ? AND skey < ? AND flat = 0 LIMIT 1'),
      collections: this.db.prepare<[], { name: string; indexes: string }>('SELECT name, indexes FROM collections'),
      addCollection: this.db.prepare('INSERT INTO collections (name, indexes, created_at) VALUES (?, ?, ?)'),
      setIndexes: this.db.prepare('UPDATE collections SET indexes = ? WHERE name = ?'),
      maxVer: this.db.prepare<[], { v: number | null }>('SELECT max(ver) AS v FROM docs'),
    };
    for (const row of this.stmts.collections.all()) {
      this.collections.set(row.name, { name: row.name, indexes: JSON.parse(row.indexes) });
    }
    this.seq = this.stmts.maxVer.get()?.v ?? 0;
  }

  /** The sequence number of the last committed write. */
  get currentSeq(): number {
    return this.seq;
  }

  hasCollection(name: string): boolean {
    return this.collections.has(name);
  }

  collectionNames(): string[] {
    return [...this.collections.keys()];
  }

  indexesOf(name: string): IndexSpec[] {
    const info = this.collections.get(name);
    if (!info) throw collectionNotExist(name);
    return info.indexes;
  }

  /** Creates a collection, or brings an existing one's indexes in line with the declaration. */
  ensureCollection(name: string, indexes: IndexSpec[], rebuildKeys: (body: string) => IndexKeys): void {
    const existing = this.collections.get(name);
    if (existing && JSON.stringify(existing.indexes) === JSON.stringify(indexes)) return;
    this.db.transaction(() => {
      if (!existing) this.stmts.addCollection.run(name, JSON.stringify(indexes), Date.now());
      else this.stmts.setIndexes.run(JSON.stringify(indexes), name);
      this.collections.set(name, { name, indexes });
      // Index definitions changed: rebuild every key of the collection (also checks uniqueness).
      for (const row of this.stmts.scan.all(name)) {
        this.stmts.idxDelete.run(row.rid);
        this.stmts.uidxDelete.run(row.rid);
        this.insertKeys(name, row.rid, rebuildKeys(row.body));
      }
    })();
  }

  /** A collection's client security rule (`{read, write}`), as last set; undefined when never set. */
  ruleOf(name: string): unknown {
    const row = this.db.prepare<[string], { rule: string }>('SELECT rule FROM collection_rules WHERE name = ?').get(name);
    return row ? JSON.parse(row.rule) : undefined;
  }

  /** Sets a collection's client security rule (CloudBase's ModifySafeRule). */
  setRule(name: string, rule: unknown): void {
    if (!this.collections.has(name)) throw collectionNotExist(name);
    this.db.prepare('INSERT INTO collection_rules (name, rule) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET rule = excluded.rule').run(name, JSON.stringify(rule));
  }

  /**
   * Drops a collection with its documents and index keys (CloudBase's console "删除集合"). Tests use it
   * to make every write to that collection fail for real (DATABASE_COLLECTION_NOT_EXIST).
   */
  dropCollection(name: string): void {
    if (!this.collections.has(name)) throw collectionNotExist(name);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM idx WHERE coll = ?').run(name);
      this.db.prepare('DELETE FROM uidx WHERE coll = ?').run(name);
      this.db.prepare('DELETE FROM docs WHERE coll = ?').run(name);
      this.db.prepare('DELETE FROM collections WHERE name = ?').run(name);
      this.db.prepare('DELETE FROM collection_rules WHERE name = ?').run(name);
    })();
    this.collections.delete(name);
  }

  getById(coll: string, idkey: string): Row | undefined {
    return this.stmts.byId.get(coll, idkey);
  }

  getByRid(rid: number): Row | undefined {
    return this.stmts.byRid.get(rid);
  }

  /** Every row of a collection in natural order, lazily. */
  scan(coll: string): IterableIterator<Row> {
    return this.stmts.scan.iterate(coll);
  }

  count(coll: string): number {
    return this.stmts.count.get(coll)?.n ?? 0;
  }

  lookupExact(coll: string, index: string, key: string): number[] {
    return this.stmts.idxExact.all(coll, index, key, coll, index, key).map((r) => r.rid);
  }

  lookupPrefix(coll: string, index: string, prefix: string): number[] {
    const end = `${prefix}\uffff`;
    return this.stmts.idxPrefix.all(coll, index, prefix, end, coll, index, prefix, end).map((r) => r.rid);
  }

  /**
   * Index entries (rid and key, no document read): every entry of the index, or those under a
   * prefix. The `_id` pseudo-index reads the document ids (a covering index of SQLite).
   */
  indexEntries(coll: string, index: string, prefix?: string): Array<{ rid: number; key: string }> {
    if (index === '_id') return this.stmts.idEntries.all(coll);
    if (prefix === undefined) return this.stmts.idxAll.all(coll, index, coll, index);
    const end = `${prefix}\uffff`;
    return this.stmts.idxRange.all(coll, index, prefix, end, coll, index, prefix, end);
  }

  /**
   * Index entries in the order of their sortable keys (see keys.ts `sortKeyOf`), from `lo`
   * (inclusive) to `hi` (exclusive), ascending or descending, read lazily: a caller that stops early
   * has read only what it used. The `_id` pseudo-index reads the documents' ids the same way.
   * The caller must finish or `return()` the iterator before the next write.
   */
  sortedEntries(coll: string, index: string, unique: boolean, lo: string, hi: string, desc: boolean): IterableIterator<{ rid: number; key: string }> {
    const statement = this.sortedStatement(index === '_id' ? 'docs' : unique ? 'uidx' : 'idx', desc);
    type Entries = IterableIterator<{ rid: number; key: string }>;
    return (index === '_id' ? statement.iterate(coll, lo, hi) : statement.iterate(coll, index, lo, hi)) as Entries;
  }

  /** Whether any entry from `lo` to `hi` has no one place in the order (multikey, array, object): one seek of a partial index. */
  hasUnorderable(coll: string, index: string, unique: boolean, lo: string, hi: string): boolean {
    // Ids are single values; the unorderable ones sort last (`x`).
    if (index === '_id') return !!this.stmts.idUnorderable.get(coll, lo < 'x' ? 'x' : lo, hi);
    return !!(unique ? this.stmts.uidxUnorderable : this.stmts.idxUnorderable).get(coll, index, lo, hi);
  }

  private sortedStatements = new Map<string, Database.Statement>();
  private sortedStatement(table: 'docs' | 'idx' | 'uidx', desc: boolean): Database.Statement {
    const name = `${table}:${desc}`;
    let statement = this.sortedStatements.get(name);
    // Several prefixes are read side by side (a merge): a statement still iterating gets a sibling.
    if (!statement || statement.busy) {
      const dir = desc ? 'DESC' : 'ASC';
      statement =
        table === 'docs'
          ? this.db.prepare(`SELECT rid, idkey AS key FROM docs WHERE coll = ? AND sid >= ? AND sid < ? ORDER BY sid ${dir}`)
          : this.db.prepare(`SELECT rid, key FROM ${table} WHERE coll = ? AND name = ? AND skey >= ? AND skey < ? ORDER BY skey ${dir}`);
      if (!this.sortedStatements.get(name)) this.sortedStatements.set(name, statement);
    }
    return statement;
  }

  /**
   * Sortable keys (`skey`, `flat`; `docs.sid`) came after the first stores: a store without them
   * gains the columns and has them computed from the keys it holds, once.
   */
  private addSortKeys(): void {
    const has = (table: string, column: string) => (this.db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).some((c) => c.name === column);
    this.db.transaction(() => {
      if (!has('docs', 'sid')) {
        this.db.exec('ALTER TABLE docs ADD COLUMN sid TEXT');
        const set = this.db.prepare('UPDATE docs SET sid = ? WHERE rid = ?');
        for (const row of this.db.prepare('SELECT rid, idkey FROM docs').all() as Array<{ rid: number; idkey: string }>) set.run(sortComponent(row.idkey).text, row.rid);
      }
      for (const table of ['idx', 'uidx']) {
        if (has(table, 'skey')) continue;
        this.db.exec(`ALTER TABLE ${table} ADD COLUMN skey TEXT; ALTER TABLE ${table} ADD COLUMN flat INTEGER`);
        const rows = this.db.prepare(`SELECT coll, name, key, rid FROM ${table}`).all() as Array<{ coll: string; name: string; key: string; rid: number }>;
        const perDoc = new Map<string, number>();
        for (const r of rows) perDoc.set(`${r.rid}:${r.name}`, (perDoc.get(`${r.rid}:${r.name}`) ?? 0) + 1);
        const set = this.db.prepare(`UPDATE ${table} SET skey = ?, flat = ? WHERE coll = ? AND name = ? AND key = ? AND rid = ?`);
        for (const r of rows) {
          const { skey, flat } = sortKeyOf(r.key);
          set.run(skey, flat && perDoc.get(`${r.rid}:${r.name}`) === 1 ? 1 : 0, r.coll, r.name, r.key, r.rid);
        }
      }
      this.db.exec(`
        CREATE INDEX IF NOT EXISTS docs_sorted ON docs(coll, sid);
        CREATE INDEX IF NOT EXISTS idx_sorted ON idx(coll, name, skey);
        CREATE INDEX IF NOT EXISTS uidx_sorted ON uidx(coll, name, skey);
        CREATE INDEX IF NOT EXISTS idx_unorderable ON idx(coll, name, skey) WHERE flat = 0;
        CREATE INDEX IF NOT EXISTS uidx_unorderable ON uidx(coll, name, skey) WHERE flat = 0;
      `);
    })();
  }

  /** The row holding a unique key, if any: used to report duplicates before a transaction commits. */
  uniqueOwner(coll: string, index: string, key: string): number | undefined {
    return this.stmts.uniqueOwner.get(coll, index, key)?.rid;
  }

  /**
   * Applies a batch in one SQLite transaction: all of it or none of it. Returns the new rids of
   * inserts in order. A unique-key clash aborts the batch with CloudBase's duplicate-key error.
   */
  apply(writes: Write[]): number[] {
    if (writes.length === 0) return [];
    const run = this.db.transaction(() => {
      const seq = this.seq + 1;
      const rids: number[] = [];
      for (const w of writes) {
        if (w.kind === 'insert') {
          let rid: number;
          try {
            rid = Number(this.stmts.insert.run(w.coll, w.idkey, seq, w.body, sortComponent(w.idkey).text).lastInsertRowid);
          } catch (err) {
            if (isConstraint(err)) throw duplicateKeyError(w.coll, '_id_', `{ _id: ${displayKey(w.idkey)} }`);
            throw err;
          }
          this.insertKeys(w.coll, rid, w.keys);
          rids.push(rid);
        } else if (w.kind === 'replace') {
          this.stmts.replace.run(seq, w.body, w.rid);
          this.replaceKeys(w.coll, w.rid, w.keys, w.oldKeys);
        } else {
          this.stmts.delete.run(w.rid);
          this.stmts.idxDelete.run(w.rid);
          this.stmts.uidxDelete.run(w.rid);
        }
      }
      return { seq, rids };
    });
    const { seq, rids } = run();
    this.seq = seq;
    this.commitsSinceCheckpoint += 1;
    if (this.commitsSinceCheckpoint >= CHECKPOINT_EVERY) this.checkpoint();
    return rids;
  }

  private insertKeys(coll: string, rid: number, keys: IndexKeys): void {
    for (const index of this.indexesOf(coll)) this.insertIndexKeys(coll, rid, index, keys.get(index.name) ?? []);
  }

  /**
   * A replaced row's keys: without its old keys every index is rewritten; with them only the indexes
   * whose keys changed, as MongoDB leaves an index alone when an update does not touch its fields
   * (most updates: a counter, a status), which spares SQLite most of the pages a write dirties.
   */
  private replaceKeys(coll: string, rid: number, keys: IndexKeys, oldKeys: IndexKeys | undefined): void {
    if (!oldKeys) {
      this.stmts.idxDelete.run(rid);
      this.stmts.uidxDelete.run(rid);
      this.insertKeys(coll, rid, keys);
      return;
    }
    for (const index of this.indexesOf(coll)) {
      const list = keys.get(index.name) ?? [];
      if (sameKeys(list, oldKeys.get(index.name) ?? [])) continue;
      (index.unique ? this.stmts.uidxDeleteOf : this.stmts.idxDeleteOf).run(rid, index.name);
      this.insertIndexKeys(coll, rid, index, list);
    }
  }

  private insertIndexKeys(coll: string, rid: number, index: IndexSpec, list: string[]): void {
    for (const key of list) {
      // A document with several keys (multikey) has no one place in the index's order.
      const { skey, flat } = sortKeyOf(key);
      const plain = flat && list.length === 1 ? 1 : 0;
      if (!index.unique) {
        this.stmts.idxInsert.run(coll, index.name, key, rid, skey, plain);
        continue;
      }
      try {
        this.stmts.uidxInsert.run(coll, index.name, key, rid, skey, plain);
      } catch (err) {
        if (isConstraint(err)) throw duplicateKeyError(coll, index.name, describeKey(index, key));
        throw err;
      }
    }
  }

  /**
   * Moves the WAL into the database file when commits were made since the last time (PASSIVE: the
   * one connection is never blocked). The WAL then starts again from its beginning, so it stays small.
   */
  checkpoint(): void {
    if (this.commitsSinceCheckpoint === 0) return;
    this.db.pragma('wal_checkpoint(PASSIVE)');
    this.commitsSinceCheckpoint = 0;
  }

  close(): void {
    this.db.close();
  }
}

/** The same keys in the same order: what the index holds for the row would not change. */
function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

function isConstraint(err: unknown): boolean {
  return typeof (err as { code?: string })?.code === 'string' && (err as { code: string }).code.startsWith('SQLITE_CONSTRAINT');
}

/** `s:abc` -> `"abc"`, `n:1` -> `1`: the value as MongoDB prints it in a duplicate-key message. */
export function displayKey(key: string): string {
  const [tag, ...rest] = key.split(':');
  const value = rest.join(':');
  if (tag === 's') return JSON.stringify(value);
  if (tag === 'z') return 'null';
  if (tag === 'b') return value === '1' ? 'true' : 'false';
  if (tag === 'd') return `new Date(${value})`;
  return value;
}

export function describeKey(index: IndexSpec, key: string): string {
  const parts = JSON.parse(key) as string[];
  return `{ ${index.keys.map((k, i) => `${k.field}: ${displayKey(parts[i])}`).join(', ')} }`;
}
