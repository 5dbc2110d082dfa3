import { rosterContract } from '../../../src/shared/contract/roster';
import { createRouter } from '../../_common/router';
import { apply } from './apply';
import { changes } from './changes';
import { jobView } from './job-view';
import { preview } from './preview';
import { template } from './template';
import { rosterImportsRepo } from '../../_common/repositories/roster-imports';
import { fail, ok } from '../../_common/result';

/** The roster import (issue 12 point 2): admin only, every action. */
export const main = createRouter(rosterContract, {
  template,
  preview,
  changes,
  apply,
  job: async ({ jobId }) => {
    const job = await rosterImportsRepo.jobById(jobId);
    return job ? ok(jobView(job)) : fail('NOT_FOUND', '没有找到这次导入');
  },
});
