/**
 * Before-images of documents overwritten while transactions are open, so that a transaction reads
 * the snapshot it started from (CloudBase transactions have snapshot isolation). Nothing is kept
 * when no transaction is open.
 */
interface Version {
  /** Sequence from which this body was current (0: unknown, older than any open snapshot). */
  from: number;
  /** Sequence of the write that replaced it. */
  to: number;
  /** null: the document did not exist in that span. */
  body: string | null;
}

export class History {
  private versions = new Map<string, Version[]>();

  static key(coll: string, idkey: string): string {
    return `${coll}\u0000${idkey}`;
  }

  record(key: string, version: Version): void {
    const list = this.versions.get(key);
    if (list) list.push(version);
    else this.versions.set(key, [version]);
  }

  /** The body visible at `seq`, or undefined when history says nothing about that moment. */
  at(key: string, seq: number): { body: string | null } | undefined {
    const list = this.versions.get(key);
    if (!list) return undefined;
    for (const v of list) if (v.from <= seq && seq < v.to) return { body: v.body };
    return undefined;
  }

  /** Ids (keys) of the documents of `coll` that history holds a past version of. */
  *idkeysOf(coll: string): Generator<string> {
    const prefix = `${coll}\u0000`;
    for (const key of this.versions.keys()) if (key.startsWith(prefix)) yield key.slice(prefix.length);
  }

  /** Drops versions no open snapshot can see (every snapshot is at or after `oldest`). */
  prune(oldest: number | undefined): void {
    if (oldest === undefined) {
      this.versions.clear();
      return;
    }
    for (const [key, list] of this.versions) {
      const kept = list.filter((v) => v.to > oldest);
      if (kept.length === 0) this.versions.delete(key);
      else this.versions.set(key, kept);
    }
  }
}
