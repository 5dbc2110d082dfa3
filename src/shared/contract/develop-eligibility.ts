import type { FunctionContract } from './define';

/** Section of issue 11: the eligibility checklist, the points ledger and rules, the counselor's views. */
export const developEligibilityContract = {} satisfies FunctionContract;
