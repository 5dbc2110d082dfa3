import type { MemberStatus } from '../model';
import { DAY_MS } from './china-time';
import { flagBlocksStep } from './inspection';
import { NOTICE_DAYS_DEFAULT, NOTICE_DAYS_MAX, noticeUntil } from './star';

/**
 * The development timeline (发展党员的时间线, issue 11 point 4): 入党申请 -> 积极分子确定 -> 发展对象 ->
 * 预备党员 (probation starts) -> 转正. The rules the counselor's page and the `develop` function both
 * apply. Pure: the caller passes today's China date and `now`.
 */

/** A stage of the timeline: `applied` is a roster student who handed in an application (no member document yet). */
export type DevelopStage = 'applied' | MemberStatus;

export const DEVELOP_STAGES: readonly DevelopStage[] = ['applied', 'activist', 'candidate', 'probationary', 'full'];

/** What the step that reaches a stage is called on the timeline. */
export const stageStepLabels: Record<DevelopStage, string> = {
  applied: '递交入党申请',
  activist: '确定为入党积极分子',
  candidate: '确定为发展对象',
  probationary: '接收为预备党员',
  full: '转为正式党员',
};

/** The stage after `current` (null: not on the timeline yet, so the first step is the application), or null at the end. */
export function nextStage(current: DevelopStage | null): DevelopStage | null {
  if (current === null) return 'applied';
  const i = DEVELOP_STAGES.indexOf(current);
  return i >= 0 && i < DEVELOP_STAGES.length - 1 ? DEVELOP_STAGES[i + 1] : null;
}

/** The stage before `stage` on the timeline, or null for the application. */
export function previousStage(stage: DevelopStage): DevelopStage | null {
  const i = DEVELOP_STAGES.indexOf(stage);
  return i > 0 ? DEVELOP_STAGES[i - 1] : null;
}

/** Seed 004's veto (一票否决) applies to the steps that develop or convert: reuses the inspections rule. */
export function stageVetoed(stage: DevelopStage): boolean {
  return stage !== 'applied' && flagBlocksStep(stage);
}

/** Admission (接收预备党员) and conversion (转正) are announced on the building's wall (公示). */
export function announced(stage: DevelopStage): stage is 'probationary' | 'full' {
  return stage === 'probationary' || stage === 'full';
}

/** 公示 lasts 7 days unless the counselor sets otherwise, within 5 to 30 days (the vote's bounds above 5). */
export const DEVELOP_NOTICE_DAYS_DEFAULT = NOTICE_DAYS_DEFAULT;
export const DEVELOP_NOTICE_DAYS_MIN = 5;
export const DEVELOP_NOTICE_DAYS_MAX = NOTICE_DAYS_MAX;

/** The end of a notice published at `from` (the vote's rule). */
export function developNoticeUntil(from: Date, days: number): Date {
  return noticeUntil(from, days);
}

/** A notice is on the wall in [from, until). */
export function noticeRunning(notice: { from: Date; until: Date }, now: Date): boolean {
  return notice.from.getTime() <= now.getTime() && now.getTime() < notice.until.getTime();
}

/** Whole days a running notice has left (at least 1 while it runs). */
export function noticeDaysLeft(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / DAY_MS));
}

/**
 * Why a step's date is refused, or null: never after today (China date), never before the date of
 * the step before it (unknown for members recorded before the timeline existed), and, for a
 * correction, never after the date of the step after it.
 */
export function stepDateRefusal(date: string, today: string, before: string | null, after: string | null = null): string | null {
  if (date > today) return '日期不能晚于今天';
  if (before && date < before) return `日期不能早于上一步的日期（${before}）`;
  if (after && date > after) return `日期不能晚于下一步的日期（${after}）`;
  return null;
}

/** Why a step to `to` is out of order for someone at `current`, or null. */
export function stepOrderRefusal(name: string, current: DevelopStage | null, to: DevelopStage): string | null {
  const next = nextStage(current);
  if (next === to) return null;
  if (!next) return `${name}已转为正式党员，时间线已完整`;
  const now = current ? `已${stageStepLabels[current]}` : '尚未递交入党申请';
  return `${name}${now}，下一步只能是“${stageStepLabels[next]}”`;
}
