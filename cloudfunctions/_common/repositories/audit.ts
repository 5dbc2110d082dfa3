import { auditRecord, type AuditEntry } from '../audit';
import { Collections } from '../collections';
import type { Tx } from './base';

/**
 * The one way to write an audit record: inside the transaction of the privileged change it records,
 * so both commit or neither does (a failed audit insert aborts the change with it).
 */
export async function auditIn(tx: Tx, entry: AuditEntry, now: Date): Promise<void> {
  await tx.collection(Collections.audit).add(auditRecord(entry, now));
}
