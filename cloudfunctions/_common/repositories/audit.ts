import type { AuditEntry } from '../audit';
import { Collections } from '../collections';
import type { Tx } from './base';

/**
 * The one way to write an audit record, and the only code that names the audit collection: inside
 * the transaction of the privileged change it records, so both commit or neither does (a failed
 * audit insert aborts the change with it). There is deliberately no way to write one on its own.
 */
export async function auditIn(tx: Tx, entry: AuditEntry, now: Date): Promise<void> {
  await tx.collection(Collections.audit).add({ ...entry, at: now });
}

/** Several records in one insert (a bulk change, e.g. a roster import's chunk), inside the change's transaction like `auditIn`. */
export async function auditManyIn(tx: Tx, entries: AuditEntry[], now: Date): Promise<void> {
  if (entries.length > 0) await tx.collection(Collections.audit).add(entries.map((entry) => ({ ...entry, at: now })));
}
