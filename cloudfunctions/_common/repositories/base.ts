/** What repositories share: the first document of a query, and the transaction handle's shape. */

export async function first<T>(query: Promise<{ data: unknown }>): Promise<T | null> {
  const { data } = await query;
  return ((data as T[])[0] as T | undefined) ?? null;
}

/** A document inside `db.runTransaction`: only single-document operations are allowed there. */
export interface TxDoc<T> {
  get(): Promise<{ data: T | null }>;
  update(changes: object): Promise<unknown>;
  set(doc: object): Promise<unknown>;
}

export interface Tx {
  collection(name: string): { doc<T>(id: string): TxDoc<T>; add(doc: object): Promise<unknown> };
}
