import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { developRecordsContract } from '../../../../src/shared/contract/develop-records';
import { noticeRunning } from '../../../../src/shared/domain/development';
import { RATE_LIMITS } from '../../../../src/shared/domain/rate-limits';
import { checkText } from '../../../_common/content-check';
import { decodeCursor, encodeCursor } from '../../../_common/cursor';
import { consume, consumePublic } from '../../../_common/rate-limit';
import { developRecordsRepo, type DevelopNoticeDoc } from '../../../_common/repositories/develop-records';
import { rosterRepo } from '../../../_common/repositories/roster';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
import { objectionView, publicNotice } from './person';

const badCursor = () => fail('INVALID_INPUT', '分页参数无效，请刷新列表');
const running = (now: Date) => (n: DevelopNoticeDoc) => noticeRunning({ from: new Date(n.from), until: new Date(n.until) }, now);

/**
 * The 公示 running on a building's wall: anyone may read it (it is a public notice), rate-limited like
 * the wall so paging buildings cannot copy names; one read on `by_building_until` plus the limit's write.
 */
export const wallNotices: Handler<typeof developRecordsContract.wallNotices> = async ({ buildingId, cursor, limit }, { caller, now, actor }) => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return badCursor();
  const limited = await consumePublic({ public: RATE_LIMITS.noticeView, staff: RATE_LIMITS.noticeViewStaff }, caller.openid, now, async () => (await actor()).role);
  if (!limited.ok) return limited;
  const page = await developRecordsRepo.runningInBuilding(buildingId, now, after, limit ?? PAGE_LIMIT_DEFAULT);
  // A notice published ahead of a moved clock is not shown before it starts.
  const items = page.items.filter(running(now)).map((n) => publicNotice(n, now));
  const last = page.items[page.items.length - 1];
  return ok({ items, nextCursor: page.more && last ? encodeCursor(new Date(last.until), last._id) : null });
};

/**
 * A student or member of the building objects to a running notice: one open objection per person
 * per notice (a second waits for the answer to the first), content-checked, rate-limited; the
 * counselor of the building reads and answers it.
 */
export const objectToNotice: Handler<typeof developRecordsContract.objectToNotice> = async ({ noticeId, text }, { caller, now, actor }) => {
  const { user } = await actor();
  if (!user?.rosterId) return fail('FORBIDDEN', '请先绑定学号');
  const limited = await consume(RATE_LIMITS.noticeObjection, user._id, now);
  if (!limited.ok) return limited;
  const notice = await developRecordsRepo.notice(noticeId);
  if (!notice) return fail('NOT_FOUND', '没有找到这条公示');
  const home = user.buildingId ?? (await rosterRepo.byId(user.rosterId))?.buildingId ?? null;
  if (home !== notice.buildingId) return fail('FORBIDDEN', '只有本楼的同学和党员可以对这条公示提出异议');
  if (notice.rosterId === user.rosterId) return fail('FORBIDDEN', '不能对关于自己的公示提出异议');
  if (!running(now)(notice)) return fail('INVALID_STATE', '公示期已结束，不能再提出异议');
  const checked = await checkText(text, caller.openid);
  if (!checked.ok) return checked;
  const saved = await developRecordsRepo.object(
    {
      _id: '',
      noticeId,
      noticeRosterId: notice.rosterId,
      buildingId: notice.buildingId,
      name: notice.name,
      stage: notice.stage,
      rosterId: user.rosterId,
      userId: user._id,
      fromName: user.name,
      text,
      status: 'open',
      createdAt: now,
      answer: null,
      answeredAt: null,
      answeredBy: null,
    },
    running(now),
  );
  if (saved.ok) return ok({ objection: objectionView(saved.value) });
  if (saved.code === 'OPEN') return fail('INVALID_STATE', '你对这条公示的异议还在等待答复，答复后才能再提');
  if (saved.code === 'ENDED') return fail('INVALID_STATE', '公示期已结束，不能再提出异议');
  if (saved.code === 'NOT_FOUND') return fail('NOT_FOUND', '没有找到这条公示');
  return fail('CONFLICT', '提交太频繁，请稍后再试');
};

/** The caller's objections, newest first, with the answers. */
export const myObjections: Handler<typeof developRecordsContract.myObjections> = async ({ cursor, limit }, { actor }) => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return badCursor();
  const { user } = await actor();
  if (!user) return ok({ items: [], nextCursor: null });
  const page = await developRecordsRepo.objectionsPage({ userId: user._id }, after, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({ items: page.items.map(objectionView), nextCursor: page.more && last ? encodeCursor(new Date(last.createdAt), last._id) : null });
};

/** A building's objections (open by default) for its counselor, newest first. */
export const noticeObjections: Handler<typeof developRecordsContract.noticeObjections> = async ({ buildingId, status, cursor, limit }, { actor }) => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return badCursor();
  const me = await actor();
  if (!inScope(me, buildingId)) return fail('FORBIDDEN', '只能查看自己负责楼栋的异议');
  const page = await developRecordsRepo.objectionsPage({ buildingId, status: status ?? 'open' }, after, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({ items: page.items.map(objectionView), nextCursor: page.more && last ? encodeCursor(new Date(last.createdAt), last._id) : null });
};

/** The counselor answers an open objection once; audited. The objector reads it in their list. */
export const answerNoticeObjection: Handler<typeof developRecordsContract.answerNoticeObjection> = async ({ id, answer }, { caller, now, actor }) => {
  const me = await actor();
  const objection = await developRecordsRepo.objection(id);
  if (!objection) return fail('NOT_FOUND', '没有找到这条异议');
  if (!inScope(me, objection.buildingId)) return fail('FORBIDDEN', '只能答复自己负责楼栋的异议');
  const done = await developRecordsRepo.answer(id, { text: answer, by: me.user?._id ?? caller.openid }, { actorOpenid: caller.openid, actorRole: me.role }, now);
  if (done.ok) return ok({ done: true as const });
  if (done.code === 'ANSWERED') return fail('INVALID_STATE', '这条异议已经答复过了');
  if (done.code === 'NOT_FOUND') return fail('NOT_FOUND', '没有找到这条异议');
  return fail('CONFLICT', '这条异议刚被他人答复，请刷新');
};
