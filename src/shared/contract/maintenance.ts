import { z } from 'zod';
import { action, type FunctionContract } from './define';
import { Empty, Timestamp } from './common';
import { RetentionDaysSchema } from '../school-settings';

const Retention = z.object({ days: z.number().int(), isDefault: z.boolean(), updatedAt: Timestamp.nullable() }).strict();

export const maintenanceContract = {
  sweep: action({
    summary: 'delete rate-limit counters and activity codes that expired over an hour ago, exports older than a day, roster import files older than a week and storage files whose deletion failed (also run nightly by a timer)',
    roles: ['admin'],
    errors: [],
    input: Empty,
    output: z.object({ rateLimits: z.number().int(), activityCodes: z.number().int(), exports: z.number().int(), importFiles: z.number().int(), fileDeletions: z.number().int() }).strict(),
  }),
  retention: action({
    summary: 'the retention period (days) after which the personal data of people who left is anonymised by the nightly timer',
    roles: ['admin'],
    errors: [],
    input: Empty,
    output: Retention,
  }),
  setRetention: action({
    summary: 'set the retention period in days (audited)',
    roles: ['admin'],
    errors: [],
    input: z.object({ days: RetentionDaysSchema }).strict(),
    output: Retention,
  }),
} satisfies FunctionContract;
