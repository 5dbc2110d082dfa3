import { createHash } from 'node:crypto';
import type { AuditEntry } from '../audit';
import { Collections } from '../collections';
import type { ExportDoc, FileDeletionDoc } from '../docs';
import { database } from '../sdk';
import { auditIn } from './audit';
import { applied, refused, type RepoResult } from './outcome';
import { inTransaction, isTxConflict } from './base';

const exportsColl = () => database().collection(Collections.exports);
const deletionsColl = () => database().collection(Collections.fileDeletions);

/** One record per file, however often its deletion fails. */
const deletionId = (fileID: string) => createHash('sha256').update(fileID).digest('hex').slice(0, 32);

export const exportsRepo = {
  /**
   * Records an export and its audit in one transaction. The file itself is already uploaded (storage
   * cannot join a transaction): the export exists for the system once this record does, so the audit
   * commits with the record. False: lost to contention (nothing written).
   */
  async create(doc: ExportDoc, audit: AuditEntry): Promise<RepoResult<null, 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx) => {
      await tx.collection(Collections.exports).add(doc);
      await auditIn(tx, audit, doc.createdAt);
      return applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /** The caller's own export with this fileID, or null (someone else's reads as missing). */
  async ownByFileId(fileID: string, creatorOpenid: string): Promise<ExportDoc | null> {
    const { data } = await exportsColl().where({ fileID, creatorOpenid }).limit(1).get();
    return (data[0] as ExportDoc | undefined) ?? null;
  },

  async olderThan(before: Date, limit: number): Promise<ExportDoc[]> {
    const _ = database().command;
    const { data } = await exportsColl().where({ createdAt: _.lt(before) }).limit(limit).get();
    return data as ExportDoc[];
  },

  async remove(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const _ = database().command;
    const { deleted } = await exportsColl().where({ _id: _.in(ids) }).remove();
    return deleted as number;
  },
};

export const fileDeletionsRepo = {
  async record(fileIDs: string[], reason: string, now: Date): Promise<void> {
    for (const fileID of fileIDs) {
      const doc: Omit<FileDeletionDoc, '_id'> = { fileID, reason, since: now };
      await deletionsColl().doc(deletionId(fileID)).set(doc);
    }
  },

  async pending(limit: number): Promise<FileDeletionDoc[]> {
    const { data } = await deletionsColl().limit(limit).get();
    return data as FileDeletionDoc[];
  },

  async done(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const _ = database().command;
    await deletionsColl().where({ _id: _.in(ids) }).remove();
  },
};
