import type { developRecordsContract } from '../../../../src/shared/contract/develop-records';
import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import { decodeCursor, encodeCursor } from '../../../_common/cursor';
import { developRecordsRepo } from '../../../_common/repositories/develop-records';
import { rosterRepo } from '../../../_common/repositories/roster';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { buildingScope, inScope } from '../../../_common/scope';
import { noticeSummary, objectionView, personBefore, personOf, resolvePerson, stepViews } from './person';

/** A person's timeline for staff in scope: steps with their corrections, the notices and the objections raised. */
export const timeline: Handler<typeof developRecordsContract.timeline> = async ({ person: ref }, { now, actor }) => {
  const me = await actor();
  const found = await resolvePerson(ref);
  if (!found) return fail('NOT_FOUND', '没有找到这名学生，请核对学号');
  if (!inScope(me, found.roster.buildingId)) return fail('FORBIDDEN', '只能查看自己负责楼栋学生的发展记录');
  const person = await developRecordsRepo.person(found.roster._id);
  // Records exist only once a step was recorded, which also wrote the person.
  const [view, steps, notices, objections] = await Promise.all([
    person ? personOf(person) : personBefore(found.roster, found.member),
    person ? developRecordsRepo.stepsOf(person._id) : [],
    person ? developRecordsRepo.noticesOf(person._id) : [],
    person ? developRecordsRepo.objectionsAbout(person._id) : [],
  ]);
  return ok({ person: view, steps: stepViews(steps), notices: notices.map((n) => noticeSummary(n, now)), objections: objections.map(objectionView) });
};

/** The caller's own timeline (steps, corrections, notices), or null while they are not on it. */
export const myTimeline: Handler<typeof developRecordsContract.myTimeline> = async (_input, { now, actor }) => {
  const { user } = await actor();
  if (!user?.rosterId) return fail('NOT_FOUND', '没有找到你的学籍信息，请先绑定学号');
  const person = await developRecordsRepo.person(user.rosterId);
  if (!person && !user.memberId) return ok(null);
  if (!person) {
    // A member recorded before the timeline existed: their status, no dates yet.
    const [roster, member] = await Promise.all([rosterRepo.byId(user.rosterId), user.memberId ? developRecordsRepo.member(user.memberId) : null]);
    if (!roster) return fail('NOT_FOUND', '没有找到你的学籍信息，请先绑定学号');
    return ok({ person: await personBefore(roster, member), steps: [], notices: [] });
  }
  const [steps, notices] = await Promise.all([developRecordsRepo.stepsOf(person._id), developRecordsRepo.noticesOf(person._id)]);
  return ok({ person: personOf(person), steps: stepViews(steps), notices: notices.map((n) => noticeSummary(n, now)) });
};

/**
 * Everyone on a building's development timeline for its counselor (issue 11 gap): by stage or all,
 * latest change first, one index-served read per page. A counselor without a building named sees
 * their first building.
 */
export const timelinePeople: Handler<typeof developRecordsContract.timelinePeople> = async ({ buildingId, stage, cursor, limit }, { actor }) => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', '分页参数无效，请刷新列表');
  const me = await actor();
  const scope = buildingScope(me);
  const building = buildingId ?? (scope.all ? null : scope.ids[0] ?? null);
  if (!building) return ok({ buildingId: null, items: [], nextCursor: null });
  if (!inScope(me, building)) return fail('FORBIDDEN', '只能查看自己负责楼栋的发展对象');
  const page = await developRecordsRepo.peoplePage({ buildingId: building, stage }, after, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({
    buildingId: building,
    items: page.items.map((p) => ({ ...personOf(p), updatedAt: new Date(p.updatedAt).toISOString() })),
    nextCursor: page.more && last ? encodeCursor(new Date(last.updatedAt), last._id) : null,
  });
};
