import { categoryLabels, type VolunteerCategory } from '../../../../src/shared/contract/volunteer';
import { cstAt, cstDate, cstTime } from '../../../../src/shared/domain/china-time';
import { DOSSIER_ENTRY_LIMIT, DOSSIER_RECORD_LIMIT } from '../../../../src/shared/domain/dossier';
import { dutyStateLabels, type DutyState } from '../../../../src/shared/domain/duty';
import type { ChecklistItem, DevelopmentFacts } from '../../../../src/shared/domain/eligibility';
import { ratingLabels } from '../../../../src/shared/domain/inspection';
import { visitStateLabels, visitTopicLabels, type VisitState } from '../../../../src/shared/domain/visits';
import { conversionDue, HOURS_TARGET } from '../../../../src/shared/domain/volunteer';
import { shownAwards } from '../../../../src/shared/domain/badges';
import { memberStatusLabels } from '../../../../src/shared/model';
import type { PageCursor } from '../../../_common/cursor';
import { dutyRepo } from '../../../_common/repositories/checkin-duty';
import { inspectionsRepo } from '../../../_common/repositories/checkin-inspections';
import { visitsRepo } from '../../../_common/repositories/checkin-visits';
import { dossiersRepo, type DossierMember } from '../../../_common/repositories/develop-dossier';
import { entriesRepo } from '../../../_common/repositories/entries';
import { rosterRepo } from '../../../_common/repositories/roster';

/** One line of a table in the pack: cells as the reader sees them. */
export type Row = string[];

/** Everything one pack prints, gathered with bounded reads; the PDF renderer only lays it out. */
export interface PackData {
  id: string;
  identity: Array<[label: string, value: string]>;
  hours: { verified: number; selfReported: number; total: number; target: number; rows: Row[]; listed: number; approvedTotal: number };
  room: { label: string; state: string; rows: Row[]; more: boolean };
  visits: { rows: Row[]; more: boolean };
  duty: { rows: Row[]; more: boolean };
  awards: Row[];
  stars: string[];
  checklist: ChecklistItem[];
  issuedBy: string;
  issuedAt: Date;
}

const hoursText = (h: number) => `${Math.round(h * 10) / 10}`;
const at = (d: Date | null) => (d ? `${cstDate(new Date(d))} ${cstTime(new Date(d))}` : '');

/** The member's approved entries, latest first, 100 a read, at most DOSSIER_ENTRY_LIMIT. */
async function approvedEntries(memberId: string) {
  const rows: Row[] = [];
  let after: PageCursor | null = null;
  let more = true;
  while (more && rows.length < DOSSIER_ENTRY_LIMIT) {
    const page = await entriesRepo.ofMember(memberId, { status: 'approved' }, after, Math.min(100, DOSSIER_ENTRY_LIMIT - rows.length));
    for (const e of page.items) {
      rows.push([e.date, `${e.start}-${e.end}`, e.title, categoryLabels[e.category as VolunteerCategory] ?? e.category, hoursText(e.approvedHours ?? e.hours), e.verified ? '活动签到核实' : '本人申报'] as Row);
    }
    const last = page.items[page.items.length - 1];
    more = page.more;
    after = last ? { at: cstAt(last.date, last.start), id: last._id } : null;
  }
  return { rows, cut: more };
}

/**
 * What the pack holds about one probationary member, read page by page and bounded: at most
 * DOSSIER_ENTRY_LIMIT entries (then the total count is read, so the pack says how many it left out)
 * and the latest DOSSIER_RECORD_LIMIT inspections of the room, visits and duty records.
 */
export async function gatherPack(
  id: string,
  member: DossierMember,
  facts: DevelopmentFacts,
  checklist: ChecklistItem[],
  issuer: { name: string },
  now: Date,
): Promise<PackData> {
  const [roster, entries, inspections, visits, duty] = await Promise.all([
    rosterRepo.byId(member.rosterId),
    approvedEntries(member._id),
    inspectionsRepo.roomPage(member.roomId, null, DOSSIER_RECORD_LIMIT),
    visitsRepo.ofMember(member._id, null, DOSSIER_RECORD_LIMIT),
    dutyRepo.recordsPage(member._id, null, DOSSIER_RECORD_LIMIT),
  ]);
  const approvedTotal = entries.cut ? await dossiersRepo.approvedEntries(member._id) : entries.rows.length;
  const verified = member.hoursOverall?.verified ?? 0;
  const selfReported = member.hoursOverall?.selfReported ?? 0;
  const started = member.probationStartedAt ? new Date(member.probationStartedAt) : null;
  const roomLabel = facts.room.label;
  const flag = facts.room;
  const latest = inspections.items.find((r) => r.kind === 'inspection' || r.kind === 'correction');

  return {
    id,
    identity: [
      ['姓名', member.name],
      ['学号', roster?.studentNo ?? '（花名册中未找到）'],
      ['政治面貌', memberStatusLabels[member.status] ?? member.status],
      ['党支部', member.branchName ?? '未登记'],
      ['党小组', member.groupName ?? '未登记'],
      ['寝室', roomLabel],
      ['预备期开始', started ? cstDate(started) : '未登记'],
      ['转正预计时间', started ? cstDate(conversionDue(started)) : '未登记'],
    ],
    hours: { verified, selfReported, total: verified + selfReported, target: HOURS_TARGET, rows: entries.rows, listed: entries.rows.length, approvedTotal },
    room: {
      label: roomLabel,
      state: flag.flagged ? `被评为“脏乱差”，整改期限 ${flag.deadline ? cstDate(new Date(flag.deadline)) : '未定'}` : latest ? `最近一次检查：${ratingLabels[latest.rating]}` : '暂无检查记录',
      rows: inspections.items.map((r) => [cstDate(new Date(r.at)), r.kind === 'correction' ? '更正' : '检查', ratingLabels[r.rating], `${r.percent}%`, r.inspectorName]),
      more: inspections.more,
    },
    visits: {
      rows: visits.items.map((v) => [at(v.at), v.roomNumber, visitTopicLabels[v.topic] ?? v.topic, visitStateLabels[(v.correction?.status ?? v.status) as VisitState] ?? v.status]),
      more: visits.more,
    },
    duty: {
      rows: duty.items.map((d) => [d.date, `${cstTime(new Date(d.startAt))}-${cstTime(new Date(d.endAt))}`, d.stationName, dutyStateLabels[d.state as DutyState] ?? d.state, d.hours === null ? '' : hoursText(d.hours)]),
      more: duty.more,
    },
    awards: shownAwards(facts.awards, now).map((a) => [a.name, a.until ? `至 ${a.until}` : '长期有效']),
    stars: [...facts.stars].sort(),
    checklist,
    issuedBy: issuer.name,
    issuedAt: now,
  };
}

