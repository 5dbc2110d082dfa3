import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS, SchoolSettingsSchema, settingsEnv, settingsFromEnv } from './school-settings';

/** Per-school settings (config/school.json): the checked-in example is valid; the environment round-trips. */
describe('school settings', () => {
  const example: unknown = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'config', 'school.example.json'), 'utf8'));

  it('the checked-in example is valid', () => {
    expect(SchoolSettingsSchema.safeParse(example).success).toBe(true);
  });

  it('a missing template id is refused with a Chinese message naming it', () => {
    const parsed = SchoolSettingsSchema.safeParse({ schoolName: '某大学', subscribeTemplates: { volunteerReviewed: ' ' } });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.issues[0]).toMatchObject({ path: ['subscribeTemplates', 'volunteerReviewed'], message: expect.stringContaining('模板 ID') });
  });

  it('what the deploy puts in the environment is what a function reads back; nothing set gives the defaults', () => {
    const settings = { schoolName: '某大学', subscribeTemplates: { volunteerReviewed: 'TPL-1' }, retentionDays: 30 };
    expect(settingsFromEnv(settingsEnv(settings))).toEqual(settings);
    expect(settingsFromEnv({})).toEqual(DEFAULT_SETTINGS);
    expect(settingsFromEnv({ SCHOOL_RETENTION_DAYS: 'abc' }).retentionDays).toBe(DEFAULT_SETTINGS.retentionDays);
  });
});
