import type { FunctionContract } from './define';

/** Section of issue 11: the development timeline, 公示 and objections. */
export const developRecordsContract = {} satisfies FunctionContract;
