import type { z } from 'zod';
import type { NoticeObjection, NoticeSummary, Person, PublicNotice, TimelineStep } from '../../../../src/shared/contract/develop-records';
import { noticeDaysLeft, noticeRunning } from '../../../../src/shared/domain/development';
import { developRecordsRepo, type DevelopNoticeDoc, type DevelopObjectionDoc, type DevelopPersonDoc, type DevelopStepDoc, type StepMember } from '../../../_common/repositories/develop-records';
import { rosterRepo, type RosterEntry } from '../../../_common/repositories/roster';

/** Who a step or a timeline is for: a roster entry, by one of its three handles. */
export type PersonRef = { rosterId?: string; memberId?: string; studentNo?: string };

export async function resolvePerson(ref: PersonRef): Promise<{ roster: RosterEntry; member: StepMember | null } | null> {
  if (ref.memberId) {
    const member = await developRecordsRepo.member(ref.memberId);
    const roster = member ? await rosterRepo.byId(member.rosterId) : null;
    return roster ? { roster, member } : null;
  }
  const roster = ref.rosterId ? await rosterRepo.byId(ref.rosterId) : ref.studentNo ? await rosterRepo.byStudentNo(ref.studentNo) : null;
  if (!roster) return null;
  return { roster, member: roster.memberStatus ? await developRecordsRepo.memberOfRoster(roster._id) : null };
}

/** The person as the timeline shows them, from their record. */
export function personOf(person: DevelopPersonDoc): z.infer<typeof Person> {
  return { rosterId: person._id, memberId: person.memberId, name: person.name, buildingId: person.buildingId, roomLabel: person.roomLabel, stage: person.stage, dates: person.dates };
}

/** Someone not on the timeline yet: from the roster and the member document (a member recorded before the timeline existed). */
export async function personBefore(roster: RosterEntry, member: StepMember | null): Promise<z.infer<typeof Person>> {
  const roomLabel = member ? `${member.buildingName} ${member.roomNumber}` : await developRecordsRepo.roomLabel(roster.buildingId, roster.roomId);
  return { rosterId: roster._id, memberId: member?._id ?? null, name: roster.name, buildingId: roster.buildingId, roomLabel, stage: member?.status ?? roster.memberStatus ?? null, dates: {} };
}

/**
 * Steps, corrections, withdrawals and membership changes in order; a record is superseded once a later
 * correction of the same step exists; a withdrawn step (and its corrections) is marked withdrawn.
 */
export function stepViews(steps: DevelopStepDoc[]): Array<z.infer<typeof TimelineStep>> {
  const latest = new Map<string, DevelopStepDoc>();
  const withdrawn = new Set<string>();
  for (const s of steps) {
    if (s.kind === 'correction' && s.correctsId) latest.set(s.correctsId, s);
    if (s.kind === 'withdrawal' && s.correctsId) withdrawn.add(s.correctsId);
  }
  const place = (p: { branchName: string | null; groupName: string | null }) => ({ branchName: p.branchName, groupName: p.groupName });
  return steps.map((s) => ({
    id: s._id,
    kind: s.kind,
    stage: s.stage,
    date: s.date,
    correctsId: s.correctsId,
    reason: s.reason,
    note: s.note,
    byName: s.byName,
    at: new Date(s.at).toISOString(),
    superseded: s.kind === 'step' ? latest.has(s._id) : s.kind === 'correction' ? latest.get(s.correctsId ?? '')?._id !== s._id : false,
    withdrawn: (s.kind === 'step' && withdrawn.has(s._id)) || (s.kind === 'correction' && withdrawn.has(s.correctsId ?? '')),
    change: s.change ? { kind: s.change.kind, before: place(s.change.before), after: place(s.change.after) } : null,
  }));
}

export function noticeSummary(n: DevelopNoticeDoc, now: Date): z.infer<typeof NoticeSummary> {
  const times = { from: new Date(n.from), until: new Date(n.until) };
  return { id: n._id, stage: n.stage, date: n.date, from: times.from.toISOString(), until: times.until.toISOString(), running: noticeRunning(times, now) };
}

/** A public notice copies its fields one by one: never a 学号, phone or ID number. */
export function publicNotice(n: DevelopNoticeDoc, now: Date): z.infer<typeof PublicNotice> {
  const until = new Date(n.until);
  return { id: n._id, name: n.name, stage: n.stage, date: n.date, branchName: n.branchName, buildingName: n.buildingName, from: new Date(n.from).toISOString(), until: until.toISOString(), daysLeft: noticeDaysLeft(until, now) };
}

export function objectionView(o: DevelopObjectionDoc): z.infer<typeof NoticeObjection> {
  return {
    id: o._id,
    noticeId: o.noticeId,
    name: o.name,
    stage: o.stage,
    text: o.text,
    fromName: o.fromName,
    status: o.status,
    createdAt: new Date(o.createdAt).toISOString(),
    answer: o.answer,
    answeredAt: o.answeredAt ? new Date(o.answeredAt).toISOString() : null,
  };
}
