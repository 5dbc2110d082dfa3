interface Pageable {
  skip(offset: number): Pageable;
  limit(limit: number): Pageable;
  get(): Promise<{ data: unknown[] }>;
}

const PAGE = 1000;

/** Every document a query matches, a page (the SDK's maximum of 1000) at a time. Order the query first. */
export async function readAll<T>(query: Pageable): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const { data } = await query.skip(skip).limit(PAGE).get();
    out.push(...(data as T[]));
    if (data.length < PAGE) return out;
  }
}
