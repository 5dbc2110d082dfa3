import { badgeContract } from '../../../src/shared/contract/badge';
import { callerOf } from '../../_common/caller';
import { functionNow } from '../../_common/clock';
import { createRouter } from '../../_common/router';
import { applicationsHandlers } from './applications';
import { autoHandlers, CIVIL_TRIGGER, civilRoomsDue } from './auto';
import { awardsHandlers } from './awards';

const router = createRouter(badgeContract, { ...awardsHandlers, ...autoHandlers, ...applicationsHandlers });

/** CloudBase's timer trigger calls with `{Type: 'Timer', TriggerName, Time}` and no user identity. */
function timerName(event: unknown): string | null {
  if (!event || typeof event !== 'object' || (event as { Type?: unknown }).Type !== 'Timer') return null;
  const name = (event as { TriggerName?: unknown }).TriggerName;
  return typeof name === 'string' ? name : null;
}

/**
 * The sections' timer triggers (config.json `triggers`, routed by TriggerName; none yet), or a user's
 * call. A timer event is honoured only without a WeChat identity: a mini-program call always carries one.
 */
export async function main(event: unknown, context: unknown) {
  const trigger = timerName(event);
  if (trigger && !callerOf(context).openid) {
    // auto: the month before's 文明寝室, a bounded part per firing.
    if (trigger === CIVIL_TRIGGER) {
      const settled = await civilRoomsDue(functionNow());
      console.log('[badge] civil rooms', JSON.stringify(settled));
      return { ok: true, data: settled };
    }
    return { ok: false, error: { code: 'UNKNOWN_ACTION', message: `unknown trigger ${trigger}` } };
  }
  return router(event, context);
}
