import type { AuditEntry } from '../audit';
import { Collections } from '../collections';
import type { FeedbackDoc } from '../docs';
import { database } from '../sdk';
import type { PageCursor } from '../cursor';
import { auditIn } from './audit';
import { inTransaction, isTxConflict, type Tx } from './base';

const coll = () => database().collection(Collections.feedback);

/** What a counselor reads: never who sent it, so students can speak without fear of retaliation. */
const READ_FIELDS = {
  memberId: true, memberName: true, buildingId: true, roomLabel: true, text: true, status: true,
  createdAt: true, closedAt: true, closedBy: true, note: true, reply: true,
} as const;

/** What the sender reads of their own items: the answer, never the counselor's internal note. */
const SENDER_FIELDS = { memberName: true, text: true, status: true, createdAt: true, closedAt: true, reply: true } as const;

export type FeedbackView = Pick<FeedbackDoc, '_id' | keyof typeof READ_FIELDS>;
export type SenderView = Pick<FeedbackDoc, '_id' | keyof typeof SENDER_FIELDS>;
export type FeedbackStatus = FeedbackDoc['status'];
export type CloseOutcome = { ok: true } | { ok: false; code: 'NOT_FOUND' | 'CONFLICT' };

/** A page position: the last item's creation instant and id (ties broken by id). */
const encodeCursor = (f: Pick<FeedbackDoc, '_id' | 'createdAt'>) => `${new Date(f.createdAt).getTime()}_${f._id}`;
function decodeCursor(cursor: string): { at: Date; id: string } | null {
  const m = /^(\d{1,15})_(.{1,80})$/.exec(cursor);
  return m ? { at: new Date(Number(m[1])), id: m[2] } : null;
}

export const feedbackRepo = {
  async create(doc: Omit<FeedbackDoc, '_id'>): Promise<string> {
    const { id } = await coll().add(doc);
    return id as string;
  },

  async byId(id: string): Promise<FeedbackView | null> {
    const { data } = await coll().doc(id).field(READ_FIELDS).get();
    return (data[0] as FeedbackView | undefined) ?? null;
  },

  /**
   * Items of one status in the buildings (`null`: every building, for admins), newest first, then by
   * `_id` (indexes by_building_status_created, by_status_created), `limit` after the cursor, plus one
   * to know if a page follows.
   */
  async list(buildingIds: string[] | null, status: FeedbackStatus, after: PageCursor | null, limit: number): Promise<{ items: FeedbackView[]; more: boolean }> {
    if (buildingIds && buildingIds.length === 0) return { items: [], more: false };
    const _ = database().command;
    const base = buildingIds ? { buildingId: _.in(buildingIds), status } : { status };
    const where = after ? _.and([base, _.or([{ createdAt: _.lt(after.at) }, { createdAt: after.at, _id: _.lt(after.id) }])]) : base;
    const { data } = await coll().where(where).field(READ_FIELDS).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
    const docs = data as FeedbackView[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /**
   * One sender's own items, newest first, `limit` per page after `cursor` (index by_sender_created).
   * A cursor that does not parse starts from the top; it can only ever page through the caller's own.
   */
  async bySender(senderUserId: string, cursor: string | undefined, limit: number): Promise<{ items: SenderView[]; nextCursor: string | null }> {
    const _ = database().command;
    const after = cursor ? decodeCursor(cursor) : null;
    const where = after
      ? _.and([{ senderUserId }, _.or([{ createdAt: _.lt(after.at) }, { createdAt: after.at, _id: _.lt(after.id) }])])
      : { senderUserId };
    const { data } = await coll().where(where).field(SENDER_FIELDS).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
    const rows = data as SenderView[];
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null };
  },

  /**
   * Closes an open item in scope with the internal note and the reply to the sender, and audits it,
   * in one transaction: of two closers one wins and the other gets CONFLICT; no close goes unaudited.
   */
  async close(req: {
    id: string;
    inScope: (buildingId: string) => boolean;
    changes: Pick<FeedbackDoc, 'closedAt' | 'closedBy' | 'note' | 'reply'>;
    audit: Omit<AuditEntry, 'before' | 'after' | 'target'>;
    now: Date;
  }): Promise<CloseOutcome> {
    const outcome = await inTransaction(async (tx: Tx): Promise<CloseOutcome> => {
      const ref = tx.collection(Collections.feedback).doc<FeedbackDoc>(req.id);
      const item = (await ref.get()).data;
      if (!item || !req.inScope(item.buildingId)) return { ok: false, code: 'NOT_FOUND' };
      if (item.status !== 'open') return { ok: false, code: 'CONFLICT' };
      await ref.update({ ...req.changes, status: 'closed' });
      await auditIn(
        tx,
        {
          ...req.audit,
          target: { collection: Collections.feedback, id: req.id },
          buildingId: item.buildingId,
          before: { status: item.status, closedAt: item.closedAt, closedBy: item.closedBy, note: item.note, reply: item.reply ?? null },
          after: { status: 'closed', ...req.changes },
        },
        req.now,
      );
      return { ok: true };
    });
    return isTxConflict(outcome) ? { ok: false, code: 'CONFLICT' } : outcome;
  },
};
