import type { developRecordsContract } from '../../../../src/shared/contract/develop-records';
import type { Handlers } from '../../../_common/router';

/** The records section's handlers (grouped by subject in the files beside this one). */
export const recordsHandlers: Handlers<typeof developRecordsContract> = {};
