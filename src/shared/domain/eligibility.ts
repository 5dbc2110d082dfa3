/**
 * Eligibility for the next development step, explained (issue 11 point 5): what the seeds require of
 * an activist, a candidate or a probationary member, each requirement with its state and the records
 * that show it. Seed 004: the three experiences (志愿者, 暑期社会实践, 帮助困难同学); the 50-hour
 * volunteer rule for probationary members (50小时义工制); a 脏乱差 room blocks development and
 * conversion until rectified. A reference for the branch, never an automatic decision.
 *
 * This file fixes the shapes the eligibility view, the counselor's lists and the conversion evidence
 * pack share; `checklistFor` (below) is the one rule that turns facts into the checklist.
 */
import type { CurrentAward } from './badges';
import { cstDate, DAY_MS } from './china-time';
import { conversionDue } from './volunteer';
import type { MemberStatus } from '../model';

export type ChecklistKey =
  | 'probationYear'
  | 'hours50'
  | 'roomNotFlagged'
  | 'linkedVisits'
  | 'dutyShifts'
  | 'volunteerExperience'
  | 'socialPractice'
  | 'helpingPeers'
  | 'badgesAndStars';

/** `met` / `unmet`; `info`: shown as evidence only (badges, stars), never a blocker. */
export type ChecklistState = 'met' | 'unmet' | 'info';

/** One record behind a checklist item or a points line: what it is, when, and where it lives. */
export interface Evidence {
  label: string;
  /** China date of the record, `YYYY-MM-DD`, when it has one. */
  date: string | null;
  source: { collection: string; id: string } | null;
}

export interface ChecklistItem {
  key: ChecklistKey;
  label: string;
  state: ChecklistState;
  /** One line a counselor reads, e.g. "已认定 32 小时，还差 18 小时". */
  detail: string;
  evidence: Evidence[];
  /** An unmet item that blocks the next step (the flag, the hours for conversion …). */
  blocks: boolean;
}

/** The three experiences of seed 004 that a counselor records with evidence (志愿者 also counts approved hours). */
export type ExperienceKind = 'volunteer' | 'socialPractice' | 'helpingPeers';
export const experienceLabels: Record<ExperienceKind, string> = { volunteer: '担任志愿者', socialPractice: '暑期社会实践', helpingPeers: '帮助困难同学' };

/** What the checklist is computed from: gathered by the develop function's facts repository. */
export interface DevelopmentFacts {
  memberId: string;
  name: string;
  status: MemberStatus;
  /** Probationary members: when probation began; conversion is due a year later. */
  probationStartedAt: Date | null;
  hours: { verified: number; selfReported: number; evidence: Evidence[] };
  room: { label: string; flagged: boolean; deadline: Date | null; evidence: Evidence[] };
  visits: { confirmed: number; target: number; evidence: Evidence[] };
  duty: { completed: number; missed: number; evidence: Evidence[] };
  experiences: Record<ExperienceKind, Evidence[]>;
  awards: CurrentAward[];
  stars: string[];
}

/** The 50-hour rule for probationary members (50小时义工制), counted on approved hours. */
export const PROBATION_HOURS = 50;
/** Counselor views: probationary members due for conversion within this many days. */
export const CONVERSION_DUE_WITHIN_DAYS = 60;

/** How many of a kind of record the facts carry as evidence (the latest ones); the detail says so when there are more. */
export const EVIDENCE_SHOWN = 10;

/** Which statuses have a next step the checklist explains (full members have none). */
export const CHECKLIST_STATUSES: readonly MemberStatus[] = ['activist', 'candidate', 'probationary'];

const plural = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

function item(key: ChecklistKey, label: string, state: ChecklistState, detail: string, evidence: Evidence[], blocks: boolean): ChecklistItem {
  return { key, label, state, detail, evidence, blocks: state === 'unmet' && blocks };
}

/**
 * The checklist of a member at `now` (seed 004, issue 11 point 5). Probationary members: the year of
 * probation, 50 approved hours (blocks conversion), the room not flagged (blocks), visits and duty
 * (shown, never blocking); activists and candidates: the room (blocks), visits, duty and the three
 * experiences (required in principle before admission: they block a candidate, and show an activist
 * what is still missing); badges and stars are information for everyone. Full members get the room and
 * the badges only: they have no next step. A reference for the branch, never an automatic decision.
 */
