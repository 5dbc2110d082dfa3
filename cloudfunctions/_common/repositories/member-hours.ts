import { Collections } from '../collections';
import type { MemberDoc } from '../docs';
import type { PageCursor } from '../cursor';
import { database } from '../sdk';
import { byIdsIn } from './base';
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

/** Members are read in pages of this many: CloudBase's largest server page, the fewest round trips. */
export const MEMBER_PAGE = 1000;

/** Branch totals per aggregate page: the SDK's largest. */
const BRANCH_PAGE = 1000;

export const memberHoursRepo = {
  async entryOwner(id: string): Promise<EntryOwnerDoc | null> {
    const { data } = await coll().doc(id).field(ENTRY_OWNER_FIELDS).get();
    return (data[0] as EntryOwnerDoc | undefined) ?? null;
  },

  async hoursOf(id: string): Promise<MemberHoursDoc | null> {
    const { data } = await coll().doc(id).field(HOURS_FIELDS).get();
    return (data[0] as MemberHoursDoc | undefined) ?? null;
  },

  /** One part of an export's per-member sheet: at most `limit` members in scope after `after` by `_id` (index by_building_id), with their roster link. */
  async partInScope(scope: EntryScope, after: string | null, limit: number): Promise<{ items: Array<MemberHoursDoc & Pick<MemberDoc, 'rosterId'>>; more: boolean }> {
    if (!scope.all && scope.ids.length === 0) return { items: [], more: false };
    const _ = database().command;
    const items: Array<MemberHoursDoc & Pick<MemberDoc, 'rosterId'>> = [];
    for (;;) {
      const last = items.length > 0 ? items[items.length - 1]._id : after;
      const conditions: object[] = [...(scope.all ? [] : [{ buildingId: _.in(scope.ids) }]), ...(last === null ? [] : [{ _id: _.gt(last) }])];
      const where = conditions.length === 0 ? {} : conditions.length === 1 ? conditions[0] : _.and(conditions);
      const want = Math.min(MEMBER_PAGE, limit + 1 - items.length);
      const { data } = await coll().where(where).orderBy('_id', 'asc').field({ ...HOURS_FIELDS, rosterId: true }).limit(want).get();
      items.push(...(data as Array<MemberHoursDoc & Pick<MemberDoc, 'rosterId'>>));
      if (items.length > limit) return { items: items.slice(0, limit), more: true };
      if (data.length < want) return { items, more: false };
    }
  },

  /**
   * A term's hours summed by branch over the members in scope, in the database (one aggregate: a
   * $match on buildingId served by index by_building_id, then $group), not by reading every member.
   */
  async termHoursByBranch(scope: EntryScope, termKey: string): Promise<Array<{ branchId: string | null; branchName: string | null; hours: number }>> {
    if (!scope.all && scope.ids.length === 0) return [];
    const db = database();
    const $ = db.command.aggregate;
    const groups: Array<{ _id: string | null; branchName: string | null; hours: number }> = [];
    // One group per branch: a school has tens, but a page that comes back full asks for the next one
    // (in branch order) rather than stopping silently at the SDK's largest page.
    for (;;) {
      const { data } = await coll()
        .aggregate()
        .match(scope.all ? {} : { buildingId: db.command.in(scope.ids) })
        .group({ _id: '$branchId', branchName: $.first('$branchName'), hours: $.sum(`$hours.${termKey}`) })
        .sort({ _id: 1 })
        .skip(groups.length)
        .limit(BRANCH_PAGE)
        .end();
      groups.push(...(data as typeof groups));
      if (data.length < BRANCH_PAGE) break;
    }
    return groups.map((g) => ({ branchId: g._id ?? null, branchName: g.branchName ?? null, hours: g.hours ?? 0 }));
  },

  /**
   * Probationary members in scope with a known probation start, in due-date order (start, then
   * `_id`; index by_building_status_start, or by_status_start for all), `limit` after the cursor,
   * optionally only those who started before `startedBefore`.
   */
  async probationaryPage(scope: EntryScope, after: PageCursor | null, limit: number, startedBefore?: Date): Promise<{ items: MemberHoursDoc[]; more: boolean }> {
    if (!scope.all && scope.ids.length === 0) return { items: [], more: false };
    const _ = database().command;
    const base = { ...(scope.all ? {} : { buildingId: _.in(scope.ids) }), status: 'probationary' };
    const range = after
      ? _.or([{ probationStartedAt: _.gt(after.at) }, { probationStartedAt: after.at, _id: _.gt(after.id) }])
      : { probationStartedAt: _.gte(new Date(0)) };
    const conditions = [base, range, ...(startedBefore ? [{ probationStartedAt: _.lt(startedBefore) }] : [])];
    const { data } = await coll().where(_.and(conditions)).field(HOURS_FIELDS).orderBy('probationStartedAt', 'asc').orderBy('_id', 'asc').limit(limit + 1).get();
    const docs = data as MemberHoursDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /** Roster links of members, for the authorised export only. */
  async rosterLinks(ids: string[]): Promise<Array<Pick<MemberDoc, '_id' | 'rosterId' | 'name'>>> {
    return byIdsIn<Pick<MemberDoc, '_id' | 'rosterId' | 'name'>>(Collections.members, ids, { rosterId: true, name: true });
  },
};
