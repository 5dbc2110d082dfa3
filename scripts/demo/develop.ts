import type { MemberDoc, RosterDoc } from '../../cloudfunctions/_common/docs';
import type { DevelopNoticeDoc, DevelopPersonDoc, DevelopStepDoc } from '../../cloudfunctions/_common/repositories/develop-records';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';
import { cstDate, DAY_MS } from '../../src/shared/domain/china-time';
import { DEVELOP_NOTICE_DAYS_DEFAULT, DEVELOP_STAGES, developNoticeUntil, type DevelopStage } from '../../src/shared/domain/development';
import type { DemoPlaces } from './places';
import type { Prng } from './prng';

export interface DemoDevelopment {
  people: DevelopPersonDoc[];
  steps: DevelopStepDoc[];
  notices: DevelopNoticeDoc[];
}

/** Roster students per building who have only handed in an application. */
const APPLICANTS_PER_BUILDING = 12;
/** Days the running 公示 has already been on the wall (it ends in the days after the seed time). */
const NOTICE_AGE_DAYS = 2;

/**
 * Every member's development timeline up to their status, dated backwards from `now` (a probationer's
 * admission on their probation start, a conversion a year or so after admission), plus a few students
 * who only applied. In each building the most recent conversion was two days ago, so its 公示 runs on
 * the building's wall when `npm start` seeds. Recorded by the building's counselor. Deterministic.
 */
export function generateDevelopment(rng: Prng, places: DemoPlaces, roster: RosterDoc[], members: MemberDoc[], users: UserDoc[], now: Date): DemoDevelopment {
  const rosterById = new Map(roster.map((r) => [r._id, r]));
  const counselorOf = (buildingId: string) => users.find((u) => u.role === 'counselor' && u.buildingIds.length === 1 && u.buildingIds[0] === buildingId);
  const rooms = new Map(places.rooms.map((r) => [r._id, r]));
  const buildings = new Map(places.buildings.map((b) => [b._id, b]));
  const out: DemoDevelopment = { people: [], steps: [], notices: [] };
  const announced = new Set<string>();
  const day = (d: Date) => cstDate(d);
  const back = (from: Date, min: number, max: number) => new Date(from.getTime() - rng.int(min, max) * DAY_MS);

  const add = (entry: RosterDoc, member: MemberDoc | null, reached: Partial<Record<DevelopStage, Date>>) => {
    const by = counselorOf(entry.buildingId);
    const stages = DEVELOP_STAGES.filter((s) => reached[s]);
    const dates: Partial<Record<DevelopStage, string>> = {};
    for (const stage of stages) {
      const at = reached[stage]!;
      const step: DevelopStepDoc = {
        _id: `dstep-${entry._id}-${stage}`, kind: 'step', rosterId: entry._id, memberId: member?._id ?? null, buildingId: entry.buildingId, stage, date: day(at),
        correctsId: null, reason: null, note: null, byUserId: by?._id ?? 'u-admin', byName: by?.name ?? '管理员', at,
      };
      out.steps.push(step);
      dates[stage] = step.date;
    }
    const last = stages[stages.length - 1];
    const room = rooms.get(entry.roomId);
    out.people.push({
      _id: entry._id, name: entry.name, buildingId: entry.buildingId, roomId: entry.roomId, roomLabel: `${buildings.get(entry.buildingId)?.name ?? ''} ${room?.number ?? ''}`.trim(),
      memberId: member?._id ?? null, stage: last, dates, updatedAt: reached[last]!,
    });
    return last;
  };

  for (const member of members) {
    const entry = rosterById.get(member.rosterId);
    if (!entry) continue;
    const reached: Partial<Record<DevelopStage, Date>> = {};
    const fresh = member.status === 'full' && !announced.has(member.buildingId) && !member.posts.includes('groupLeader');
    if (member.status === 'full') reached.full = fresh ? new Date(now.getTime() - NOTICE_AGE_DAYS * DAY_MS) : back(now, 20, 700);
    if (member.status === 'probationary') reached.probationary = member.probationStartedAt ? new Date(member.probationStartedAt) : back(now, 30, 330);
    else if (reached.full) reached.probationary = back(reached.full, 365, 380);
    if (member.status === 'candidate') reached.candidate = back(now, 10, 200);
    else if (reached.probationary) reached.candidate = back(reached.probationary, 60, 200);
    reached.activist = back(reached.candidate ?? now, member.status === 'activist' ? 10 : 180, member.status === 'activist' ? 300 : 400);
    reached.applied = back(reached.activist, 30, 120);
    add(entry, member, reached);
    if (fresh) {
      announced.add(member.buildingId);
      const from = reached.full!;
      out.notices.push({
        _id: `dstep-${entry._id}-full`, rosterId: entry._id, memberId: member._id, buildingId: member.buildingId, buildingName: member.buildingName, name: member.name,
        branchName: member.branchName, stage: 'full', date: day(from), days: DEVELOP_NOTICE_DAYS_DEFAULT, from, until: developNoticeUntil(from, DEVELOP_NOTICE_DAYS_DEFAULT),
        createdBy: counselorOf(member.buildingId)?._id ?? 'u-admin',
      });
    }
  }

  for (const building of places.buildings) {
    const candidates = roster.filter((r) => r.buildingId === building._id && r.memberStatus === null);
    for (let i = 0; i < APPLICANTS_PER_BUILDING && candidates.length; i += 1) {
      const [entry] = candidates.splice(rng.int(0, candidates.length - 1), 1);
      add(entry, null, { applied: back(now, 5, 150) });
    }
  }
  return out;
}
