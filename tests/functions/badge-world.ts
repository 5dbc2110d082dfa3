import { SEED_BADGES } from '../../src/shared/domain/badges';
import type { App } from './harness';

/** The school's badge catalogue as a new school starts (SEED_BADGES), once per app: worlds share it. */
export async function seedBadgeCatalogue(app: App): Promise<void> {
  const { data } = await app.db.collection('badge_catalogue').doc(SEED_BADGES[0].code).get();
  if ((data as unknown[]).length) return;
  const at = new Date('2026-09-01T00:00:00Z');
  await app.insert('badge_catalogue', SEED_BADGES.map(({ code, ...def }) => ({ _id: code, ...def, updatedAt: at })));
}
