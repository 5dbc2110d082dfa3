import { shownAwards } from '../../../src/shared/domain/badges';
import { cstDate } from '../../../src/shared/domain/china-time';
import { ratingLabels } from '../../../src/shared/domain/inspection';
import { EVIDENCE_SHOWN, experienceLabels, type DevelopmentFacts, type Evidence, type ExperienceKind } from '../../../src/shared/domain/eligibility';
import { MONTHLY_VISIT_TARGET, visitMonth } from '../../../src/shared/domain/visits';
import { Collections } from '../collections';
import type { MemberDoc } from '../docs';
import { database } from '../sdk';
import { first } from './base';
import { dutyRepo } from './checkin-duty';
import { inspectionsRepo } from './checkin-inspections';
import { tallyId, visitsRepo } from './checkin-visits';
import { effectiveExperiences, experiencesRepo } from './develop-experiences';
import { entriesRepo } from './entries';

/** What the facts read of a member. */
export const FACT_MEMBER_FIELDS = {
  name: true, status: true, buildingId: true, buildingName: true, roomId: true, roomNumber: true, linkedRoomIds: true,
  hoursOverall: true, probationStartedAt: true, awards: true, stars: true,
} as const;
export type FactMemberDoc = Pick<MemberDoc, '_id' | keyof typeof FACT_MEMBER_FIELDS>;

/** Duty counts look at the member's latest this many records (one read; the detail counts within them). */
export const DUTY_WINDOW = 100;

/**
 * The facts behind a member's checklist, in a fixed number of bounded, index-served reads (no
 * scans): the member (1), then in parallel their latest approved entries (by_member_status_date), the
 * room's inspection state (by id), this month's visit tallies of their linked rooms (by id) and their
 * latest visits (by_member_at), their latest duty records (by_member_start) and their experience
 * records (by_member_recorded). Hours come from the member's kept totals; evidence lists the latest
 * EVIDENCE_SHOWN records. Null when the member does not exist.
 */
export async function developmentFacts(memberId: string, now: Date): Promise<DevelopmentFacts | null> {
  const member = await memberForFacts(memberId);
  return member ? factsOf(member, now) : null;
}

/** The member fields the facts and the ledger read (one read by id). */
export function memberForFacts(memberId: string): Promise<FactMemberDoc | null> {
  return first<FactMemberDoc>(database().collection(Collections.members).doc(memberId).field(FACT_MEMBER_FIELDS).get());
}

/** The same facts for a member document already read (the counselor's lists read members by page). */
export async function factsOf(member: FactMemberDoc, now: Date): Promise<DevelopmentFacts> {
  const month = visitMonth(now);
  const linked = member.linkedRoomIds ?? [];
  const [entries, roomState, tallies, visits, duty, experiences] = await Promise.all([
    entriesRepo.ofMember(member._id, { status: 'approved' }, null, EVIDENCE_SHOWN),
    inspectionsRepo.roomState(member.roomId),
    visitsRepo.tallies(linked.map((roomId) => tallyId(month, member._id, roomId))),
    visitsRepo.ofMember(member._id, null, EVIDENCE_SHOWN),
    dutyRepo.recordsPage(member._id, null, DUTY_WINDOW),
    experiencesRepo.ofMember(member._id),
  ]);

  const roomLabel = `${member.buildingName} ${member.roomNumber}`;
  const hoursEvidence: Evidence[] = entries.items.map((e) => ({
    label: `${e.title} ${e.approvedHours ?? e.hours} 小时（${e.verified ? '活动核验' : '自报审核'}）`, date: e.date, source: { collection: Collections.volunteerEntries, id: e._id },
  }));
  const roomEvidence: Evidence[] = roomState?.lastInspectionId
    ? [{ label: `最近一次检查：${roomState.lastRating ? ratingLabels[roomState.lastRating] : '无评级'}`, date: roomState.lastAt ? cstDate(roomState.lastAt) : null, source: { collection: Collections.inspectionsRecords, id: roomState.lastInspectionId } }]
    : [];
  if (roomState?.flagged && roomState.flagInspectionId && roomState.flagInspectionId !== roomState.lastInspectionId) {
    roomEvidence.unshift({ label: '评为“脏乱差”的检查', date: roomState.flaggedAt ? cstDate(roomState.flaggedAt) : null, source: { collection: Collections.inspectionsRecords, id: roomState.flagInspectionId } });
  }
  const visitEvidence: Evidence[] = visits.items.filter((v) => v.status === 'confirmed')
    .map((v) => ({ label: `走访 ${v.roomNumber}（已确认）`, date: cstDate(v.at), source: { collection: Collections.visitsRecords, id: v._id } }));
  const completed = duty.items.filter((d) => d.state === 'completed');
  const dutyEvidence: Evidence[] = completed.slice(0, EVIDENCE_SHOWN)
    .map((d) => ({ label: `${d.stationName} 值班`, date: d.date, source: { collection: Collections.dutyRecords, id: d._id } }));
  const byKind: Record<ExperienceKind, Evidence[]> = { volunteer: [], socialPractice: [], helpingPeers: [] };
  for (const r of effectiveExperiences(experiences)) {
    byKind[r.kind].push({ label: `${experienceLabels[r.kind]}：${r.title}（${r.recordedByName} 记录）`, date: r.date, source: { collection: Collections.developExperiences, id: r._id } });
  }

  return {
    memberId: member._id,
    name: member.name,
    status: member.status,
    probationStartedAt: member.probationStartedAt ?? null,
    hours: { verified: member.hoursOverall?.verified ?? 0, selfReported: member.hoursOverall?.selfReported ?? 0, evidence: hoursEvidence },
    room: { label: roomLabel, flagged: roomState?.flagged ?? false, deadline: roomState?.flagged ? roomState.deadline : null, evidence: roomEvidence },
    visits: { confirmed: [...tallies.values()].reduce((a, b) => a + b, 0), target: linked.length * MONTHLY_VISIT_TARGET, evidence: visitEvidence },
    duty: { completed: completed.length, missed: duty.items.filter((d) => d.state === 'missed').length, evidence: dutyEvidence },
    experiences: byKind,
    awards: shownAwards(member.awards, now),
    stars: member.stars ?? [],
  };
}
