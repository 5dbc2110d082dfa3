import { maintenanceContract } from '../../../src/shared/contract/maintenance';
import { callerOf } from '../../_common/caller';
import { functionNow } from '../../_common/clock';
import { ok } from '../../_common/result';
import { createRouter } from '../../_common/router';
import { sweepExpired } from '../../_common/sweep';

const router = createRouter(maintenanceContract, {
  sweep: async (_input, { now }) => ok(await sweepExpired(now)),
});

/** CloudBase's timer trigger calls with `{Type: 'Timer', TriggerName, Time}` and no user identity. */
function isTimer(event: unknown): boolean {
  return !!event && typeof event === 'object' && (event as { Type?: unknown }).Type === 'Timer';
}

/**
 * The nightly sweep (config.json `triggers`), or an admin's `sweep` action. A timer event is honoured
 * only without a WeChat identity: a mini-program call always carries one, so no user can fake it.
 */
export async function main(event: unknown, context: unknown) {
  if (isTimer(event) && !callerOf(context).openid) {
    const swept = await sweepExpired(functionNow());
    console.log('[maintenance] swept', JSON.stringify(swept));
    return { ok: true, data: swept };
  }
  return router(event, context);
}
