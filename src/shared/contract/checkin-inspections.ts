import type { FunctionContract } from './define';

/** Dorm check-ins, inspections section (function `checkin`; see src/shared/contract/checkin.ts). */
export const inspectionsContract = {} satisfies FunctionContract;
