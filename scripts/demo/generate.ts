import type { MemberDoc, RosterDoc } from '../../cloudfunctions/_common/docs';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';
import { Collections, type CollectionName } from '../../cloudfunctions/_common/collections';
import { termOf } from '../../src/shared/domain/term';
import { generateMembers, generateRoster } from './people';
import { generatePlaces, type DemoPlaces } from './places';
import { createPrng } from './prng';
import { generateUsers } from './users';

export const DEMO_SEED = 'dorm-party-hub demo v1';

export interface DemoData extends DemoPlaces {
  termKey: string;
  roster: RosterDoc[];
  members: MemberDoc[];
  users: UserDoc[];
}

/**
 * The demo community (智园社区), the same for the same seed and term: people, codes and ids never
 * depend on Math.random. `now` only picks the term, which keys the hours and anchors the dates.
 */
export function generateDemoData(options: { seed?: string; now?: Date } = {}): DemoData {
  const rng = createPrng(options.seed ?? DEMO_SEED);
  const term = termOf(options.now ?? new Date());
  const places = generatePlaces(rng, term.start);
  const roster = generateRoster(rng, places);
  const members = generateMembers(rng, places, roster, term.key, term.start);
  const users = generateUsers(rng, places, roster, members, term.start);
  return { termKey: term.key, ...places, roster, members, users };
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
    [Collections.communities, data.communities],
  ];
}

export function demoCounts(data: DemoData): Record<string, number> {
  return Object.fromEntries(demoCollections(data).map(([name, docs]) => [name, docs.length]));
}
