import type { accountContract } from '../../../src/shared/contract/account';
import { storeExportFile } from '../../_common/exports';
import { myDataRepo, type MyDataKind } from '../../_common/repositories/my-data';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';

const EMPTY: MyDataKind = { items: [], truncated: false };

/**
 * A copy of the caller's own personal data (PIPL art. 45): everything the system keeps about them,
 * found from their own user document only, as one JSON file under `exports/<their openid>/` that the
 * storage rules let no client read; the short-lived URL goes to them alone (like the hours export,
 * and swept within a day). A person who left the school keeps this right until anonymised.
 */
export const myData: Handler<typeof accountContract.myData> = async (_input, ctx) => {
  const { user, role } = await ctx.actor();
  if (!user || (!user.rosterId && !user.memberId)) return fail('NOT_FOUND', '我们没有保存你的个人信息：你还没有绑定学号');
  const { rosterId, memberId } = user;
  const [roster, member, entries, visits, duty, badges, steps, notices, feedback, consent] = await Promise.all([
    myDataRepo.roster(rosterId),
    myDataRepo.member(memberId),
    memberId ? myDataRepo.entries(memberId) : EMPTY,
    memberId ? myDataRepo.visits(memberId) : EMPTY,
    memberId ? myDataRepo.duty(memberId) : EMPTY,
    memberId ? myDataRepo.badges(memberId) : EMPTY,
    rosterId ? myDataRepo.developSteps(rosterId) : EMPTY,
    rosterId ? myDataRepo.developNotices(rosterId) : EMPTY,
    myDataRepo.feedbackSent(user._id),
    memberId ? myDataRepo.consentHistory(memberId) : EMPTY,
  ]);
  const kinds = { volunteerEntries: entries, visits, duty, badges, developSteps: steps, developNotices: notices, feedbackSent: feedback, consentHistory: consent };
  const copy = {
    说明: '这是你在“社区党建”小程序中的个人信息副本（《个人信息保护法》第四十五条）。各类记录最多1000条，超出时 truncated 为 true。',
    generatedAt: ctx.now.toISOString(),
    account: { openid: user.openid, role: user.role, name: user.name, createdAt: user.createdAt, leftAt: user.leftAt ?? null },
    roster,
    member,
    ...Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, v])),
  };
  const counts = Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, v.items.length]));
  const stored = await storeExportFile(Buffer.from(JSON.stringify(copy, null, 2), 'utf8'), 'my-data', 'json', ctx, {
    actorOpenid: ctx.caller.openid,
    actorRole: role,
    action: 'account.myData',
    target: { collection: 'users', id: user._id },
    before: null,
    after: { counts },
  });
  if (!stored) return fail('CONFLICT', '生成副本时遇到冲突，请稍后重试');
  return ok({ fileID: stored.fileID, url: stored.url, counts });
};
