import { maintenanceContract } from '../../../src/shared/contract/maintenance';
import { ok } from '../../_common/result';
import { createRouter } from '../../_common/router';
import { withTimers } from '../../_common/timer';
import { sweepExpired } from '../../_common/sweep';
import { retention, retentionSweep, setRetention } from './retention';

const router = createRouter(maintenanceContract, {
  sweep: async (_input, { now }) => ok(await sweepExpired(now)),
  retention,
  setRetention,
});

/**
 * The nightly sweep (config.json `triggers`), or an admin's `sweep` action. A timer event is honoured
 * only without a WeChat identity: a mini-program call always carries one, so no user can fake it.
 */
export const main = withTimers('maintenance', router, { 'nightly-sweep': sweepExpired, retention: retentionSweep });
