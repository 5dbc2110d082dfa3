import type tcb from '@cloudbase/node-sdk';
import { Collections } from '../../cloudfunctions/_common/collections';
import { demoCollections, type DemoData } from './generate';

export type Database = ReturnType<ReturnType<typeof tcb.init>['database']>;

/** CloudBase's limit per `add` of many documents is generous; 500 keeps each request well under 6 MB. */
export const SEED_BATCH = 500;

export type DataState = { state: 'empty' } | { state: 'seeded' | 'partial'; counts: Record<string, number> };

/** `partial`: documents exist but no community, which is what an interrupted seed leaves (see demoCollections). */
export async function dataState(db: Database, data: DemoData): Promise<DataState> {
  const counts: Record<string, number> = {};
  for (const [name] of demoCollections(data)) counts[name] = (await db.collection(name).count()).total as number;
  if (Object.values(counts).every((n) => n === 0)) return { state: 'empty' };
  return { state: counts[Collections.communities] > 0 ? 'seeded' : 'partial', counts };
}

/** Writes the demo documents through the SDK, in batches of SEED_BATCH (each batch atomic). */
export async function seedDemoData(db: Database, data: DemoData): Promise<{ counts: Record<string, number>; ms: number }> {
  const started = Date.now();
  const counts: Record<string, number> = {};
  for (const [name, docs] of demoCollections(data)) {
    for (let i = 0; i < docs.length; i += SEED_BATCH) await db.collection(name).add(docs.slice(i, i + SEED_BATCH));
    counts[name] = docs.length;
  }
  return { counts, ms: Date.now() - started };
}
