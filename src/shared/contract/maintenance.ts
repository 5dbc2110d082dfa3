import { z } from 'zod';
import { action, type FunctionContract } from './define';
import { Empty } from './common';

export const maintenanceContract = {
  sweep: action({
    summary: 'delete rate-limit counters and activity codes that expired over an hour ago, exports older than a day and storage files whose deletion failed (also run nightly by a timer)',
    roles: ['admin'],
    errors: [],
    input: Empty,
    output: z.object({ rateLimits: z.number().int(), activityCodes: z.number().int(), exports: z.number().int(), fileDeletions: z.number().int() }).strict(),
  }),
} satisfies FunctionContract;
