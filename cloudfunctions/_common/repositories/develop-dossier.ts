import type { AuditEntry } from '../audit';
import { Collections } from '../collections';
import type { PageCursor } from '../cursor';
import type { MemberDoc } from '../docs';
import { database } from '../sdk';
import { auditIn } from './audit';
import { first, inTransaction, isTxConflict } from './base';
import { applied, refused, type RepoResult } from './outcome';

/**
 * One conversion evidence pack as issued (`develop_dossiers`): never changed or removed, so the QR
 * of every printed pack keeps answering. `digest` is the sha256 of the stored PDF.
 */
export interface DossierDoc {
  _id: string;
  memberId: string;
  memberName: string;
  /** The member's user (their openid is not kept here): who besides the issuer may download it. */
  memberUserId: string | null;
  buildingId: string;
  /** The issuer's user id and name. */
  issuedBy: string;
  issuedByName: string;
  at: Date;
  fileID: string;
  digest: string;
  bytes: number;
  pages: number;
  entries: number;
  entriesLeftOut: number;
}

export type DossierMember = Pick<
  MemberDoc,
  | '_id' | 'rosterId' | 'userId' | 'name' | 'status' | 'buildingId' | 'buildingName' | 'roomId' | 'roomNumber' | 'branchName' | 'groupName'
  | 'awards' | 'stars' | 'hoursOverall' | 'probationStartedAt' | 'linkedRoomIds'
>;
const MEMBER_FIELDS = {
  _id: true, rosterId: true, userId: true, name: true, status: true, buildingId: true, buildingName: true, roomId: true, roomNumber: true,
  branchName: true, groupName: true, awards: true, stars: true, hoursOverall: true, probationStartedAt: true, linkedRoomIds: true,
};

const coll = () => database().collection(Collections.developDossiers);

/** Newest first on (key, at desc, _id desc): the indexes by_member_at and by_issuer_at. */
async function pageBy(key: 'memberId' | 'issuedBy', value: string, after: PageCursor | null, limit: number): Promise<{ items: DossierDoc[]; more: boolean }> {
  const _ = database().command;
  const where = after ? _.and([{ [key]: value }, _.or([{ at: _.lt(after.at) }, { at: after.at, _id: _.lt(after.id) }])]) : { [key]: value };
  const { data } = await coll().where(where).orderBy('at', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
  const docs = data as DossierDoc[];
  return { items: docs.slice(0, limit), more: docs.length > limit };
}

export const dossiersRepo = {
  /**
   * Records an issued pack with its audit in one transaction. The file is already in storage (storage
   * cannot join a transaction): the pack exists for the system once this record does.
   */
  async create(doc: DossierDoc, audit: AuditEntry): Promise<RepoResult<null, 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx) => {
      await tx.collection(Collections.developDossiers).add(doc);
      await auditIn(tx, audit, doc.at);
      return applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  byId(id: string): Promise<DossierDoc | null> {
    return first<DossierDoc>(coll().where({ _id: id }).limit(1).get());
  },

  /** What a pack says about a member: identity as the branch knows it, and what the eligibility facts read (factsOf). */
  member(id: string): Promise<DossierMember | null> {
    return first<DossierMember>(database().collection(Collections.members).doc(id).field(MEMBER_FIELDS).get());
  },

  /** How many approved entries a member has (index by_member_status_date): read only when a pack is cut. */
  async approvedEntries(memberId: string): Promise<number> {
    const { total } = await database().collection(Collections.volunteerEntries).where({ memberId, status: 'approved' }).count();
    return total as number;
  },

  ofMember: (memberId: string, after: PageCursor | null, limit: number) => pageBy('memberId', memberId, after, limit),
  issuedBy: (userId: string, after: PageCursor | null, limit: number) => pageBy('issuedBy', userId, after, limit),
};
