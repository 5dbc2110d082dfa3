import { settingsFromEnv, type SchoolSettings } from '../../src/shared/school-settings';

/** The school's settings, from the environment `npm run deploy` gives every function (config/school.json). */
export function schoolSettings(): SchoolSettings {
  return settingsFromEnv(process.env);
}
