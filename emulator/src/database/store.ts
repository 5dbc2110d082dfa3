import Database from 'better-sqlite3';
import { duplicateKeyError, collectionNotExist } from '../errors';
import { componentOfSortText, sortComponent, sortKeyOf } from './keys';
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
  /**
   * `oldKeys`, the keys the row holds now (from its decoded stored document): an index whose keys stay
   * the same is not rewritten, and the old entries of one that changes are deleted by their keys.
   */
  | { kind: 'replace'; coll: string; rid: number; body: string; keys: IndexKeys; oldKeys: IndexKeys }
  /** `oldKeys`, the keys the row holds: its index entries are deleted by them (there is no index by rid). */
  | { kind: 'delete'; coll: string; rid: number; oldKeys: IndexKeys };

/** Index name -> the document's keys for it. */
export type IndexKeys = Map<string, string[]>;

interface CollectionInfo {
  name: string;
  indexes: IndexSpec[];
}

/** Commits after which apply() checkpoints the WAL itself, when the owner's timer has not (a bulk load). */
export const CHECKPOINT_EVERY = 2000;

/**
 * The layout of the file (`PRAGMA user_version`). 0: a file made before versions (the first layout,
 * with or without its sortable-key columns), migrated at open; 2: this one.
 */
export const SCHEMA_VERSION = 2;

/**
 * The tables, each B-tree a write may touch named (a write's cost is mostly the pages it dirties):
 * - `docs`, a rowid table: `rid` is natural (insertion) order; one unique index on (coll, sid), where
 *   `sid` is the id's sortable text (keys.ts `sortComponent`, injective), serves get-by-id, the
 *   uniqueness of `_id` and reads in `_id` order alike. `body` comes last, so reading the other
 *   columns never touches a long body's overflow pages.
 * - `idx` and `uidx`, WITHOUT ROWID: an index entry is one row of one B-tree keyed by the index's
 *   sortable key `skey` (keys.ts `sortKeyOf`: injective, each component prefix-free, so an equal key or
 *   a key prefix is an equal skey or an skey prefix): (coll, name, skey, rid) for `idx`, (coll, name,
 *   skey) for `uidx`, whose key is then unique. `key` (the tagged text readers parse) and `flat` ride
 *   along. A partial index over the entries that have no one place in the order (`flat = 0`: multikey,
 *   arrays, objects) answers `hasUnorderable`; plain entries never reach it.
 * - No index by rid: a replaced or deleted row's entries are deleted by the keys it holds (`Write`
 *   carries them); only a rebuild of a collection's indexes, which does not know them, deletes the
 *   collection's entries all at once.
 *
 * No AUTOINCREMENT (it also writes `sqlite_sequence` on every insert): SQLite then gives a new row
 * max(rid) + 1, so rids still follow insertion order among the rows that exist; it may hand out again
 * the rid of the newest row once that row is deleted. Nothing holds a rid across a write for that to
 * matter: transactions, their pending writes, locks and history (before-images) go by `(coll, idkey)`
 * and the row's `ver`; reads.ts reads rids and their rows within one synchronous call (its sorted
 * iterators are finished or closed before the next write); `uniqueOwner`'s rid is resolved at once;
 * a `Write`'s rid comes from the row read in the same call. No rid is ever sent to a client or kept
 * in a cursor (paging goes by values, skip and limit).
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY, indexes TEXT NOT NULL, created_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS collection_rules (name TEXT PRIMARY KEY, rule TEXT NOT NULL);
  CREATE TABLE docs (rid INTEGER PRIMARY KEY, coll TEXT NOT NULL, idkey TEXT NOT NULL, sid TEXT NOT NULL,
    ver INTEGER NOT NULL, body TEXT NOT NULL);
  CREATE UNIQUE INDEX docs_by_sid ON docs(coll, sid);
  CREATE TABLE idx (coll TEXT NOT NULL, name TEXT NOT NULL, skey TEXT NOT NULL, rid INTEGER NOT NULL,
    key TEXT NOT NULL, flat INTEGER NOT NULL, PRIMARY KEY (coll, name, skey, rid)) WITHOUT ROWID;
  CREATE INDEX idx_unorderable ON idx(coll, name, skey) WHERE flat = 0;
  CREATE TABLE uidx (coll TEXT NOT NULL, name TEXT NOT NULL, skey TEXT NOT NULL, rid INTEGER NOT NULL,
    key TEXT NOT NULL, flat INTEGER NOT NULL, PRIMARY KEY (coll, name, skey)) WITHOUT ROWID;
  CREATE INDEX uidx_unorderable ON uidx(coll, name, skey) WHERE flat = 0;
`;

/**
 * SQLite holds every collection in one `docs` table and every declared index in `idx` (or `uidx`,
 * whose primary key enforces uniqueness); see SCHEMA. WAL mode: a commit is durable once
 * better-sqlite3 returns, so a process killed at any moment reopens with every acknowledged write.
 */
