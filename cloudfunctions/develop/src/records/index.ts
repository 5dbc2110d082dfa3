import type { developRecordsContract } from '../../../../src/shared/contract/develop-records';
import type { Handlers } from '../../../_common/router';
import { answerNoticeObjection, myObjections, noticeObjections, objectToNotice, wallNotices } from './notices';
import { changeMembership, membershipOptions, withdrawStep } from './changes';
import { correctStep, recordStep } from './steps';
import { myTimeline, timeline, timelinePeople } from './timeline';

/** The records section's handlers (grouped by subject in the files beside this one). */
export const recordsHandlers: Handlers<typeof developRecordsContract> = {
  recordStep,
  correctStep,
  withdrawStep,
  changeMembership,
  membershipOptions,
  timelinePeople,
  timeline,
  myTimeline,
  wallNotices,
  objectToNotice,
  myObjections,
  noticeObjections,
  answerNoticeObjection,
};
