import { z } from 'zod';
import { TermPeriodSchema } from './contract/org';

/**
 * The school's settings, in two places by who sets them and when:
 * - at deploy, by whoever runs it: `config/school.json` (`SchoolSettingsSchema` below), handed to
 *   every function as environment variables;
 * - at run time, by an admin in the app: one collection, `school_settings`, one document per setting
 *   by `_id` (`StoredSettingSchemas` below; repository cloudfunctions/_common/repositories/settings.ts).
 * A stored setting wins over the deploy's default of the same thing (the retention period).
 */

/** The school may keep a left person's data between a week and ten years (README: why 180 by default). */
export const RETENTION_DAYS_MIN = 7;
export const RETENTION_DAYS_MAX = 3650;
export const RetentionDaysSchema = z
  .number()
  .int()
  .min(RETENTION_DAYS_MIN, `保留期至少${RETENTION_DAYS_MIN}天`)
  .max(RETENTION_DAYS_MAX, `保留期最多${RETENTION_DAYS_MAX}天`);

/**
 * Per-school settings: one file (`config/school.json`, example `config/school.example.json`) that
 * `npm run deploy` validates and hands every cloud function as environment variables. Functions read
 * them back with `settingsFromEnv` (cloudfunctions/_common/settings.ts); the build passes the
 * template ids to the pages, so the template a member grants is the one the server sends.
 */
export const SchoolSettingsSchema = z.object({
  /** The school's name as people write it (shown on documents the functions make). */
  schoolName: z.string().trim().min(1, '请填写学校名称').max(40),
  /** Subscribe-message template ids (mini-program console → 订阅消息 → 我的模板). */
  subscribeTemplates: z.object({
    /** "志愿时长审核结果": thing1 title, phrase2 status, thing3 hours, thing4 comment, date5 date. */
    volunteerReviewed: z.string().trim().min(1, '请填写志愿时长审核结果的订阅消息模板 ID').max(64),
  }),
  /**
   * Days after a person is marked as left before their personal data is deleted or anonymised (PIPL
   * art. 47): the default until an admin stores the school's own period (maintenance.setRetention).
   */
  retentionDays: RetentionDaysSchema.default(180),
});

export type SchoolSettings = z.infer<typeof SchoolSettingsSchema>;

/** The environment variable of each setting. */
export const SCHOOL_ENV = {
  schoolName: 'SCHOOL_NAME',
  volunteerReviewed: 'VOLUNTEER_REVIEW_TEMPLATE_ID',
  retentionDays: 'SCHOOL_RETENTION_DAYS',
} as const;

/** What the deploy adds to every function's environment. */
export function settingsEnv(settings: SchoolSettings): Record<string, string> {
  return {
    [SCHOOL_ENV.schoolName]: settings.schoolName,
    [SCHOOL_ENV.volunteerReviewed]: settings.subscribeTemplates.volunteerReviewed,
    [SCHOOL_ENV.retentionDays]: String(settings.retentionDays),
  };
}

/** Placeholders a function falls back on where no deploy set its environment (local runs, tests). */
export const DEFAULT_SETTINGS: SchoolSettings = {
  schoolName: '示例大学',
  subscribeTemplates: { volunteerReviewed: 'VOLUNTEER_REVIEW_TEMPLATE_PLACEHOLDER' },
  retentionDays: 180,
};

/** The settings a function was deployed with; each missing or unreadable variable falls back on its default. */
export function settingsFromEnv(env: Record<string, string | undefined>): SchoolSettings {
  const days = Number(env[SCHOOL_ENV.retentionDays]);
  return {
    schoolName: env[SCHOOL_ENV.schoolName] || DEFAULT_SETTINGS.schoolName,
    subscribeTemplates: { volunteerReviewed: env[SCHOOL_ENV.volunteerReviewed] || DEFAULT_SETTINGS.subscribeTemplates.volunteerReviewed },
    retentionDays: env[SCHOOL_ENV.retentionDays] !== '' && RetentionDaysSchema.safeParse(days).success ? days : DEFAULT_SETTINGS.retentionDays,
  };
}

/**
 * What an admin stores, by `_id` in `school_settings`: the term calendar (function `org`; none stored
 * means the default rule) and the retention period (function `maintenance`; none stored means the
 * deploy's `retentionDays`). A stored document that does not parse counts as none.
 */
export const StoredSettingSchemas = {
  termCalendar: z.object({ terms: z.array(TermPeriodSchema) }),
  retention: z.object({ days: RetentionDaysSchema }),
} as const;

export type SettingId = keyof typeof StoredSettingSchemas;
export type StoredSetting<K extends SettingId> = z.infer<(typeof StoredSettingSchemas)[K]>;
