import type { developRecordsContract } from '../../../../src/shared/contract/develop-records';
import { developRecordsRepo } from '../../../_common/repositories/develop-records';
import { rosterRepo } from '../../../_common/repositories/roster';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
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
