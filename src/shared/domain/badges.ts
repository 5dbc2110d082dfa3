/**
 * Badges (徽章 / 荣誉): the catalogue a school edits, what an award's validity means, and which
 * awards are current. Seeds 000 and 002 set 党员示范寝室, 党员示范岗, 党员先锋岗, 党员责任区 and
 * 党员之星; issue 11 adds hour milestones and service teams. Pure: the page and the functions both
 * import it (docs/glossary.md names the terms).
 */
import { cstDate, cstYearMonth } from './china-time';
import { termOf } from './term';

/** Who holds a badge: a member (党员示范岗 …) or a room (党员示范寝室, 文明寝室). */
export type BadgeHolderKind = 'member' | 'room';

/**
 * How a badge is given. `manual`: a counselor awards it with a reason. The others are automatic and
 * happen exactly once per holder and period (their award ids are deterministic, below):
 * `milestone` when a member's approved hours cross `milestoneHours`; `star` / `yearStar` when a
 * round is final; `civilRoom` from a month's inspections; `application` when a counselor approves a
 * 党员示范寝室 application.
 */
export type BadgeSource = 'manual' | 'milestone' | 'star' | 'yearStar' | 'civilRoom' | 'application';

/** How long an award lasts from the day it is given: to the end of its term, of its month, or open. */
export type BadgeValidity = 'term' | 'month' | 'open';

export interface BadgeDef {
  /** Stable code (`[a-z][A-Za-z0-9]*`): award ids and the plaque's projection carry it. */
  code: string;
  /** What people read (the school may rename it; an award keeps the name it was given with). */
  name: string;
  holder: BadgeHolderKind;
  source: BadgeSource;
  validity: BadgeValidity;
  /** `milestone` badges: the approved hours (verified + self-reported, overall) that earn it. */
  milestoneHours?: number;
  description: string;
  /** A retired badge is no longer awarded; awards already given keep it. */
  active: boolean;
}

/** A catalogue holds at most this many badges (the edit action refuses more), so it is read whole in one read. */
export const CATALOGUE_MAX = 200;

export const BADGE_CODE_PATTERN = /^[a-z][A-Za-z0-9]{1,31}$/;

/** The catalogue a new school starts with (seeded into `badge_catalogue`; the school edits it there). */
export const SEED_BADGES: readonly BadgeDef[] = [
  { code: 'modelPost', name: '党员示范岗', holder: 'member', source: 'manual', validity: 'term', description: '在岗位上发挥示范作用的党员（种子文件 000、002）', active: true },
  { code: 'vanguardPost', name: '党员先锋岗', holder: 'member', source: 'manual', validity: 'term', description: '在急难险重任务中冲锋在前的党员', active: true },
  { code: 'dutyZone', name: '党员责任区', holder: 'member', source: 'manual', validity: 'term', description: '负责一个楼层或区域的党员', active: true },
  { code: 'monthStar', name: '每月之星', holder: 'member', source: 'star', validity: 'open', description: '每月党员之星评选结果公示期满后授予', active: true },
  { code: 'yearStar', name: '年度党员之星', holder: 'member', source: 'yearStar', validity: 'open', description: '年度党员之星评选结果', active: true },
  { code: 'hours50', name: '志愿服务50小时', holder: 'member', source: 'milestone', validity: 'open', milestoneHours: 50, description: '累计认定志愿服务满50小时', active: true },
  { code: 'hours100', name: '志愿服务100小时', holder: 'member', source: 'milestone', validity: 'open', milestoneHours: 100, description: '累计认定志愿服务满100小时', active: true },
  { code: 'hours200', name: '志愿服务200小时', holder: 'member', source: 'milestone', validity: 'open', milestoneHours: 200, description: '累计认定志愿服务满200小时', active: true },
  { code: 'redServiceTeam', name: '红色服务队', holder: 'member', source: 'manual', validity: 'term', description: '红色服务队队员', active: true },
  { code: 'theoryTeam', name: '理论宣讲团', holder: 'member', source: 'manual', validity: 'term', description: '理论宣讲团成员', active: true },
  { code: 'modelRoom', name: '党员示范寝室', holder: 'room', source: 'application', validity: 'term', description: '寝室长申请、辅导员审核通过的党员示范寝室', active: true },
  { code: 'civilRoom', name: '文明寝室', holder: 'room', source: 'civilRoom', validity: 'month', description: '当月至少检查一次且每次均为优秀的寝室（与检查的文明寝室规则一致）', active: true },
];

/**
 * What a holder's document carries of its awards (member `awards`, room and active plaque
 * `roomAwards`), so the plaque shows current badges without another read. `until` is the last China
 * date the award is valid (inclusive), null for open awards.
 */
export interface CurrentAward {
  awardId: string;
  code: string;
  name: string;
  until: string | null;
}

/** The last valid China date of an award given at `at` (null: open). */
export function validUntil(validity: BadgeValidity, at: Date, termAt: (at: Date) => { end: Date } = termOf): string | null {
  if (validity === 'open') return null;
  if (validity === 'term') return cstDate(new Date(termAt(at).end.getTime() - 1));
  const { year, monthIndex } = cstYearMonth(at);
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
  return `${year}-${String(monthIndex + 1).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
}

/** An award on a holder's document is shown while today (China date) is not past `until`. */
export function isCurrent(award: Pick<CurrentAward, 'until'>, now: Date): boolean {
  return award.until === null || cstDate(now) <= award.until;
}

/**
 * The awards to show: current ones, each code once (the latest `until` wins; open beats dated). A
 * room flagged 脏乱差 shows none: the flag suspends its badges until a re-inspection clears it.
 */
export function shownAwards(awards: readonly CurrentAward[] | undefined, now: Date, suspended = false): CurrentAward[] {
  if (suspended || !awards) return [];
  const byCode = new Map<string, CurrentAward>();
  for (const a of awards) {
    if (!isCurrent(a, now)) continue;
    const seen = byCode.get(a.code);
    if (!seen || (seen.until !== null && (a.until === null || a.until > seen.until))) byCode.set(a.code, a);
  }
  return [...byCode.values()];
}

/**
 * Deterministic award ids for automatic awards: the id is the fact "this holder got this badge for
 * this period", so racing events that cross the same line write the same document once.
 */
export const awardIds = {
  milestone: (memberId: string, code: string) => `ms_${code}_${memberId}`,
  star: (memberId: string, month: string) => `star_${month}_${memberId}`,
  yearStar: (memberId: string, year: string) => `ystar_${year}_${memberId}`,
  civilRoom: (roomId: string, month: string) => `civil_${month}_${roomId}`,
  application: (applicationId: string) => `app_${applicationId}`,
};

/** The milestone badges a total crossing from `before` to `after` hours earns (each once). */
export function milestonesCrossed(catalogue: readonly BadgeDef[], before: number, after: number): BadgeDef[] {
  return catalogue.filter((b) => b.active && b.source === 'milestone' && b.milestoneHours !== undefined && before < b.milestoneHours && after >= b.milestoneHours);
}
