import type { FunctionContract } from './define';

/** Section of issue 11: the catalogue (edit), awards by hand, revocation, award history, current badges. */
export const badgeAwardsContract = {} satisfies FunctionContract;
