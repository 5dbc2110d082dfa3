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

/** CloudBase allows one timer trigger per function: the nightly one sweeps, then runs the retention timer. */
async function nightly(now: Date) {
  const swept = await sweepExpired(now);
  return { ...swept, retention: await retentionSweep(now) };
}

/**
 * The nightly sweep (config.json `triggers`), or an admin's `sweep` action. A timer event is honoured
 * only without a WeChat identity: a mini-program call always carries one, so no user can fake it.
 */
export const main = withTimers('maintenance', router, { 'nightly-sweep': nightly });
