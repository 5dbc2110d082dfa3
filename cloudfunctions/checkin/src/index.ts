import { checkinContract } from '../../../src/shared/contract/checkin';
import { callerOf } from '../../_common/caller';
import { functionNow } from '../../_common/clock';
import { createRouter } from '../../_common/router';
import { DUTY_TRIGGER, dutyHandlers, sweepMissedDuty } from './duty';
import { inspectionsHandlers } from './inspections';
import { visitsHandlers } from './visits';

const router = createRouter(checkinContract, { ...dutyHandlers, ...visitsHandlers, ...inspectionsHandlers });

/** CloudBase's timer trigger calls with `{Type: 'Timer', TriggerName, Time}` and no user identity. */
function timerName(event: unknown): string | null {
  if (!event || typeof event !== 'object' || (event as { Type?: unknown }).Type !== 'Timer') return null;
  const name = (event as { TriggerName?: unknown }).TriggerName;
  return typeof name === 'string' ? name : null;
}

/**
 * The sections' timer triggers (config.json `triggers`, routed by TriggerName), or a user's call. A
 * timer event is honoured only without a WeChat identity: a mini-program call always carries one.
 */
export async function main(event: unknown, context: unknown) {
  const trigger = timerName(event);
  if (trigger && !callerOf(context).openid) {
    if (trigger === DUTY_TRIGGER) {
      const swept = await sweepMissedDuty(functionNow());
      console.log('[checkin] duty sweep', JSON.stringify(swept));
      return { ok: true, data: swept };
    }
    return { ok: false, error: { code: 'UNKNOWN_ACTION', message: `unknown trigger ${trigger}` } };
  }
  return router(event, context);
}
