import type { FunctionContract } from './define';

/** Dorm check-ins, visits section (function `checkin`; see src/shared/contract/checkin.ts). */
export const visitsContract = {} satisfies FunctionContract;
