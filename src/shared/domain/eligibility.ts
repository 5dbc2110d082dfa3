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
