import type { FunctionContract } from './define';

/** Dorm check-ins, duty section (function `checkin`; see src/shared/contract/checkin.ts). */
export const dutyContract = {} satisfies FunctionContract;
