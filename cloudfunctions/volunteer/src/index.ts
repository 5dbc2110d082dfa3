import { volunteerContract } from '../../../src/shared/contract/volunteer';
import { createRouter } from '../../_common/router';
import { activityAttendees } from './activity-attendees';
import { activityCode } from './activity-code';
import { behindPace } from './behind-pace';
import { bulkApprove } from './bulk-approve';
import { createActivity } from './create-activity';
import { dashboard } from './dashboard';
import { exportHours } from './export-hours';
import { listActivities } from './list-activities';
import { finishExport } from './export-file';
import { myEntries, myEntry } from './my-entries';
import { myProgress } from './my-progress';
import { pendingEntries } from './pending-entries';
import { review } from './review';
import { saveDraft } from './save-draft';
import { scanActivity } from './scan-activity';
import { submit } from './submit';
import { withdraw } from './withdraw';

export const main = createRouter(volunteerContract, {
  saveDraft,
  submit,
  withdraw,
  myEntries,
  myEntry,
  myProgress,
  pendingEntries,
  review,
  bulkApprove,
  dashboard,
  behindPace,
  createActivity,
  activityCode,
  scanActivity,
  exportHours,
  listActivities,
  activityAttendees,
  finishExport,
});
