import { StoredSettingSchemas, type SettingId, type StoredSetting } from '../../../src/shared/school-settings';
import type { Auditor } from '../audit';
import { Collections, RetiredCollections } from '../collections';
import { database } from '../sdk';
import { auditIn } from './audit';
import { inTransaction, isTxConflict } from './base';
import { applied, refused, type RepoResult } from './outcome';

/**
 * What an admin stores for the whole school, one document per setting by `_id` in `school_settings`
 * (schemas: `StoredSettingSchemas` in src/shared/school-settings.ts): the term calendar and the
 * retention period. Each change is audited in its transaction.
 */
export interface StoredSettingDoc<K extends SettingId> {
  value: StoredSetting<K>;
  updatedAt: Date | null;
}

/**
 * Settings stored elsewhere before the two settings collections became one: the term calendar was in
 * `org_settings` (same `_id`). Read only while the new place has none; a save writes the new place,
 * which wins from then on. README (Organisation admin, terms) says when this can go.
 */
const LEGACY: Partial<Record<SettingId, string>> = { termCalendar: RetiredCollections.orgSettings };

type RawDoc = Record<string, unknown> & { updatedAt?: Date | string | null };

function parsed<K extends SettingId>(id: K, raw: RawDoc | null | undefined): StoredSettingDoc<K> | null {
  if (!raw) return null;
  const value = StoredSettingSchemas[id].safeParse(raw);
  if (!value.success) return null;
  return { value: value.data as StoredSetting<K>, updatedAt: raw.updatedAt ? new Date(raw.updatedAt) : null };
}

const isMissingCollection = (err: unknown) => (err as { code?: unknown } | null)?.code === 'DATABASE_COLLECTION_NOT_EXIST';

/** The old place's document, or null; a school deployed after the merge has no such collection at all. */
async function legacyOf(id: SettingId): Promise<RawDoc | null> {
  const collection = LEGACY[id];
  if (!collection) return null;
  try {
    const { data } = await database().collection(collection).doc(id).get();
    return (data as RawDoc[])[0] ?? null;
  } catch (err) {
    if (isMissingCollection(err)) return null;
    throw err;
  }
}

export const settingsRepo = {
  /** The stored setting, or null (the default holds): one read by `_id`, a second only for a setting not yet saved in its new place. */
  async get<K extends SettingId>(id: K): Promise<StoredSettingDoc<K> | null> {
    const { data } = await database().collection(Collections.schoolSettings).doc(id).get();
    const doc = (data as RawDoc[])[0];
    return parsed(id, doc ?? (await legacyOf(id)));
  },

  /**
   * Replaces a setting, audited in the same transaction (`action`, before and after; `none` is the
   * value that held while nothing was stored, recorded as the before of a first save).
   */
  async save<K extends SettingId>(
    id: K,
    value: StoredSetting<K>,
    audit: { action: string; none: StoredSetting<K> | null },
    by: Auditor,
    now: Date,
  ): Promise<RepoResult<null, 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx) => {
      const ref = tx.collection(Collections.schoolSettings).doc<RawDoc>(id);
      const current = (await ref.get()).data;
      // The old place is read outside the transaction (it may not exist); it only matters for the audit's before.
      const before = parsed(id, current ?? (await legacyOf(id)))?.value ?? audit.none;
      await ref.set({ ...StoredSettingSchemas[id].parse(value), updatedAt: now, updatedBy: by.actorOpenid });
      await auditIn(tx, { ...by, action: audit.action, target: { collection: Collections.schoolSettings, id }, before, after: value }, now);
      return applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },
};
