import type { MemberDoc, VolunteerEntryDoc } from '../../cloudfunctions/_common/docs';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';
import type { VolunteerCategory } from '../../src/shared/contract/volunteer';
import { termOf } from '../../src/shared/domain/term';
import { cstDate, cstAt, fingerprintOf } from '../../src/shared/domain/volunteer';
import { DAY_MS } from './places';
import type { Prng } from './prng';

/** Entries fall on distinct days within this many days before the seed time (never today). */
export const ENTRY_DAYS = 70;
/** One entry is 1 to 4 hours, in half hours. */
const MIN_HALF_HOURS = 2;
const MAX_HALF_HOURS = 8;

const ACTIVITIES: Array<[VolunteerCategory, string, string]> = [
  ['hygiene', '楼道卫生清扫', '楼道及公共区域'],
  ['dormSafety', '宿舍安全检查', '各楼层宿舍'],
  ['peerTutoring', '高数朋辈辅导', '一楼自习室'],
  ['repair', '公共设施报修登记', '一楼值班室'],
  ['theoryOutreach', '党的二十大精神宣讲', '社区党建活动室'],
  ['communityEvent', '新生入住引导', '楼栋门口'],
  ['other', '快递驿站秩序维护', '社区快递驿站'],
];

const pad = (n: number) => String(n).padStart(2, '0');
const clock = (halfHours: number) => `${pad(Math.floor(halfHours / 2))}:${halfHours % 2 ? '30' : '00'}`;

/**
 * Approved, self-reported entries for each member that add up to `targetHours` (whole half hours),
 * on distinct past days before `now`, one per day, each reviewed by a counselor of the member's
 * building. The member's totals are then written from the entries themselves, so the member home,
 * the plaque, the dashboard and the hours list always agree.
 */
export function generateEntries(rng: Prng, members: MemberDoc[], users: UserDoc[], targetHours: Map<string, number>, now: Date): VolunteerEntryDoc[] {
  const reviewerOf = (buildingId: string) => users.find((u) => u.role === 'counselor' && u.buildingIds.includes(buildingId))?._id ?? null;
  const entries: VolunteerEntryDoc[] = [];
  for (const m of members) {
    let halfHours = Math.round((targetHours.get(m._id) ?? 0) * 2);
    const days = rng.shuffle(Array.from({ length: ENTRY_DAYS }, (_, i) => i + 1));
    const mine: VolunteerEntryDoc[] = [];
    while (halfHours > 0) {
      const span = Math.min(halfHours, rng.int(MIN_HALF_HOURS, MAX_HALF_HOURS));
      halfHours -= span;
      const date = cstDate(new Date(now.getTime() - days.pop()! * DAY_MS));
      const startHalf = rng.int(16, 36 - span); // 08:00 .. so that it ends by 18:00
      const [category, title, where] = rng.pick(ACTIVITIES);
      const start = clock(startHalf);
      const end = clock(startHalf + span);
      const hours = span / 2;
      const submittedAt = new Date(cstAt(date, end).getTime() + 2 * 60 * 60 * 1000);
      const reviewedAt = new Date(Math.min(submittedAt.getTime() + DAY_MS, now.getTime() - 60 * 60 * 1000));
      mine.push({
        _id: `ve-${m._id.slice(2)}-${String(mine.length + 1).padStart(2, '0')}`,
        memberId: m._id,
        userId: m.userId ?? '',
        memberName: m.name,
        buildingId: m.buildingId,
        branchId: m.branchId,
        branchName: m.branchName,
        termKey: termOf(cstAt(date, start)).key,
        title,
        category,
        date,
        start,
        end,
        hours,
        place: `${m.buildingName}${where}`,
        description: '',
        photoFileIds: [],
        witnessName: null,
        witnessContact: null,
        fingerprint: fingerprintOf({ date, start, end, category, title }),
        status: 'approved',
        verified: false,
        activityId: null,
        approvedHours: hours,
        reviewComment: null,
        reviewedBy: reviewerOf(m.buildingId),
        reviewedAt,
        submittedAt,
        notifyOnReview: false,
        createdAt: submittedAt,
        updatedAt: reviewedAt,
      });
    }
    Object.assign(m, totalsOf(mine));
    entries.push(...mine);
  }
  return entries;
}

/** The pre-aggregated totals a member document carries, summed from its approved entries. */
export function totalsOf(entries: VolunteerEntryDoc[]): Pick<MemberDoc, 'hours' | 'hoursByKind' | 'hoursOverall' | 'hoursByMonth'> {
  const hours: Record<string, number> = {};
  // By the month of the service day (YYYY-MM), as the settlement keeps it: a star candidate's card shows the month's hours.
  const hoursByMonth: Record<string, number> = {};
  const hoursByKind: Record<string, { verified: number; selfReported: number }> = {};
  const hoursOverall = { verified: 0, selfReported: 0 };
  for (const e of entries) {
    if (e.status !== 'approved') continue;
    const h = e.approvedHours ?? e.hours;
    const kind = e.verified ? 'verified' : 'selfReported';
    hours[e.termKey] = (hours[e.termKey] ?? 0) + h;
    hoursByMonth[e.date.slice(0, 7)] = (hoursByMonth[e.date.slice(0, 7)] ?? 0) + h;
    hoursByKind[e.termKey] ??= { verified: 0, selfReported: 0 };
    hoursByKind[e.termKey][kind] += h;
    hoursOverall[kind] += h;
  }
  return { hours, hoursByKind, hoursOverall, hoursByMonth };
}
