import { z } from 'zod';
import type { MemberStatus } from '../model';
import { DAY_MS, cstYearMonth } from './china-time';

/**
 * Room inspections (安全卫生检查, seeds 001/002/004): the checklist, the rating a score earns, the
 * 脏乱差 flag and its rectification deadline, the development steps a flag blocks, and the monthly
 * 文明寝室. The page and the `checkin` function both import these rules.
 */

export const ChecklistCategory = z.enum(['hygiene', 'safety']);
export type ChecklistCategory = z.infer<typeof ChecklistCategory>;
export const checklistCategoryLabels: Record<ChecklistCategory, string> = { hygiene: '卫生', safety: '安全' };

export const ChecklistItem = z
  .object({
    id: z.string().regex(/^[a-z][a-zA-Z0-9]{0,30}$/, '检查项编号为字母数字'),
    category: ChecklistCategory,
    label: z.string().trim().min(1).max(30),
    maxScore: z.number().int().min(1).max(100),
  })
  .strict();
export type ChecklistItem = z.infer<typeof ChecklistItem>;

/** A school's checklist: 1-30 items with distinct ids, at least one of each category. */
export const Checklist = z
  .array(ChecklistItem)
  .min(2)
  .max(30)
  .refine((items) => new Set(items.map((i) => i.id)).size === items.length, '检查项编号不能重复')
  .refine((items) => ChecklistCategory.options.every((c) => items.some((i) => i.category === c)), '卫生和安全至少各有一项');

/** The default checklist (seed 001 安全卫生检查, seed 004 脏乱差), out of 100; a school edits its own. */
export const DEFAULT_CHECKLIST: ChecklistItem[] = [
  { id: 'floor', category: 'hygiene', label: '地面干净无垃圾', maxScore: 20 },
  { id: 'beds', category: 'hygiene', label: '床铺被褥整齐', maxScore: 15 },
  { id: 'desks', category: 'hygiene', label: '桌面物品摆放有序', maxScore: 15 },
  { id: 'bathroom', category: 'hygiene', label: '卫生间阳台整洁无异味', maxScore: 15 },
  { id: 'appliances', category: 'safety', label: '无违规电器', maxScore: 15 },
  { id: 'wiring', category: 'safety', label: '无私拉电线、插座不超负荷', maxScore: 10 },
  { id: 'exits', category: 'safety', label: '门窗水电安全、通道无堆放', maxScore: 10 },
];

export const Rating = z.enum(['excellent', 'good', 'pass', 'failing']);
export type Rating = z.infer<typeof Rating>;
export const ratingLabels: Record<Rating, string> = { excellent: '优秀', good: '良好', pass: '合格', failing: '脏乱差' };

/** Rating thresholds on the percentage of the checklist's full score. */
export const RATING_THRESHOLDS = { excellent: 90, good: 75, pass: 60 } as const;
/** A 脏乱差 room must be rectified within this many days (the deadline shown to residents and counselors). */
export const RECTIFY_DAYS = 7;

export type ItemScore = { id: string; score: number };

/**
 * Scores against a checklist: every item scored once, each within 0..maxScore. The rating is derived
 * from the percentage (never chosen by the inspector), so the same scores always earn the same rating.
 */
export function scoreInspection(
  checklist: ChecklistItem[],
  scores: ItemScore[],
): { ok: true; total: number; max: number; percent: number; rating: Rating } | { ok: false; message: string } {
  const byId = new Map(scores.map((s) => [s.id, s.score]));
  if (byId.size !== scores.length) return { ok: false, message: '同一检查项只能打一次分' };
  for (const s of scores) if (!checklist.some((i) => i.id === s.id)) return { ok: false, message: `检查表中没有“${s.id}”这一项，请刷新检查表` };
  let total = 0;
  let max = 0;
  for (const item of checklist) {
    const score = byId.get(item.id);
    if (score === undefined) return { ok: false, message: `请为“${item.label}”打分` };
    if (!Number.isInteger(score) || score < 0 || score > item.maxScore) return { ok: false, message: `“${item.label}”的分数应在0到${item.maxScore}之间` };
    total += score;
    max += item.maxScore;
  }
  const percent = Math.round((total / max) * 1000) / 10;
  return { ok: true, total, max, percent, rating: ratingOf(percent) };
}

