import type { AwardDoc, BadgeDefDoc, MemberDoc, RosterDoc, VolunteerEntryDoc } from '../../cloudfunctions/_common/docs';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';
import type { DevelopNoticeDoc, DevelopPersonDoc, DevelopStepDoc } from '../../cloudfunctions/_common/repositories/develop-records';
import type { VisitLinkDoc } from '../../cloudfunctions/_common/repositories/checkin-visits';
import type { LinkCoverageDoc, RoomCoverageDoc } from '../../cloudfunctions/_common/visit-coverage-docs';
import { Collections, type CollectionName } from '../../cloudfunctions/_common/collections';
import { termOf } from '../../src/shared/domain/term';
import { generateEntries } from './entries';
import { generateAwards, generateCatalogue } from './badges';
import { generateDevelopment } from './develop';
import { generateMembers, generateRoster, type DemoHonours } from './people';
import { generatePlaces, type DemoPlaces } from './places';
import { createPrng } from './prng';
import { generateUsers } from './users';
import { generateVisitCoverage, generateVisitLinks } from './visits';

export const DEMO_SEED = 'dorm-party-hub demo v1';

export interface DemoData extends DemoPlaces {
  termKey: string;
  roster: RosterDoc[];
  members: MemberDoc[];
  users: UserDoc[];
  /** Approved entries that add up to every member's totals. */
  entries: VolunteerEntryDoc[];
  /** The link records of the members' linked rooms (check-in visits). */
  visitLinks: VisitLinkDoc[];
  /** Their coverage projections, per link and per room (no visits yet). */
  visitCoverage: LinkCoverageDoc[];
  roomCoverage: RoomCoverageDoc[];
  /** The badge catalogue (SEED_BADGES) and the awards given so far, kept on the holders too (issue 11). */
  badgeCatalogue: BadgeDefDoc[];
  badgeAwards: AwardDoc[];
  /** Development timelines of every member and a few applicants, with one running 公示 per building (issue 11). */
  developPeople: DevelopPersonDoc[];
  developSteps: DevelopStepDoc[];
  developNotices: DevelopNoticeDoc[];
}

/**
 * The demo community (智园社区), the same for the same seed and seed time: people, codes and ids
 * never depend on Math.random. `now` (the seed time, never a fixed year) anchors every date: entries
 * fall in the weeks before it, probation starts count back from it, and it picks the term.
 */
export function generateDemoData(options: { seed?: string; now?: Date } = {}): DemoData {
  const rng = createPrng(options.seed ?? DEMO_SEED);
  const now = options.now ?? new Date();
  const term = termOf(now);
  const places = generatePlaces(rng, term.start);
  const roster = generateRoster(rng, places);
  const targetHours = new Map<string, number>();
  const honours: DemoHonours = { members: new Map(), modelRooms: new Set() };
  const members = generateMembers(rng, places, roster, now, term.start, targetHours, honours);
  const users = generateUsers(rng, places, roster, members, term.start);
  const entries = generateEntries(rng, members, users, targetHours, now);
  const visitLinks = generateVisitLinks(members, places.rooms, term.start);
  const admin = users.find((u) => u.role === 'admin');
  const badgeAwards = generateAwards(honours, members, places.rooms, places.plaques, term.start, admin?._id ?? 'admin');
  const { links: visitCoverage, rooms: roomCoverage } = generateVisitCoverage(visitLinks, places.rooms);
  // Last, so the generators before it draw the same numbers as before it existed.
  const develop = generateDevelopment(rng, places, roster, members, users, now);
  return {
    termKey: term.key, ...places, roster, members, users, entries, visitLinks, visitCoverage, roomCoverage, badgeCatalogue: generateCatalogue(term.start), badgeAwards,
    developPeople: develop.people, developSteps: develop.steps, developNotices: develop.notices,
  };
}

/**
 * Collection by collection, in seeding order. The community goes last: it marks a complete seed, so
 * an interrupted one is recognisable (documents present but no community).
 */
export function demoCollections(data: DemoData): [CollectionName, object[]][] {
  return [
    [Collections.buildings, data.buildings],
    [Collections.branches, data.branches],
    [Collections.groups, data.groups],
    [Collections.rooms, data.rooms],
    [Collections.plaques, data.plaques],
    [Collections.roster, data.roster],
    [Collections.members, data.members],
    [Collections.users, data.users],
    [Collections.volunteerEntries, data.entries],
    [Collections.visitsLinks, data.visitLinks],
    [Collections.visitsCoverage, data.visitCoverage],
    [Collections.visitsRoomCoverage, data.roomCoverage],
    [Collections.badgeCatalogue, data.badgeCatalogue],
    [Collections.badgeAwards, data.badgeAwards],
    [Collections.developPeople, data.developPeople],
    [Collections.developSteps, data.developSteps],
    [Collections.developNotices, data.developNotices],
    [Collections.communities, data.communities],
  ];
}

export function demoCounts(data: DemoData): Record<string, number> {
  return Object.fromEntries(demoCollections(data).map(([name, docs]) => [name, docs.length]));
}
