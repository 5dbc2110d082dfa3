import { TALLY_SETTLE_MS } from '../../../src/shared/domain/star';
import { starsRepo } from '../../_common/repositories/stars';
import { finaliseIfDue } from './objections';
import { tallyRound } from './tally';

/** Rounds handled per timer call; the next firing (every 5 minutes) takes the rest. */
const BATCH = 20;
const TIMER = { actorOpenid: 'system:timer', actorRole: 'system' };

/**
 * The timer's work: store the tally of rounds whose voting ended (and settled), and make final the
 * stars whose 公示 ended with no open objection. Each step is the conditional transaction the
 * counselor's own actions use, so firing twice (or with a counselor's close) stores each once.
 */
export async function roundsDue(now: Date): Promise<{ tallied: number; finalised: number }> {
  const settled = new Date(now.getTime() - TALLY_SETTLE_MS);
  let tallied = 0;
  for (const round of await starsRepo.openEndedBy(settled, BATCH)) {
    const done = await tallyRound(round, TIMER, now);
    if (done.ok && done.data.state !== 'open') tallied += 1;
  }
  let finalised = 0;
  for (const round of await starsRepo.publishedEndedBy(settled, BATCH)) {
    const done = await finaliseIfDue(round, TIMER, now);
    if (done.ok && done.data) finalised += 1;
  }
  return { tallied, finalised };
}