export function checklistFor(facts: DevelopmentFacts, now: Date): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  const probationary = facts.status === 'probationary';
  const developing = facts.status === 'activist' || facts.status === 'candidate';

  if (probationary) {
    if (facts.probationStartedAt) {
      const due = conversionDue(facts.probationStartedAt);
      const daysLeft = Math.ceil((due.getTime() - now.getTime()) / DAY_MS);
      const met = daysLeft <= 0;
      items.push(item('probationYear', '预备期满一年', met ? 'met' : 'unmet',
        met ? `预备期已于 ${cstDate(due)} 满一年` : `预备期 ${cstDate(due)} 满一年，还有 ${daysLeft} 天`,
        [{ label: `预备期开始 ${cstDate(facts.probationStartedAt)}`, date: cstDate(facts.probationStartedAt), source: null }], false));
    } else {
      items.push(item('probationYear', '预备期满一年', 'unmet', '未记录预备期开始日期，请辅导员补录发展记录', [], false));
    }
    const total = facts.hours.verified + facts.hours.selfReported;
    const met = total >= PROBATION_HOURS;
    items.push(item('hours50', `志愿服务满 ${PROBATION_HOURS} 小时`, met ? 'met' : 'unmet',
      `已认定 ${plural(total)} 小时（活动核验 ${plural(facts.hours.verified)}，自报审核 ${plural(facts.hours.selfReported)}）${met ? '，已达标' : `，还差 ${plural(PROBATION_HOURS - total)} 小时`}`,
      facts.hours.evidence, true));
  }

  items.push(facts.room.flagged
    ? item('roomNotFlagged', '寝室无“脏乱差”', 'unmet',
      `寝室 ${facts.room.label} 被评为“脏乱差”${facts.room.deadline ? `，整改期限 ${cstDate(facts.room.deadline)}` : ''}；整改复查合格前不得发展或转正（一票否决）`,
      facts.room.evidence, true)
    : item('roomNotFlagged', '寝室无“脏乱差”', 'met', `寝室 ${facts.room.label} 当前未被评为“脏乱差”`, facts.room.evidence, true));

  if (probationary || developing) {
    const { confirmed, target } = facts.visits;
    items.push(target === 0
      ? item('linkedVisits', '联系寝室走访', 'unmet', '尚未联系寝室', facts.visits.evidence, false)
      : item('linkedVisits', '联系寝室走访', confirmed >= target ? 'met' : 'unmet', `本月已确认走访 ${confirmed} 次，目标 ${target} 次`, facts.visits.evidence, false));
    const { completed, missed } = facts.duty;
    items.push(item('dutyShifts', '党员值班', completed > 0 ? 'met' : 'unmet', `完成值班 ${completed} 次，缺勤 ${missed} 次`, facts.duty.evidence, false));
  }

  if (developing) {
    const blocks = facts.status === 'candidate';
    const hours = facts.hours.verified + facts.hours.selfReported;
    const volunteer = [...facts.experiences.volunteer, ...facts.hours.evidence];
    items.push(item('volunteerExperience', experienceLabels.volunteer, hours > 0 || facts.experiences.volunteer.length > 0 ? 'met' : 'unmet',
      `已认定志愿服务 ${plural(hours)} 小时，辅导员记录 ${facts.experiences.volunteer.length} 条`, volunteer, blocks));
    for (const kind of ['socialPractice', 'helpingPeers'] as const) {
      const records = facts.experiences[kind];
      items.push(item(kind, experienceLabels[kind], records.length > 0 ? 'met' : 'unmet',
        records.length > 0 ? `辅导员记录 ${records.length} 条` : '尚无辅导员记录的经历', records, blocks));
    }
  }

  const badges = facts.awards.map((a): Evidence => ({ label: a.name, date: null, source: { collection: 'badge_awards', id: a.awardId } }));
  const stars = facts.stars.map((m): Evidence => ({ label: `每月之星 ${m}`, date: null, source: null }));
  items.push(item('badgesAndStars', '徽章与党员之星', 'info',
    facts.awards.length + facts.stars.length === 0 ? '暂无徽章或党员之星' : `当前徽章 ${facts.awards.length} 个，每月之星 ${facts.stars.length} 次`, [...badges, ...stars], false));
  return items;
}

/** The unmet items that block the next step (what the counselor's lists show as blockers). */
export function blockersOf(items: readonly ChecklistItem[]): ChecklistItem[] {
  return items.filter((i) => i.blocks);
}