export class SqliteStore {
  private db: Database.Database;
  private collections = new Map<string, CollectionInfo>();
  private seq: number;
  private stmts;
  private commitsSinceCheckpoint = 0;
  /** apply()'s SQLite transaction, made once (better-sqlite3 builds its wrappers on each `transaction()`). */
  private readonly applyBatch: (writes: Write[]) => { seq: number; rids: number[] };

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
    this.applyBatch = this.db.transaction((writes: Write[]) => this.writeBatch(writes));
    this.db.pragma('busy_timeout = 5000');
    this.openSchema();
    this.stmts = {
      byId: this.db.prepare<[string, string], Row>('SELECT rid, idkey, ver, body FROM docs WHERE coll = ? AND sid = ?'),
      byRid: this.db.prepare<[number], Row>('SELECT rid, idkey, ver, body FROM docs WHERE rid = ?'),
      scan: this.db.prepare<[string], Row>('SELECT rid, idkey, ver, body FROM docs WHERE coll = ? ORDER BY rid'),
      count: this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM docs WHERE coll = ?'),
      insert: this.db.prepare('INSERT INTO docs (coll, idkey, sid, ver, body) VALUES (?, ?, ?, ?, ?)'),
      replace: this.db.prepare('UPDATE docs SET ver = ?, body = ? WHERE rid = ?'),
      delete: this.db.prepare('DELETE FROM docs WHERE rid = ?'),
      idxInsert: this.db.prepare('INSERT INTO idx (coll, name, skey, rid, key, flat) VALUES (?, ?, ?, ?, ?, ?)'),
      uidxInsert: this.db.prepare('INSERT INTO uidx (coll, name, skey, rid, key, flat) VALUES (?, ?, ?, ?, ?, ?)'),
      idxDeleteKey: this.db.prepare<[string, string, string, number]>('DELETE FROM idx WHERE coll = ? AND name = ? AND skey = ? AND rid = ?'),
      uidxDeleteKey: this.db.prepare<[string, string, string, number]>('DELETE FROM uidx WHERE coll = ? AND name = ? AND skey = ? AND rid = ?'),
      // By rid: no index serves these (a seek of the collection's entries of one index); only when the keys a row holds are not what they should be.
      idxDeleteRid: this.db.prepare<[string, string, number]>('DELETE FROM idx WHERE coll = ? AND name = ? AND rid = ?'),
      uidxDeleteRid: this.db.prepare<[string, string, number]>('DELETE FROM uidx WHERE coll = ? AND name = ? AND rid = ?'),
      idxDeleteColl: this.db.prepare<[string]>('DELETE FROM idx WHERE coll = ?'),
      uidxDeleteColl: this.db.prepare<[string]>('DELETE FROM uidx WHERE coll = ?'),
      idxExact: this.db.prepare<[string, string, string], { rid: number }>('SELECT rid FROM idx WHERE coll = ? AND name = ? AND skey = ?'),
      uidxExact: this.db.prepare<[string, string, string], { rid: number }>('SELECT rid FROM uidx WHERE coll = ? AND name = ? AND skey = ?'),
      idxRange: this.db.prepare<[string, string, string, string], { rid: number; key: string }>(
        'SELECT rid, key FROM idx WHERE coll = ? AND name = ? AND skey >= ? AND skey < ?',
      ),
      uidxRange: this.db.prepare<[string, string, string, string], { rid: number; key: string }>(
        'SELECT rid, key FROM uidx WHERE coll = ? AND name = ? AND skey >= ? AND skey < ?',
      ),
      idEntries: this.db.prepare<[string], { rid: number; sid: string }>('SELECT rid, sid FROM docs WHERE coll = ?'),
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

  /**
   * Creates the tables in a new file, or migrates a file of the first layout (user_version 0 with a
   * `docs` table) in one transaction: every document keeps its rid (natural order), id and version,
   * every index entry its key (its skey and `flat` computed as the first layout's code did), so
   * uniqueness holds as it did. A file of a newer layout than this code knows is refused.
   */
  private openSchema(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version === SCHEMA_VERSION) return;
    if (version > SCHEMA_VERSION) throw new Error(`database file has layout ${version}; this cloudbase-local knows layouts up to ${SCHEMA_VERSION}`);
    const tables = new Set((this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name));
    this.db.transaction(() => {
      if (!tables.has('docs')) {
        this.db.exec(SCHEMA);
      } else {
        migrateFirstLayout(this.db, tables);
      }
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
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
      // Index definitions changed: rebuild every key of the collection (also checks uniqueness). The
      // entries of the old definitions are not known by key: the collection's are deleted at once.
      this.stmts.idxDeleteColl.run(name);
      this.stmts.uidxDeleteColl.run(name);
      for (const row of this.stmts.scan.all(name)) this.insertKeys(name, row.rid, rebuildKeys(row.body));
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
    return this.stmts.byId.get(coll, sortComponent(idkey).text);
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

  /** Whether `index` of `coll` is a unique one (its entries are in `uidx`). */
  private isUnique(coll: string, index: string): boolean {
    return !!this.collections.get(coll)?.indexes.find((i) => i.name === index)?.unique;
  }

  /** The rows holding a key (a compound key's JSON text) of an index: one seek of its sortable key. */
  lookupExact(coll: string, index: string, key: string): number[] {
    const statement = this.isUnique(coll, index) ? this.stmts.uidxExact : this.stmts.idxExact;
    return statement.all(coll, index, sortKeyOf(key).skey).map((r) => r.rid);
  }

  /** The rows (each once, as a multikey row may hold several such keys) holding a key that starts with these components. */
  lookupPrefix(coll: string, index: string, parts: string[]): number[] {
    return [...new Set(this.indexEntries(coll, index, parts).map((r) => r.rid))];
  }

  /**
   * Index entries (rid and key, no document read): every entry of the index, or those whose key
   * starts with the components `parts` (the skey range `parts`' sortable text to it + `~`, which sorts
   * after every character an skey holds). The `_id` pseudo-index reads the ids from (coll, sid) alone.
   */
  indexEntries(coll: string, index: string, parts?: string[]): Array<{ rid: number; key: string }> {
    if (index === '_id') return this.stmts.idEntries.all(coll).map((r) => ({ rid: r.rid, key: componentOfSortText(r.sid) }));
    const lo = (parts ?? []).map((c) => sortComponent(c).text).join('');
    return (this.isUnique(coll, index) ? this.stmts.uidxRange : this.stmts.idxRange).all(coll, index, lo, `${lo}~`);
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
    if (index !== '_id') return statement.iterate(coll, index, lo, hi) as Entries;
    // Ids are read back from their sortable text: the index is covering, no row is read. The read is
    // open from here (a sibling statement serves the next one) and closed by return(), started or not.
    const ids = statement.iterate(coll, lo, hi) as IterableIterator<{ rid: number; sid: string }>;
    const entries: Entries = {
      next: () => {
        const r = ids.next();
        return r.done ? r : { done: false, value: { rid: r.value.rid, key: componentOfSortText(r.value.sid) } };
      },
      return: (value?: unknown) => {
        ids.return?.();
        return { done: true, value };
      },
      [Symbol.iterator]: () => entries,
    };
    return entries;
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
          ? this.db.prepare(`SELECT rid, sid FROM docs WHERE coll = ? AND sid >= ? AND sid < ? ORDER BY sid ${dir}`)
          : this.db.prepare(`SELECT rid, key FROM ${table} WHERE coll = ? AND name = ? AND skey >= ? AND skey < ? ORDER BY skey ${dir}`);
      if (!this.sortedStatements.get(name)) this.sortedStatements.set(name, statement);
    }
    return statement;
  }

  /** The row holding a unique key, if any: used to report duplicates before a transaction commits. */
  uniqueOwner(coll: string, index: string, key: string): number | undefined {
    return this.stmts.uidxExact.get(coll, index, sortKeyOf(key).skey)?.rid;
  }

  /**
   * Applies a batch in one SQLite transaction: all of it or none of it. Returns the new rids of
   * inserts in order. A unique-key clash aborts the batch with CloudBase's duplicate-key error.
   */
  apply(writes: Write[]): number[] {
    if (writes.length === 0) return [];
    const { seq, rids } = this.applyBatch(writes);
    this.seq = seq;
    this.commitsSinceCheckpoint += 1;
    if (this.commitsSinceCheckpoint >= CHECKPOINT_EVERY) this.checkpoint();
    return rids;
  }

  /** Writes a batch; called inside apply()'s SQLite transaction. */
  private writeBatch(writes: Write[]): { seq: number; rids: number[] } {
    const seq = this.seq + 1;
    const rids: number[] = [];
    for (const w of writes) {
      if (w.kind === 'insert') {
        let rid: number;
        try {
          rid = Number(this.stmts.insert.run(w.coll, w.idkey, sortComponent(w.idkey).text, seq, w.body).lastInsertRowid);
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
        for (const index of this.indexesOf(w.coll)) this.deleteIndexKeys(w.coll, w.rid, index, w.oldKeys.get(index.name) ?? []);
      }
    }
    return { seq, rids };
  }

  private insertKeys(coll: string, rid: number, keys: IndexKeys): void {
    for (const index of this.indexesOf(coll)) this.insertIndexKeys(coll, rid, index, keys.get(index.name) ?? []);
  }

  /**
   * A replaced row's keys: only the indexes whose keys changed are rewritten, as MongoDB leaves an
   * index alone when an update does not touch its fields (most updates: a counter, a status), which
   * spares SQLite most of the pages a write dirties.
   */
  private replaceKeys(coll: string, rid: number, keys: IndexKeys, oldKeys: IndexKeys): void {
    for (const index of this.indexesOf(coll)) {
      const list = keys.get(index.name) ?? [];
      const old = oldKeys.get(index.name) ?? [];
      if (sameKeys(list, old)) continue;
      this.deleteIndexKeys(coll, rid, index, old);
      this.insertIndexKeys(coll, rid, index, list);
    }
  }

  /**
   * Deletes a row's entries of one index by the keys it holds (each one seek). Every row holds at
   * least one key per index (a missing field is null): should none be given, or the entries deleted
   * not be those keys (a key computed otherwise than when it was stored), the row's entries of that
   * index are then found the slow way, by rid, so that none is ever left behind.
   */
  private deleteIndexKeys(coll: string, rid: number, index: IndexSpec, keys: string[]): void {
    const [byKey, byRid] = index.unique ? [this.stmts.uidxDeleteKey, this.stmts.uidxDeleteRid] : [this.stmts.idxDeleteKey, this.stmts.idxDeleteRid];
    let deleted = 0;
    for (const key of keys) deleted += byKey.run(coll, index.name, sortKeyOf(key).skey, rid).changes;
    if (keys.length === 0 || deleted !== keys.length) byRid.run(coll, index.name, rid);
  }

  private insertIndexKeys(coll: string, rid: number, index: IndexSpec, list: string[]): void {
    for (const key of list) {
      // A document with several keys (multikey) has no one place in the index's order.
      const { skey, flat } = sortKeyOf(key);
      const plain = flat && list.length === 1 ? 1 : 0;
      if (!index.unique) {
        this.stmts.idxInsert.run(coll, index.name, skey, rid, key, plain);
        continue;
      }
      try {
        this.stmts.uidxInsert.run(coll, index.name, skey, rid, key, plain);
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

/**
 * Moves a file of the first layout (tables `docs` with AUTOINCREMENT, `idx` with indexes by key, by rid
 * and by skey, `uidx` keyed by key; the sortable-key columns present or not) to SCHEMA, inside the
 * caller's transaction. Ids' and keys' sortable texts are computed here as the first layout's code
 * computed them; entries whose row is gone are not carried over (a new row may take a freed rid).
 */
function migrateFirstLayout(db: Database.Database, tables: Set<string>): void {
  db.function('cbl_sid', { deterministic: true }, (idkey: unknown) => sortComponent(String(idkey)).text);
  db.function('cbl_skey', { deterministic: true }, (key: unknown) => sortKeyOf(String(key)).skey);
  db.function('cbl_flat', { deterministic: true }, (key: unknown) => (sortKeyOf(String(key)).flat ? 1 : 0));
  // Their indexes go with the tables; the names of two are taken again by SCHEMA.
  db.exec('DROP INDEX IF EXISTS idx_unorderable; DROP INDEX IF EXISTS uidx_unorderable; ALTER TABLE docs RENAME TO docs_v1');
  for (const t of ['idx', 'uidx']) if (tables.has(t)) db.exec(`ALTER TABLE ${t} RENAME TO ${t}_v1`);
  db.exec(SCHEMA);
  db.exec('INSERT INTO docs (rid, coll, idkey, sid, ver, body) SELECT rid, coll, idkey, cbl_sid(idkey), ver, body FROM docs_v1 ORDER BY rid');
  for (const t of ['idx', 'uidx']) {
    if (!tables.has(t)) continue;
    // `flat`: a plain key that is its row's only key in that index (a multikey row has no one place in the order).
    db.exec(`
      INSERT INTO ${t} (coll, name, skey, rid, key, flat)
      SELECT coll, name, cbl_skey(key), rid, key, cbl_flat(key) AND count(*) OVER (PARTITION BY rid, name) = 1
      FROM (SELECT DISTINCT coll, name, key, rid FROM ${t}_v1 WHERE rid IN (SELECT rid FROM docs_v1))`);
    db.exec(`DROP TABLE ${t}_v1`);
  }
  db.exec('DROP TABLE docs_v1');
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
