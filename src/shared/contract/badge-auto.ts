import type { FunctionContract } from './define';

/** Section of issue 11: automatic awards (hour milestones, stars, 文明寝室) and the 脏乱差 suspension. */
export const badgeAutoContract = {} satisfies FunctionContract;
