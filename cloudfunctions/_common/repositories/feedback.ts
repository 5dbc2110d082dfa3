import { Collections } from '../collections';
import type { FeedbackDoc } from '../docs';
import { database } from '../sdk';

const coll = () => database().collection(Collections.feedback);

/** What a counselor reads: never who sent it, so students can speak without fear of retaliation. */
const READ_FIELDS = {
  memberId: true, memberName: true, buildingId: true, roomLabel: true, text: true, status: true,
  createdAt: true, closedAt: true, closedBy: true, note: true,
} as const;

export type FeedbackView = Pick<FeedbackDoc, '_id' | keyof typeof READ_FIELDS>;
export type FeedbackStatus = FeedbackDoc['status'];

/** The newest this many; the contract has no paging yet. */
export const FEEDBACK_LIST_LIMIT = 100;

export const feedbackRepo = {
  async create(doc: Omit<FeedbackDoc, '_id'>): Promise<string> {
    const { id } = await coll().add(doc);
    return id as string;
  },

  async byId(id: string): Promise<FeedbackView | null> {
    const { data } = await coll().doc(id).field(READ_FIELDS).get();
    return (data[0] as FeedbackView | undefined) ?? null;
  },

  /** `buildingIds: null` means every building (admins); index by_building_status. */
  async list(buildingIds: string[] | null, status: FeedbackStatus): Promise<FeedbackView[]> {
    if (buildingIds && buildingIds.length === 0) return [];
    const where = buildingIds ? { buildingId: database().command.in(buildingIds), status } : { status };
    const { data } = await coll().where(where).field(READ_FIELDS).orderBy('createdAt', 'desc').limit(FEEDBACK_LIST_LIMIT).get();
    return data as FeedbackView[];
  },

  /** Closes only an open item: of two closers, exactly one gets `true`. */
  async close(id: string, changes: Pick<FeedbackDoc, 'closedAt' | 'closedBy' | 'note'>): Promise<boolean> {
    const { updated } = await coll().where({ _id: id, status: 'open' }).update({ ...changes, status: 'closed' });
    return updated === 1;
  },
};
