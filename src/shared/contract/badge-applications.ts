import type { FunctionContract } from './define';

/** Section of issue 11: 党员示范寝室 applications. */
export const badgeApplicationsContract = {} satisfies FunctionContract;
