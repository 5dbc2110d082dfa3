import { fastGetParams, fastInsertParams, fastModifyParams, GetParams, InsertParams, ModifyParams } from '../src/database/params';

/**
 * The hand checks of the three most frequent actions' params (params.ts) must answer exactly what
 * their zod schema answers, or nothing (zod then parses): over generated params of good and bad
 * values, each is either undefined or equal to zod's data, never an answer where zod refuses.
 */
const pools: Record<string, unknown[]> = {
  collectionName: ['floor_docs', 'c', 'x'.repeat(128), 'x'.repeat(129), '', 5, null, undefined, ['c']],
  query: ['{"_id":"a"}', '', undefined, null, 5, {}],
  queryType: ['DOC', 'WHERE', undefined, 'doc', '', null, 1],
  multi: [true, false, undefined, 'true', 0, null],
  merge: [true, false, undefined, 'false', 1],
  upsert: [true, false, undefined, null, 'x'],
  order: ['[]', undefined, null, 3],
  offset: [0, 5, -0, 1.5, -1, '5', '', NaN, Infinity, undefined, null, true],
  limit: [0, 100, 1000, 2 ** 40, -3, '100', 1e-9, undefined, null],
  projection: ['{"a":1}', undefined, null, {}],
  transactionId: ['t1', '', undefined, null, 7],
  data: ['{"a":1}', '', ['{"a":1}'], ['{"a":1}', '{"b":2}'], [], ['{"a":1}', 5], [null], undefined, null, 3],
  // Params the schemas do not name are left out of the answer, as zod leaves them out.
  action: ['database.getDocument', undefined],
  envName: ['local', undefined],
};

let seed = 1302;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)];

/** Params with each field from its pool, or absent; mostly good values, so the fast checks answer often. */
function generated(fields: string[]): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  for (const field of [...fields, 'action', 'envName']) {
    const roll = rand();
    if (roll < 0.15) continue;
    p[field] = roll < 0.6 ? pools[field][0] : pick(pools[field]);
  }
  return p;
}

const cases = [
  { name: 'getDocument', schema: GetParams, fast: fastGetParams, fields: ['collectionName', 'query', 'queryType', 'multi', 'order', 'offset', 'limit', 'projection', 'transactionId'] },
  { name: 'modifyDocument', schema: ModifyParams, fast: fastModifyParams, fields: ['collectionName', 'query', 'queryType', 'data', 'multi', 'merge', 'upsert', 'transactionId'] },
  { name: 'insertDocument', schema: InsertParams, fast: fastInsertParams, fields: ['collectionName', 'data', 'transactionId'] },
] as const;

describe.each(cases)('$name params: the hand check answers what zod answers, or leaves it to zod', ({ schema, fast, fields }) => {
  test('5,000 generated params', () => {
    let answered = 0;
    let refused = 0;
    for (let i = 0; i < 5000; i += 1) {
      const params = generated([...fields]);
      const byZod = (schema as { safeParse(p: unknown): { success: boolean; data?: unknown } }).safeParse(params);
      const byHand = (fast as (p: Record<string, unknown>) => unknown)(params);
      if (!byZod.success) refused += 1;
      if (byHand === undefined) continue;
      answered += 1;
      expect({ params, zodAccepts: byZod.success }).toEqual({ params, zodAccepts: true });
      expect(byHand).toStrictEqual(byZod.data);
    }
    // Both paths are exercised: the hand check answers the ordinary params, zod refuses the bad ones.
    expect(answered).toBeGreaterThan(150);
    expect(refused).toBeGreaterThan(150);
  });
});

test('the SDK\'s own params take the hand check', () => {
  expect(fastGetParams({ action: 'database.getDocument', collectionName: 'c', query: '{"_id":"a"}', queryType: 'DOC', limit: 100, offset: 0, envName: 'e' })).toEqual({
    collectionName: 'c', query: '{"_id":"a"}', queryType: 'DOC', limit: 100, offset: 0,
  });
  expect(fastModifyParams({ collectionName: 'c', query: '{}', queryType: 'DOC', data: '{}', multi: false, merge: true, upsert: false })).toBeDefined();
  expect(fastInsertParams({ collectionName: 'c', data: ['{}'] })).toEqual({ collectionName: 'c', data: ['{}'] });
});
