import { Collections } from '../collections';
import { database } from '../sdk';
import { auditRepo } from './audit';
import { ID_BATCH } from './base';

/**
 * What a person's copy of their own data (PIPL art. 45, `account.myData`) reads: each kind on its own
 * index, keyed by the person's own roster, member and user ids (never by input), at most
 * MY_DATA_MAX records of a kind (`truncated` says when more exist). Staff-only fields (a counselor's
 * internal note on feedback) are left out.
 */
export const MY_DATA_MAX = ID_BATCH;

export interface MyDataKind {
  items: Array<Record<string, unknown>>;
  truncated: boolean;
}

async function list(collection: string, where: object, order: Array<[string, 'asc' | 'desc']>, fields?: Record<string, boolean>): Promise<MyDataKind> {
  let query = database().collection(collection).where(where);
  if (fields) query = query.field(fields);
  let ordered = query as unknown as { orderBy(f: string, d: string): typeof ordered; limit(n: number): { get(): Promise<{ data: unknown[] }> } };
  for (const [f, d] of order) ordered = ordered.orderBy(f, d);
  const { data } = await ordered.limit(MY_DATA_MAX + 1).get();
  const items = data as Array<Record<string, unknown>>;
  return { items: items.slice(0, MY_DATA_MAX), truncated: items.length > MY_DATA_MAX };
}

async function one(collection: string, id: string | null): Promise<Record<string, unknown> | null> {
  if (!id) return null;
  const { data } = await database().collection(collection).doc(id).get();
  return ((data as Array<Record<string, unknown>>)[0] as Record<string, unknown> | undefined) ?? null;
}

const FEEDBACK_OWN = { memberName: true, roomLabel: true, text: true, status: true, createdAt: true, closedAt: true, reply: true } as const;

export const myDataRepo = {
  roster: (rosterId: string | null) => one(Collections.roster, rosterId),
  member: (memberId: string | null) => one(Collections.members, memberId),

  entries: (memberId: string) => list(Collections.volunteerEntries, { memberId }, [['date', 'asc'], ['start', 'asc'], ['_id', 'asc']]),
  visits: (memberId: string) => list(Collections.visitsRecords, { memberId }, [['at', 'desc'], ['_id', 'desc']]),
  duty: (memberId: string) => list(Collections.dutyRecords, { memberId }, [['startAt', 'desc'], ['_id', 'desc']]),
  badges: (memberId: string) => list(Collections.badgeAwards, { 'holder.id': memberId }, [['awardedAt', 'desc'], ['_id', 'desc']]),
  developSteps: (rosterId: string) => list(Collections.developSteps, { rosterId }, [['at', 'asc'], ['_id', 'asc']]),
  developNotices: (rosterId: string) => list(Collections.developNotices, { rosterId }, [['from', 'asc'], ['_id', 'asc']]),
  feedbackSent: (userId: string) => list(Collections.feedback, { senderUserId: userId }, [['createdAt', 'desc'], ['_id', 'desc']], FEEDBACK_OWN),

  /** Their consent decisions, from the audit records of their profile (the audit repository's page by target, index audit.by_target_at). */
  async consentHistory(memberId: string): Promise<MyDataKind> {
    const records = await auditRepo.page({ targetId: memberId }, null, MY_DATA_MAX);
    const items = records.items
      .filter((r) => r.action === 'account.setConsent')
      .map((r) => ({ action: r.action, at: r.at, consent: (r.after as { consent?: unknown } | null)?.consent ?? null }));
    return { items, truncated: records.more };
  },
};
