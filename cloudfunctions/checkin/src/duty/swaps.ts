import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { dutyContract } from '../../../../src/shared/contract/checkin-duty';
import { instanceWindow } from '../../../../src/shared/domain/duty';
import { encodeCursor } from '../../../_common/cursor';
import { dutyRepo, swapIdOf, type DutySwapDoc } from '../../../_common/repositories/checkin-duty';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { buildingScope } from '../../../_common/scope';
import { auditorOf, BAD_CURSOR, cursorOf, holdsShift, recordBaseOf } from './common';

type C = typeof dutyContract;

/**
 * A member asks another member of the station's building to take one dated shift of theirs (one
 * that has not started). The other accepts or declines; the counselor sees every swap.
 */
export const requestSwap: Handler<C['requestSwap']> = async ({ shiftId, date, toMemberId }, ctx) => {
  const actor = await ctx.actor();
  const memberId = actor.user?.memberId;
  if (!memberId) return fail('FORBIDDEN');
  const shift = await dutyRepo.shiftById(shiftId);
  if (!shift) return fail('NOT_FOUND', '没有找到这个班次');
  const window = instanceWindow(shift, date);
  if (!window) return fail('INVALID_INPUT', '这一天不是该班次的值班日');
  if (window.startAt.getTime() <= ctx.now.getTime()) return fail('INVALID_STATE', '只能为尚未开始的值班申请换班');
  const mine = await dutyRepo.recordById(recordBaseOf(shift, date, window, memberId)._id);
  if (!holdsShift(shift, memberId, mine) || (mine && mine.state !== 'scheduled')) return fail('NOT_ON_DUTY', '这次值班不是你的');
  if (toMemberId === memberId) return fail('INVALID_INPUT', '不能和自己换班');
  const [me, other] = await Promise.all([dutyRepo.memberById(memberId), dutyRepo.memberById(toMemberId)]);
  if (!me || !other) return fail('NOT_FOUND', '没有找到这位党员');
  if (other.buildingId !== shift.buildingId) return fail('INVALID_INPUT', '只能请同楼栋的党员代班');
  const theirs = await dutyRepo.recordById(recordBaseOf(shift, date, window, toMemberId)._id);
  if (holdsShift(shift, toMemberId, theirs)) return fail('INVALID_STATE', '对方本来就在这个班次值班');
  const swap: DutySwapDoc = {
    _id: swapIdOf(shiftId, date, memberId),
    shiftId,
    stationName: shift.stationName,
    buildingId: shift.buildingId,
    date,
    start: shift.start,
    end: shift.end,
    fromMemberId: memberId,
    fromName: me.name,
    toMemberId,
    toName: other.name,
    state: 'pending',
    createdAt: ctx.now,
    answeredAt: null,
  };
  if (!(await dutyRepo.insertSwap(swap)).ok) return fail('INVALID_STATE', '这次值班已经申请过换班');
  return ok({ id: swap._id });
};

/** The asked member answers; accepting moves the dated shift to them in one audited transaction. */
export const answerSwap: Handler<C['answerSwap']> = async ({ id, accept }, ctx) => {
  const actor = await ctx.actor();
  const memberId = actor.user?.memberId;
  const swap = /^[A-Za-z0-9_-]{1,100}$/.test(id) ? await dutyRepo.swapById(id) : null;
  // Someone else's swap is answered as if it did not exist.
  if (!swap || !memberId || swap.toMemberId !== memberId) return fail('NOT_FOUND', '没有找到这条换班申请');
  if (swap.state !== 'pending') return fail('INVALID_STATE', '这条换班申请已经处理过');
  const shift = await dutyRepo.shiftById(swap.shiftId);
  const window = shift ? instanceWindow(shift, swap.date) : null;
  if (!shift || !window) return fail('NOT_FOUND', '这个班次已不存在');
  if (accept && window.startAt.getTime() <= ctx.now.getTime()) return fail('INVALID_STATE', '这次值班已经开始，不能再换班');
  const records = { from: recordBaseOf(shift, swap.date, window, swap.fromMemberId), to: recordBaseOf(shift, swap.date, window, memberId) };
  const outcome = await dutyRepo.answerSwap(swap, accept, records, auditorOf(actor), ctx.now);
  if (!outcome.ok) return outcome.code === 'CONFLICT' ? fail('CONFLICT') : fail('INVALID_STATE', '这条换班申请已经处理过，或值班已有变化');
  return ok({ done: true as const });
};

const swapSummaryOf = (s: DutySwapDoc) => ({
  id: s._id,
  shiftId: s.shiftId,
  stationName: s.stationName,
  date: s.date,
  start: s.start,
  end: s.end,
  fromMemberId: s.fromMemberId,
  fromName: s.fromName,
  toMemberId: s.toMemberId,
  toName: s.toName,
  state: s.state,
  createdAt: new Date(s.createdAt).toISOString(),
});

function reply(page: { items: DutySwapDoc[]; more: boolean }) {
  const last = page.items[page.items.length - 1];
  return ok({ items: page.items.map(swapSummaryOf), nextCursor: page.more && last ? encodeCursor(new Date(last.createdAt), last._id) : null });
}

export const mySwaps: Handler<C['mySwaps']> = async ({ cursor, limit }, ctx) => {
  const after = cursorOf(cursor);
  if (after === 'bad') return fail('INVALID_INPUT', BAD_CURSOR);
  const memberId = (await ctx.actor()).user?.memberId;
  if (!memberId) return ok({ items: [], nextCursor: null });
  return reply(await dutyRepo.swapsToPage(memberId, after, limit ?? PAGE_LIMIT_DEFAULT));
};

export const listSwaps: Handler<C['listSwaps']> = async ({ cursor, limit }, ctx) => {
  const after = cursorOf(cursor);
  if (after === 'bad') return fail('INVALID_INPUT', BAD_CURSOR);
  return reply(await dutyRepo.swapsPage(buildingScope(await ctx.actor()), after, limit ?? PAGE_LIMIT_DEFAULT));
};

/** Members of the caller's building (not the caller), names only: whom they may ask to take a shift. */
export const swapCandidates: Handler<C['swapCandidates']> = async ({ cursor, limit }, ctx) => {
  const after = cursorOf(cursor);
  if (after === 'bad') return fail('INVALID_INPUT', BAD_CURSOR);
  const memberId = (await ctx.actor()).user?.memberId;
  const me = memberId ? await dutyRepo.memberById(memberId) : null;
  if (!me) return ok({ items: [], nextCursor: null });
  const page = await dutyRepo.membersOfBuilding(me.buildingId, after?.id ?? null, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({
    items: page.items.filter((m) => m._id !== me._id).map((m) => ({ id: m._id, name: m.name })),
    nextCursor: page.more && last ? encodeCursor(null, last._id) : null,
  });
};
