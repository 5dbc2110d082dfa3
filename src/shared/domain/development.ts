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

/**
 * A step recorded by mistake is withdrawn by a record of its own (never deleted): only the step the
 * person stands at, so the remaining steps still read in order; the person goes back to the stage
 * before it. Withdrawing 积极分子确定 would leave a member document without a status, so it is refused
 * while one exists (the school removes that profile through the organisation admin). Null: allowed.
 */
export function withdrawRefusal(name: string, current: DevelopStage | null, stage: DevelopStage, hasMember: boolean): string | null {
  if (current !== stage) return current ? `${name}目前${stageLabel(current)}，只能撤回最近的一步（“${stageStepLabels[current]}”）` : `${name}的这一步已撤回`;
  if (stage === 'activist' && hasMember) return `${name}已建立党员档案，“确定为入党积极分子”不能在时间线上撤回，请联系管理员处理`;
  return null;
}

function stageLabel(stage: DevelopStage): string {
  return `已${stageStepLabels[stage]}`;
}

/** A member's organisation changes recorded on the timeline (转入/转出支部, 党小组变更). */
export const MEMBERSHIP_CHANGES = ['transferIn', 'transferOut', 'group'] as const;
export type MembershipChange = (typeof MEMBERSHIP_CHANGES)[number];

export const membershipChangeLabels: Record<MembershipChange, string> = {
  transferIn: '转入支部',
  transferOut: '转出支部',
  group: '党小组变更',
};

/** The member's branch and group before and after a change, by name. */
export interface MembershipPlace {
  branchId: string | null;
  branchName: string | null;
  groupId: string | null;
  groupName: string | null;
}

/**
 * Why a change is refused, or null: 转入 names a branch other than the current one (and a group of
 * that branch, if any); 转出 needs a current branch; 党小组变更 names another group of the member's branch.
 */
export function membershipChangeRefusal(
  name: string,
  kind: MembershipChange,
  current: MembershipPlace,
  branch: { _id: string } | null,
  group: { _id: string; branchId: string } | null,
): string | null {
  if (kind === 'transferIn') {
    if (!branch) return '请选择要转入的支部';
    if (branch._id === current.branchId) return `${name}已在该支部`;
    if (group && group.branchId !== branch._id) return '所选党小组不属于该支部';
    return null;
  }
  if (kind === 'transferOut') return current.branchId ? null : `${name}目前没有所属支部，无需转出`;
  if (!group) return '请选择新的党小组';
  if (!current.branchId) return `${name}尚未编入支部，请先办理转入支部`;
  if (group.branchId !== current.branchId) return '只能调整到本支部的党小组；跨支部请办理转入支部';
  if (group._id === current.groupId) return `${name}已在该党小组`;
  return null;
}
