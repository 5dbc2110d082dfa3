import { developContract } from '../../../src/shared/contract/develop';
import { callerOf } from '../../_common/caller';
import { functionNow } from '../../_common/clock';
import { createRouter } from '../../_common/router';
import { dossierHandlers } from './dossier';
import { eligibilityHandlers, POINTS_TRIGGER, sweepPoints } from './eligibility';
import { recordsHandlers } from './records';

const router = createRouter(developContract, { ...recordsHandlers, ...eligibilityHandlers, ...dossierHandlers });

/** CloudBase's timer trigger calls with `{Type: 'Timer', TriggerName, Time}` and no user identity. */
function timerName(event: unknown): string | null {
  if (!event || typeof event !== 'object' || (event as { Type?: unknown }).Type !== 'Timer') return null;
  const name = (event as { TriggerName?: unknown }).TriggerName;
  return typeof name === 'string' ? name : null;
}

/**
 * The sections' timer triggers (config.json `triggers`, routed by TriggerName: the eligibility section's points sweep), or a user's
 * call. A timer event is honoured only without a WeChat identity: a mini-program call always carries one.
 */
export async function main(event: unknown, context: unknown) {
  const trigger = timerName(event);
  if (trigger && !callerOf(context).openid) {
    if (trigger === POINTS_TRIGGER) {
      const swept = await sweepPoints(functionNow());
      console.log('[develop] points sweep', JSON.stringify(swept));
      return { ok: true, data: swept };
    }
    return { ok: false, error: { code: 'UNKNOWN_ACTION', message: `unknown trigger ${trigger}` } };
  }
  return router(event, context);
}