export function ratingOf(percent: number): Rating {
  if (percent >= RATING_THRESHOLDS.excellent) return 'excellent';
  if (percent >= RATING_THRESHOLDS.good) return 'good';
  if (percent >= RATING_THRESHOLDS.pass) return 'pass';
  return 'failing';
}

export function rectifyDeadline(flaggedAt: Date): Date {
  return new Date(flaggedAt.getTime() + RECTIFY_DAYS * DAY_MS);
}

/** Whole days a flag has been open (0 on the day it was set). */
export function daysOpen(flaggedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - flaggedAt.getTime()) / DAY_MS));
}

/** The state of a room's flag, as the projection keeps it. */
export interface RoomFlag {
  flagged: boolean;
  /** Who gave the latest 脏乱差 rating: they may not be the one to clear it. */
  flaggedBy: string | null;
}

export type InspectionEffect = 'none' | 'flag' | 'stillFlagged' | 'clear';

/**
 * What an inspection does to a room's flag. A flagged room is cleared only by a re-inspection by a
 * different inspector rated above 脏乱差; the inspector who flagged it may not re-inspect it at all
 * (SAME_INSPECTOR), so a room is never cleared by the person who found it failing.
 */
export function inspectionEffect(flag: RoomFlag | null, inspectorId: string, rating: Rating): InspectionEffect | 'SAME_INSPECTOR' {
  if (!flag?.flagged) return rating === 'failing' ? 'flag' : 'none';
  if (flag.flaggedBy === inspectorId) return 'SAME_INSPECTOR';
  return rating === 'failing' ? 'stillFlagged' : 'clear';
}

/** Development order (发展): activist -> candidate -> probationary -> full (转正). */
export const DEVELOPMENT_ORDER: MemberStatus[] = ['activist', 'candidate', 'probationary', 'full'];

/** The one step forward from a status, or null for a full member. */
export function nextStatus(status: MemberStatus): MemberStatus | null {
  const i = DEVELOPMENT_ORDER.indexOf(status);
  return i >= 0 && i < DEVELOPMENT_ORDER.length - 1 ? DEVELOPMENT_ORDER[i + 1] : null;
}

/**
 * Seed 004: “脏乱差”寝室在完成整治之前，其寝室成员不得发展入党，寝室中的预备党员不得予以转正. A flag on the
 * resident's room blocks every development step (to candidate, to probationary) and conversion (to full).
 */
export const FLAG_BLOCKED_STEPS: ReadonlyArray<MemberStatus> = ['candidate', 'probationary', 'full'];

export function flagBlocksStep(to: MemberStatus): boolean {
  return FLAG_BLOCKED_STEPS.includes(to);
}

/** The refusal a counselor reads, naming the room and the deadline (China dates). */
export function flagVetoMessage(roomLabel: string, deadlineDate: string, to: MemberStatus): string {
  const what = to === 'full' ? '转正' : '发展';
  return `${roomLabel}被评为“脏乱差”，整改期限${deadlineDate}，整改并经其他检查员复查通过前不得${what}（一票否决）`;
}

/** `YYYY-MM` of an instant in China time: the month an inspection counts for (文明寝室). */
export function monthKeyOf(at: Date): string {
  const { year, monthIndex } = cstYearMonth(at);
  return `${year}-${String(monthIndex + 1).padStart(2, '0')}`;
}

export const MonthKey = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式为YYYY-MM');

/**
 * 文明寝室 of a month (seed 002 月度文明寝室评比): inspected at least once that month, and every
 * inspection (its effective rating, after corrections) rated 优秀.
 */
export function isCivilisedRoom(ratings: Rating[]): boolean {
  return ratings.length > 0 && ratings.every((r) => r === 'excellent');
}
