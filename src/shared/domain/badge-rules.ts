/**
 * Rules of the catalogue, awards by hand and 党员示范寝室 applications (issue 11), applied by the admin
 * and counselor pages before they call and by the badge function again. Pure (docs/glossary.md).
 */
import { shownAwards, type BadgeDef, type CurrentAward } from './badges';
import type { Post } from '../model';

/** What a viewer reads of a badge: its code (stable) and the name it was given with. */
export interface BadgeTag {
  code: string;
  name: string;
}

/** The badges to show for a holder's projection (current ones, none while the room is flagged). */
export function badgeTags(awards: readonly CurrentAward[] | undefined, now: Date, suspended = false): BadgeTag[] {
  return shownAwards(awards, now, suspended).map((a) => ({ code: a.code, name: a.name }));
}

/**
 * A school adds badges it gives by hand (`manual`, a member's or a room's) or hour milestones; the
 * automatic kinds (stars, 文明寝室, applications) are tied to processes that name their badge by code.
 */
export const ADDABLE_SOURCES = ['manual', 'milestone'] as const;

/** The catalogue holds `catalogueMax` badges: no new one. */
export const catalogueFullMessage = (catalogueMax: number) => `徽章目录最多${catalogueMax}枚，请先停用或修改已有徽章`;

/**
 * Why a catalogue edit is refused (null: fine). An existing badge keeps its holder and source
 * (awards already given carry them); a milestone is a member's badge with whole hours.
 */
export interface EditProblem {
  /** INVALID_STATE: refused because of what the catalogue holds; INVALID_INPUT: the edit itself is wrong. */
  code: 'INVALID_STATE' | 'INVALID_INPUT';
  message: string;
}

export function catalogueEditProblem(def: BadgeDef, existing: BadgeDef | null, catalogueSize: number, catalogueMax: number): EditProblem | null {
  const state = (message: string): EditProblem => ({ code: 'INVALID_STATE', message });
  const input = (message: string): EditProblem => ({ code: 'INVALID_INPUT', message });
  if (existing) {
    if (existing.holder !== def.holder || existing.source !== def.source) return state('已有徽章的授予对象和授予方式不能修改，请新建一枚徽章');
  } else {
    if (catalogueSize >= catalogueMax) return state(catalogueFullMessage(catalogueMax));
    if (!(ADDABLE_SOURCES as readonly string[]).includes(def.source)) return input('新徽章只能是“手动授予”或“时长里程碑”');
  }
  if (def.source === 'milestone') {
    if (def.holder !== 'member') return input('时长里程碑只能授予党员');
    if (def.milestoneHours === undefined) return input('请填写里程碑的时长');
    if (def.validity !== 'open') return input('时长里程碑长期有效，有效期请选“长期”');
  } else if (def.milestoneHours !== undefined) {
    return input('只有时长里程碑需要填写时长');
  }
  return null;
}

/** Why a badge cannot be given by hand to this kind of holder (null: it can). */
export function manualAwardProblem(def: Pick<BadgeDef, 'source' | 'holder' | 'active' | 'name'> | null, holder: 'member' | 'room'): string | null {
  if (!def) return '徽章目录中没有这枚徽章';
  if (!def.active) return `“${def.name}”已停用，不能再授予`;
  if (def.source !== 'manual') return `“${def.name}”由系统自动授予或经申请审核授予，不能手动授予`;
  if (def.holder !== holder) return def.holder === 'room' ? `“${def.name}”授予寝室，请选择寝室` : `“${def.name}”授予党员，请选择党员`;
  return null;
}

/**
 * 年度党员之星 (seed 000: the community's 直属党总支 confers 知行社区党员之星 each year; seed 001:
 * the year's selection goes with 党员民主评议) is the party organisation's decision, not a
 * residents' vote: it is conferred by hand, on one of the year's 每月之星 (their `stars` months).
 * Why a member cannot have it for `year` (null: they can).
 */
export function yearStarProblem(member: { name: string; stars?: readonly string[] } | null, year: number): string | null {
  if (!member) return '没有找到这位党员';
  if (!(member.stars ?? []).some((m) => m.startsWith(`${year}-`))) return `${member.name}不是${year}年的每月之星，年度党员之星从当年的每月之星中评定`;
  return null;
}

/**
 * Who applies for 党员示范寝室: the room's leader, i.e. a member who lives in the room (their
 * profile's room) and holds the 宿舍长 post. A room without one applies through its counselor
 * naming a 宿舍长 first (account profile posts).
 */
export function isRoomLeaderOf(member: { roomId: string; posts?: readonly Post[] } | null, roomId: string): boolean {
  return !!member && member.roomId === roomId && (member.posts ?? []).includes('roomLeader');
}

/** One application per room and term: the id is the fact "this room applied this term". */
export function modelRoomApplicationId(termKey: string, roomId: string): string {
  return `mr_${termKey}_${roomId}`;
}

export type ApplicationStatus = 'pending' | 'approved' | 'declined';

export const applicationStatusLabels: Record<ApplicationStatus, string> = { pending: '审核中', approved: '已获评', declined: '未通过' };

/** A declined application may be made again in the same term (its history stays); a pending or approved one may not. */
export function mayApplyAgain(status: ApplicationStatus | null): boolean {
  return status === null || status === 'declined';
}
