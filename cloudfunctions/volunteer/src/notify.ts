import { entryStatusLabels, type EntryStatus } from '../../../src/shared/contract/volunteer';
import type { VolunteerEntryDoc } from '../../_common/docs';
import { usersRepo } from '../../_common/repositories/users';
import { cloud } from '../../_common/sdk';
import { schoolSettings } from '../../_common/settings';

export const SUBSCRIBE_SEND_API = '/cgi-bin/message/subscribe/send';
/** The page the message opens: the member's hours. */
export const REVIEW_NOTICE_PAGE = 'member/hours/index';

/** Set per school in config/school.json (the template chosen in the mini-program's admin console); the deploy passes it in. */
export const reviewTemplateId = () => schoolSettings().subscribeTemplates.volunteerReviewed;

/** WeChat's template fields: `thing` at most 20 characters, `phrase` at most 5. */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function reviewNotice(entry: VolunteerEntryDoc, touser: string) {
  const hours = entry.status === 'approved' ? `${entry.approvedHours ?? 0}小时（申报${entry.hours}小时）` : `申报${entry.hours}小时`;
  return {
    touser,
    template_id: reviewTemplateId(),
    page: REVIEW_NOTICE_PAGE,
    data: {
      thing1: { value: clip(entry.title, 20) },
      phrase2: { value: clip(entryStatusLabels[entry.status as EntryStatus], 5) },
      thing3: { value: clip(hours, 20) },
      thing4: { value: clip(entry.reviewComment || '无', 20) },
      date5: { value: entry.date },
    },
  };
}

/**
 * The one subscribe message the member granted when submitting. The review transaction already
 * cleared `notifyOnReview`, so only the reviewer whose change committed gets here: one grant, one
 * send. A failed send is logged, not retried (the grant is spent either way on WeChat's side).
 */
export async function sendReviewNotice(entry: VolunteerEntryDoc): Promise<boolean> {
  try {
    const user = await usersRepo.byId(entry.userId);
    if (!user) return false;
    const { result } = (await cloud().callWxOpenApi({ apiName: SUBSCRIBE_SEND_API, requestData: reviewNotice(entry, user.openid) })) as { result?: { errcode?: number; errmsg?: string } };
    if (result?.errcode) console.error(`[volunteer] subscribe message not sent: ${result.errcode} ${result.errmsg ?? ''}`);
    return !result?.errcode;
  } catch (err) {
    console.error('[volunteer] subscribe message failed', err);
    return false;
  }
}
