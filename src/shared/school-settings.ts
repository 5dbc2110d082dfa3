import { z } from 'zod';

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
  retentionDays: z.number().int().min(7).max(3650).default(180),
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
    retentionDays: Number.isInteger(days) && days >= 7 && days <= 3650 && env[SCHOOL_ENV.retentionDays] !== '' ? days : DEFAULT_SETTINGS.retentionDays,
  };
}
