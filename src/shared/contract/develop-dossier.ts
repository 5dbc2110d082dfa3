import type { FunctionContract } from './define';

/** Section of issue 11: the conversion evidence pack (PDF) and its verification. */
export const developDossierContract = {} satisfies FunctionContract;
