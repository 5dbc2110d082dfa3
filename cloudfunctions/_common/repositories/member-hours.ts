import { Collections } from '../collections';
import type { MemberDoc } from '../docs';
import { database } from '../sdk';
import type { EntryScope } from './entries';

const coll = () => database().collection(Collections.members);

/** What an entry copies from its member's profile when it is created. */
const ENTRY_OWNER_FIELDS = { name: true, userId: true, buildingId: true, branchId: true, branchName: true } as const;
export type EntryOwnerDoc = Pick<MemberDoc, '_id' | keyof typeof ENTRY_OWNER_FIELDS>;

/** The pre-aggregated totals: what the member home and the dashboard read instead of entries. */
const HOURS_FIELDS = {
  name: true, status: true, buildingId: true, branchId: true, branchName: true, hours: true, hoursByKind: true, hoursOverall: true, probationStartedAt: true,
} as const;
export type MemberHoursDoc = Pick<MemberDoc, '_id' | 'name' | 'status' | 'buildingId' | 'branchId' | 'branchName' | 'hours' | 'hoursByKind' | 'hoursOverall' | 'probationStartedAt'>;

export const memberHoursRepo = {
  async entryOwner(id: string): Promise<EntryOwnerDoc | null> {
    const { data } = await coll().doc(id).field(ENTRY_OWNER_FIELDS).get();
    return (data[0] as EntryOwnerDoc | undefined) ?? null;
  },

  async hoursOf(id: string): Promise<MemberHoursDoc | null> {
    const { data } = await coll().doc(id).field(HOURS_FIELDS).get();
    return (data[0] as MemberHoursDoc | undefined) ?? null;
  },

  /** Members of the buildings in scope (tens per building; index by_building_floor): one read. */
  async inScope(scope: EntryScope): Promise<MemberHoursDoc[]> {
    if (!scope.all && scope.ids.length === 0) return [];
    const where = scope.all ? {} : { buildingId: database().command.in(scope.ids) };
    const { data } = await coll().where(where).field(HOURS_FIELDS).limit(1000).get();
    return data as MemberHoursDoc[];
  },

  /** Roster links of members, for the authorised export only. */
  async rosterLinks(ids: string[]): Promise<Array<Pick<MemberDoc, '_id' | 'rosterId' | 'name'>>> {
    if (ids.length === 0) return [];
    const { data } = await coll().where({ _id: database().command.in(ids) }).field({ rosterId: true, name: true }).limit(1000).get();
    return data as Array<Pick<MemberDoc, '_id' | 'rosterId' | 'name'>>;
  },
};
