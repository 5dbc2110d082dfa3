import type { AuditEntry } from '../audit';
import { Collections } from '../collections';
import type { PageCursor } from '../cursor';
import { database } from '../sdk';
import type { Tx } from './base';

/**
 * The one way to write an audit record, and the only code that names the audit collection: inside
 * the transaction of the privileged change it records, so both commit or neither does (a failed
 * audit insert aborts the change with it). There is deliberately no way to write one on its own.
 */
export async function auditIn(tx: Tx, entry: AuditEntry, now: Date): Promise<void> {
  await tx.collection(Collections.audit).add({ ...entry, at: now });
}

export type AuditDoc = AuditEntry & { _id: string; at: Date };

/**
 * What the audit view filters by: one building (a counselor always names one), at most one of the
 * action, the actor and the target, and a time range. Each combination is served by one index of
 * `audit` (database.json: `by_[building_][action|actor|target_]at`), newest first.
 */
export interface AuditFilter {
  buildingId?: string;
  action?: string;
  actorOpenid?: string;
  targetId?: string;
  from?: Date;
  until?: Date;
}

export const auditRepo = {
  async page(filter: AuditFilter, after: PageCursor | null, limit: number): Promise<{ items: AuditDoc[]; more: boolean }> {
    const _ = database().command;
    const base: Record<string, unknown> = {};
    if (filter.buildingId) base.buildingId = filter.buildingId;
    if (filter.action) base.action = filter.action;
    if (filter.actorOpenid) base.actorOpenid = filter.actorOpenid;
    if (filter.targetId) base['target.id'] = filter.targetId;
    const range = filter.from && filter.until ? _.gte(filter.from).and(_.lt(filter.until)) : filter.from ? _.gte(filter.from) : filter.until ? _.lt(filter.until) : null;
    const parts: unknown[] = [base];
    if (range) parts.push({ at: range });
    if (after) parts.push(_.or([{ at: _.lt(after.at) }, { at: after.at, _id: _.lt(after.id) }]));
    const where = parts.length === 1 ? base : _.and(parts as never[]);
    const { data } = await database().collection(Collections.audit).where(where as never).orderBy('at', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
    const docs = data as AuditDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },
};

/** Several records in one insert (a bulk change, e.g. a roster import's chunk), inside the change's transaction like `auditIn`. */
export async function auditManyIn(tx: Tx, entries: AuditEntry[], now: Date): Promise<void> {
  if (entries.length > 0) await tx.collection(Collections.audit).add(entries.map((entry) => ({ ...entry, at: now })));
}
