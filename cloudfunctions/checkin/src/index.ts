import { checkinContract } from '../../../src/shared/contract/checkin';
import { createRouter } from '../../_common/router';
import { dutyHandlers } from './duty';
import { inspectionsHandlers } from './inspections';
import { visitsHandlers } from './visits';

export const main = createRouter(checkinContract, { ...dutyHandlers, ...visitsHandlers, ...inspectionsHandlers });
